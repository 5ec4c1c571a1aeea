// UI checks of the INSTALLED .vsix in code-server's web workbench, driven by playwright-core +
// Debian's Chromium: what a user sees (squiggle on the right key, the problem's hover, the
// Problems panel row, the DNS-name CodeLens and its quick pick, the NodePort hover, the DNS quick
// fix), with PNG screenshots.
// Usage: node e2e/ui.mjs <code-server-url> <workspace-folder> [screenshot-dir]
// Env: CHROMIUM (default /usr/bin/chromium), E2E_ARTIFACTS (where failure screenshots go,
//      default the OS temp dir), E2E_VERBOSE=1.
// Add a check = add an entry to `checks` below; each may save a screenshot.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [url, folder, shotsArg] = process.argv.slice(2);
if (!url || !folder) {
  console.error('usage: node e2e/ui.mjs <code-server-url> <workspace-folder> [screenshot-dir]');
  process.exit(2);
}
const shots = path.resolve(shotsArg || path.join(HERE, 'screenshots'));
const artifacts = process.env.E2E_ARTIFACTS || os.tmpdir();
fs.mkdirSync(shots, { recursive: true });
const t0 = Date.now();
const log = (m) => console.log(`[ui +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// Where the blamed key is in the fixture (1-based, as the Problems panel shows it).
const BROKEN = 'broken-service.yaml';
const brokenLines = fs.readFileSync(path.join(folder, BROKEN), 'utf8').split('\n');
const keyLine = brokenLines.findIndex((l) => /^\s*poarts:/.test(l)) + 1;
const keyCol = brokenLines[keyLine - 1].indexOf('poarts') + 1;
if (keyLine < 1) throw new Error(`${BROKEN} has no poarts: key`);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 620 }, // README-sized PNGs (60-90 KB each)
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// The clipboard API (vscode.env.clipboard in the web workbench) needs these in headless Chromium.
await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
const page = ctx.pages()[0] ?? await ctx.newPage();
page.setDefaultTimeout(60000); // generous: a loaded 2-core CI machine; every wait is on a condition
if (process.env.E2E_VERBOSE) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
const editor = page.locator('.editor-instance .monaco-editor').first();
const SQUIGGLES = '.squiggly-error, .squiggly-warning, .squiggly-info';
const shot = (name) => page.screenshot({ path: path.join(shots, name) });

async function openFile(name, lineText) {
  await page.getByRole('treeitem', { name }).click();
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await editor.locator('.view-line', { hasText: lineText }).waitFor();
}

/**
 * Hovers `target` (a locator) until the editor hover containing `text` shows, and returns it once
 * its content is final and its fade-in animation is over. The mouse is moved off and back on
 * between tries: a hover request that raced with the document opening is not repeated by itself.
 */
async function hoverUntil(target, text, ready = /./) {
  const hover = page.locator('.monaco-hover:visible', { hasText: text }).first();
  for (let tries = 1; ; tries++) {
    await target.hover();
    try {
      await hover.waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      if (tries >= 8) throw e;
      await page.mouse.move(5, 5);
    }
  }
  const pending = /Checking\s+for\s+quick\s+fixes|Loading\.\.\./;
  for (const end = Date.now() + 20000; ;) {
    const t = (await hover.innerText()).replace(/\s+/g, ' ');
    if (ready.test(t) && !pending.test(t)) break;
    if (Date.now() > end) throw new Error(`the hover did not settle: ${JSON.stringify(t.slice(0, 300))}`);
    await page.waitForTimeout(100);
  }
  await hover.evaluate(async (el) => {
    const running = document.getAnimations().filter((a) => {
      const t = a.effect?.target;
      return t && (t.contains(el) || el.contains(t)) && a.effect.getComputedTiming().endTime !== Infinity;
    });
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  });
  return hover;
}

async function closeHover() {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-hover:visible').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/** Screen rectangles of the text `key` on its editor line and of every squiggle on that line. */
async function keyAndSquiggles(key) {
  return editor.evaluate((ed, { key, sel }) => {
    const line = [...ed.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.includes(`${key}:`));
    if (!line) return null;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let range = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent.indexOf(key);
      if (i >= 0) { range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + key.length); break; }
    }
    if (!range) return null;
    const box = (r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    const k = box(range.getBoundingClientRect());
    const squiggles = [...ed.querySelectorAll(sel)].map((e) => box(e.getBoundingClientRect()))
      .filter((s) => s.bottom > k.top && s.top < k.bottom); // same line
    return { key: k, squiggles };
  }, { key, sel: SQUIGGLES });
}

const checks = [
  ['squiggle under exactly the key `poarts`', async () => {
    await openFile(BROKEN, 'poarts:');
    await editor.locator(SQUIGGLES).first().waitFor();
    let geo;
    // Squiggles can be painted in pieces while tokens and markers arrive; poll until one covers the key.
    for (const end = Date.now() + 10000; Date.now() < end;) {
      geo = await keyAndSquiggles('poarts');
      if (geo && geo.squiggles.some((s) => Math.abs(s.left - geo.key.left) <= 2 && Math.abs(s.right - geo.key.right) <= 2)) break;
      await page.waitForTimeout(100);
    }
    if (!geo) throw new Error('line with poarts: not rendered');
    const near = (a, b) => Math.abs(a - b) <= 2;
    const exact = geo.squiggles.filter((s) => near(s.left, geo.key.left) && near(s.right, geo.key.right));
    if (exact.length !== 1) {
      throw new Error(`expected one squiggle spanning x=${geo.key.left.toFixed(0)}..${geo.key.right.toFixed(0)} (the key), `
        + `got ${JSON.stringify(geo.squiggles.map((s) => [Math.round(s.left), Math.round(s.right)]))}`);
    }
    log(`squiggle x=${Math.round(exact[0].left)}..${Math.round(exact[0].right)} = key poarts x=${Math.round(geo.key.left)}..${Math.round(geo.key.right)}`);
    await shot('1-squiggle.png');
  }],

  ['hover over the key shows the problem with its source and rule id', async () => {
    const hover = await hoverUntil(editor.locator('.view-line', { hasText: 'poarts:' }).getByText('poarts').first(), 'schema-unknown-field',
      /Quick Fix|No quick fixes available/); // the marker hover's status line, once the code-action lookup is done
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    if (!text.includes('k8s-network-lens')) throw new Error(`hover lacks the source: ${text}`);
    log(`hover: ${JSON.stringify(text.slice(0, 240))}`);
    await shot('2-hover-problem.png');
    await closeHover();
  }],

  // run-all.sh passes the code-server extensions dir: the server must run from the installed .vsix
  // (not from the repository, which phase 1 loaded as the development extension).
  ...(process.env.E2E_EXTENSIONS_DIR && fs.existsSync('/proc/self/cmdline') ? [['the language server runs from the installed .vsix', async () => {
    const dir = path.resolve(process.env.E2E_EXTENSIONS_DIR);
    const cmds = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map((p) => {
      try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' '); } catch { return ''; }
    });
    const hit = cmds.find((c) => c.includes(`${dir}/k8s-network-lens.k8s-network-lens-`) && /server\/out\/server\.js/.test(c));
    if (!hit) throw new Error(`no server/out/server.js process under ${dir}`);
    log(`server: ${hit.slice(0, 200)}`);
  }]] : []),

  ['Problems panel lists the problem at the key', async () => {
    await editor.click();
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'schema-unknown-field' });
    await row.first().waitFor();
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    log(`problems row: ${JSON.stringify(text)}`);
    for (const want of ['poarts', 'k8s-network-lens', `[Ln ${keyLine}, Col ${keyCol}]`]) {
      if (!text.includes(want)) throw new Error(`row lacks ${JSON.stringify(want)}: ${text}`);
    }
    await shot('3-problems-panel.png');
    await page.keyboard.press('Control+J'); // hide the panel again: more editor for the next screenshots
    await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  }],

  ['CodeLens shows the DNS name; clicking it offers the names and copies the chosen one', async () => {
    const name = 'api-service.default.svc.cluster.local';
    await openFile('api-service.yaml', 'kind: Service');
    const lens = editor.locator('.codelens-decoration a', { hasText: name });
    await lens.waitFor();
    await lens.click();
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row', { hasText: name }).first().waitFor();
    const rows = (await pick.locator('.monaco-list-row').allInnerTexts()).map((t) => t.trim());
    log(`quick pick: ${JSON.stringify(rows)}`);
    if (!rows.some((r) => r === 'api-service')) throw new Error(`short name missing from the pick: ${rows}`);
    await shot('4-codelens-pick.png');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar', { hasText: `Copied ${name}` }).waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    if (clip !== name) throw new Error(`clipboard has ${JSON.stringify(clip)}`);
  }],

  ['hover on `type: NodePort` explains it', async () => {
    await openFile('nodeport-service.yaml', 'type: NodePort');
    const hover = await hoverUntil(editor.locator('.view-line', { hasText: 'type: NodePort' }).getByText('NodePort').first(), 'type: NodePort');
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    log(`hover: ${JSON.stringify(text.slice(0, 240))}`);
    if (!/every node/.test(text) || !text.includes('30080')) throw new Error(`unexpected hover: ${text}`);
    await shot('5-hover-nodeport.png');
    await closeHover();
  }],

  ['quick fix "Allow DNS egress to kube-dns (UDP+TCP 53)" from the lightbulb menu', async () => {
    const title = 'Allow DNS egress to kube-dns (UDP+TCP 53)';
    await openFile('egress-without-dns.yaml', '- Egress');
    await editor.locator(SQUIGGLES).first().waitFor();
    await editor.locator('.view-line', { hasText: '- Egress' }).getByText('Egress').first().click();
    await page.keyboard.press('Control+.');
    // The preferred fix is the focused entry of the menu: Enter applies it, as a user would.
    const item = page.locator('.action-widget .monaco-list-row.focused', { hasText: title }).first();
    await item.waitFor();
    await shot('6-quickfix-menu.png');
    await page.keyboard.press('Enter');
    await editor.locator(SQUIGGLES).first().waitFor({ state: 'detached' });
    await page.keyboard.press('Control+End'); // the rule is appended below: scroll it into view
    await editor.locator('.view-line', { hasText: 'k8s-app: kube-dns' }).waitFor();
    for (const proto of ['UDP', 'TCP']) {
      const n = await editor.locator('.view-line', { hasText: `protocol: ${proto}` }).count();
      if (n < 1) throw new Error(`no "protocol: ${proto}" line after the fix`);
    }
    await editor.locator('.view-line', { hasText: 'port: 53' }).first().waitFor();
    log('fix applied: kube-dns egress rule (UDP+TCP 53) inserted, squiggle gone');
    await shot('7-quickfix-applied.png');
  }],
];

let passed = 0;
let failed = 0;
try {
  await page.goto(`${url}/?folder=${encodeURIComponent(path.resolve(folder))}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.getByRole('treeitem', { name: BROKEN }).waitFor();
  log('workbench loaded');
  for (const [name, fn] of checks) {
    try {
      await fn();
      passed++;
      log(`PASS ${name}`);
    } catch (e) {
      failed++;
      log(`FAIL ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
      const p = path.join(artifacts, `ui-fail-${passed + failed}.png`);
      await page.screenshot({ path: p }).then(() => log(`  screenshot of the failure: ${p}`), () => undefined);
    }
  }
} catch (e) {
  failed++;
  log(`FAIL workbench: ${String(e?.message ?? e).split('\n')[0]}`);
} finally {
  await ctx.close().catch(() => undefined);
  fs.rmSync(profile, { recursive: true, force: true });
}
log(`screenshots in ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
