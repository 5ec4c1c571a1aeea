// Runs the mocha suite (test/e2e/out/suite/index.js) inside code-server's Node extension host,
// the way @vscode/test-electron runs it inside Electron: the web workbench reads
// extensionDevelopmentPath / extensionTestsPath from the `payload` URL parameter, starts the
// remote extension host with them and reports the suite's exit code via window.codeAutomationExit.
// Usage: node e2e/run-ext-tests.mjs <code-server-url> <workspace> <extensionDevelopmentPath> <extensionTestsPath>
// Env: CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (default 180000), E2E_VERBOSE=1.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';

const [url, workspace, devPath, testsPath] = process.argv.slice(2);
if (!url || !workspace || !devPath || !testsPath) {
  console.error('usage: node e2e/run-ext-tests.mjs <code-server-url> <workspace> <extensionDevelopmentPath> <extensionTestsPath>');
  process.exit(2);
}
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 180000);
const verbose = !!process.env.E2E_VERBOSE;
const host = new URL(url).host;
const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(devPath)],
  ['extensionTestsPath', remote(testsPath)],
  ['skipWelcome', 'true'],
]);
// Workbench chatter that says nothing about the extension (offline gallery, service worker, ...).
const noise = /open-vsx|Creating a socket|connection token|ChatSessionStore|Service Worker|builtin extensions cache|vsda|Ignoring option|^\s+at /;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let code = 1;
try {
  // The clipboard API (vscode.env.clipboard in the web workbench) needs these in headless Chromium.
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = ctx.pages()[0] ?? await ctx.newPage();
  const exited = new Promise((resolve) => { void page.exposeFunction('codeAutomationExit', (c) => resolve(c)); });
  // Extension-host console output (mocha's spec reporter) arrives here.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (verbose || !noise.test(line)) console.log(line);
  });
  if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  const target = `${url}/?folder=${encodeURIComponent(path.resolve(workspace))}&payload=${encodeURIComponent(payload)}`;
  await page.goto(target);
  let timer;
  code = await Promise.race([
    exited,
    new Promise((r) => { timer = setTimeout(() => { console.log(`extension tests timed out after ${timeoutMs} ms`); r(2); }, timeoutMs); }),
  ]);
  clearTimeout(timer);
} finally {
  await ctx.close().catch(() => undefined);
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`extension tests exit code: ${code}`);
process.exit(typeof code === 'number' ? code : 1);
