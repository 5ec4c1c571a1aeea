// Workspace index benchmark: generates a workspace of N YAML files (default 2,000; Deployments, Services and
// NetworkPolicies from bench/generate.mjs, three documents a file, 20 folders), starts the BUILT server on it and,
// while the background scan runs, opens a file and edits it: the open file's diagnostics must keep arriving
// promptly (the scan yields to the event loop). Reports the scan time, the edit->diagnostics latencies during and
// after the scan, and the server's memory.
//
//   npm run bench:workspace            (= npm run build && node bench/workspace-index.mjs)
//   node bench/workspace-index.mjs --files 2000 --edits 10 [--keep] [--out results.json]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './generate.mjs';
import { LspClient } from './lsp-client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const FILES = Number(arg('files', '2000'));
const EDITS = Number(arg('edits', '10'));
const OUT = arg('out');
const log = (...a) => console.error(...a);
const round = (x) => Math.round(x * 10) / 10;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};

// ---- the workspace: FILES files of 3 documents each, 20 folders
const dir = mkdtempSync(join(tmpdir(), 'knl-ws-bench-'));
const docs = generate(FILES * 3, 7).split('\n---\n');
for (let f = 0; f < FILES; f++) {
  const folder = join(dir, `team-${f % 20}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `app-${f}.yaml`), docs.slice(f * 3, f * 3 + 3).join('\n---\n') + '\n');
}
const openPath = join(dir, 'team-0', 'app-0.yaml');
const openUri = pathToFileURL(openPath).href;
const openText = docs.slice(0, 3).join('\n---\n') + '\n';
log(`generated ${FILES} files (${FILES * 3} documents) in ${dir}`);

// ---- the server
const server = new LspClient([process.execPath, join(root, 'server', 'out', 'server.js'), '--stdio'], {
  cwd: root,
  configuration: (section) => (section === 'files' ? { exclude: { '**/.git': true } } : section === 'k8sNetworkLens' ? {} : null),
});
let scanDone;
const scanned = new Promise((res) => (scanDone = res));
server.listeners.add((msg, at) => {
  if (msg.method === 'window/logMessage' && /^Workspace index:/.test(msg.params.message)) scanDone({ message: msg.params.message, at });
});
let scanFinished = false;
void scanned.then(() => (scanFinished = true));

const t0 = performance.now();
await server.request('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(dir).href,
  workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
  capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
});
server.notify('initialized', {});
const started = performance.now();

// Open the file at once, while the scan starts, and edit it repeatedly while the scan runs.
let version = 1;
const publishOf = (v) => server.next('textDocument/publishDiagnostics', (p) => p.uri === openUri && p.version === v);
let pending = publishOf(version);
server.notify('textDocument/didOpen', { textDocument: { uri: openUri, languageId: 'yaml', version, text: openText } });
const first = await pending;
const openLatency = first.at - started;

async function edit() {
  version++;
  const text = openText.replace(/replicas: \d+/, `replicas: ${1 + (version % 5)}`);
  pending = publishOf(version);
  const sent = performance.now();
  server.notify('textDocument/didChange', { textDocument: { uri: openUri, version }, contentChanges: [{ text }] });
  const got = await pending;
  return { ms: got.at - sent, duringScan: !scanFinished };
}

const during = [];
for (let i = 0; i < EDITS && !scanFinished; i++) during.push(await edit());
const scan = await scanned;
const scanMs = scan.at - started;
const memAfterScan = server.memory();
// The scan's end re-publishes the open file with the cross-file checks.
await new Promise((r) => setTimeout(r, 200));
const after = [];
for (let i = 0; i < EDITS; i++) after.push(await edit());
const mem = server.memory();
await server.shutdown();
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });

const result = {
  files: FILES,
  documents: FILES * 3,
  machine: { cpus: cpus().length, loadavg: loadavg().map((x) => round(x)) },
  initializeMs: round(started - t0),
  scanMs: round(scanMs),
  serverLog: scan.message,
  openFileFirstDiagnosticsMs: round(openLatency),
  openFileFirstDiagnosticsBeforeScanEnd: first.at < scan.at,
  editsDuringScan: during.filter((e) => e.duringScan).length,
  editLatencyDuringScanMs: { median: round(median(during.map((e) => e.ms))), max: round(Math.max(...during.map((e) => e.ms), 0)) },
  editLatencyAfterScanMs: { median: round(median(after.map((e) => e.ms))), max: round(Math.max(...after.map((e) => e.ms))) },
  memoryMB: { rssAfterScan: round(memAfterScan.rssMB), peak: round(mem.peakMB) },
};
console.log(JSON.stringify(result, null, 2));
if (OUT) writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
