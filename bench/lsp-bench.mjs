// LSP-level benchmark: spawns the BUILT server (`node server/out/server.js --stdio`) and, in the same run, the
// `yaml` package alone (the parse floor) and yaml-language-server 1.25 (when `npm run bench:setup` installed it),
// on generated multi-document files. Writes bench/results/latest.json and prints a table with the ratios.
//
//   npm run bench                         (= node bench/lsp-bench.mjs)
//   node bench/lsp-bench.mjs --sizes 1000,5000 --runs 5 --edits 20 --hovers 50 [--no-yaml-ls] [--vsix] [--out file]
//
// Every number is wall-clock milliseconds from the client's side (request sent -> answer or diagnostics received).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './generate.mjs';
import { LspClient } from './lsp-client.mjs';
import { buildSync } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const flag = (name) => process.argv.includes(`--${name}`);
const SIZES = arg('sizes', '1000,5000').split(',').map(Number);
const RUNS = Number(arg('runs', '5'));
const EDITS = Number(arg('edits', '20'));
const HOVERS = Number(arg('hovers', '50'));
const LENS_EDITS = Number(arg('lens-edits', '10'));
const SETTLE_MS = Number(arg('settle-ms', '2000'));
const SEED = Number(arg('seed', '1'));
const OUT = resolve(arg('out', join(here, 'results', 'latest.json')));

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const log = (...a) => console.error(...a);

// ---------------------------------------------------------------- servers

const OURS_BIN = join(root, 'server', 'out', 'server.js');
const YAMLLS_BIN = join(here, 'yaml-ls', 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const UPSTREAM = resolve(root, '..', 'shared', 'upstream', 'kubernetes-json-schema');

/** A local schema that sends each document to the upstream schema of its kind (Service, NetworkPolicy), offline. */
function yamlLsSchema() {
  const dir = join(here, 'out');
  mkdirSync(dir, { recursive: true });
  const service = pathToFileURL(join(UPSTREAM, 'service-v1.json')).href;
  const netpol = pathToFileURL(join(UPSTREAM, 'older', 'networkpolicy-networking-v1.json')).href;
  const byKind = (kind, ref) => ({ if: { properties: { kind: { const: kind } }, required: ['kind'] }, then: { $ref: ref } });
  const file = join(dir, 'kubernetes-local.schema.json');
  writeFileSync(file, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', allOf: [byKind('Service', service), byKind('NetworkPolicy', netpol)] }, null, 2));
  return { combined: pathToFileURL(file).href, service, netpol };
}

function servers() {
  const list = [
    {
      name: 'ours',
      argv: [process.execPath, OURS_BIN, '--stdio'],
      init: { settings: { k8sNetworkLens: {} } },
      configuration: (section) => (section === 'k8sNetworkLens' ? {} : null),
      versioned: true,
    },
  ];
  if (!flag('no-yaml-ls') && existsSync(YAMLLS_BIN)) {
    const schema = yamlLsSchema();
    const yaml = {
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      // The Kubernetes schemas from ../shared/upstream, mapped locally (no network).
      schemas: { [schema.combined]: ['*.yaml', '*.yml'] },
    };
    list.push({
      name: 'yamlls',
      argv: [process.execPath, YAMLLS_BIN, '--stdio'],
      configuration: (section) => (section === 'yaml' ? yaml : section === 'http' ? { proxy: '', proxyStrictSSL: false } : {}),
      versioned: false,
      version: JSON.parse(readFileSync(join(dirname(YAMLLS_BIN), '..', 'package.json'), 'utf8')).version,
    });
  } else if (!flag('no-yaml-ls')) {
    log('yaml-language-server is not installed (npm run bench:setup); measuring without it');
  }
  return list;
}

const CAPS = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeLens: {},
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

// ---------------------------------------------------------------- the scenario

/** Where to type, hover and ask for lenses: the Service nearest the middle of the file. */
function targets(text) {
  const mid = text.length >> 1;
  let at = text.indexOf('\nkind: Service\n', mid);
  if (at < 0) at = text.lastIndexOf('\nkind: Service\n', mid);
  const nameLine = text.indexOf('\n  name: ', at) + 1;
  const nameEnd = text.indexOf('\n', nameLine);
  const portKey = text.indexOf('\n      port: ', at) + 7;
  return { editAt: nameEnd, hoverAt: portKey + 1 };
}

function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

async function start(server, folder) {
  const client = new LspClient(server.argv, { configuration: server.configuration, cwd: root });
  // The workspace is the folder holding just the generated file (our server indexes its workspace folders).
  const { result, at } = await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
    capabilities: CAPS,
    initializationOptions: server.init,
  });
  const initializeMs = at - client.started;
  client.notify('initialized', {});
  if (server.name === 'yamlls') {
    // yaml-language-server pulls its settings (workspace/configuration) when told they changed.
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    await new Promise((r) => setTimeout(r, 300));
  }
  return { client, initializeMs, capabilities: result.capabilities };
}

async function openAndWait(client, uri, text) {
  const diag = client.next('textDocument/publishDiagnostics', (p) => p.uri === uri);
  const t = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const { params, at } = await diag;
  return { ms: at - t, diagnostics: params.diagnostics.length };
}

async function scenario(server, n, file, text, full) {
  const uri = pathToFileURL(file).href;
  const { client, initializeMs, capabilities } = await start(server, dirname(file));
  const out = { initializeMs: round(initializeMs) };
  try {
    const cpuBeforeOpen = client.cpuMs();
    const open = await openAndWait(client, uri, text);
    out.openCpuMs = round(client.cpuMs() - cpuBeforeOpen);
    out.openMs = round(open.ms);
    out.diagnostics = open.diagnostics;
    if (!full) return out;

    const { editAt, hoverAt } = targets(text);
    const pos = positionAt(text, editAt);
    const edits = [];
    let version = 1;
    let lastCount = open.diagnostics;
    // Let background work after the open (our workspace scan, their schema loading) finish before the edits.
    await new Promise((r) => setTimeout(r, 1000));
    const cpuBeforeEdits = client.cpuMs();
    for (let i = 0; i < EDITS; i++) {
      version++;
      const v = version;
      const ch = String.fromCharCode(97 + (i % 26));
      const at = { line: pos.line, character: pos.character + i };
      const diag = client.next('textDocument/publishDiagnostics', (p) => p.uri === uri && (!server.versioned || p.version === v));
      const t = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: at, end: at }, text: ch }] });
      const r = await diag;
      edits.push(r.at - t);
      lastCount = r.params.diagnostics.length;
    }
    out.editMs = round(median(edits));
    out.editCpuMs = round((client.cpuMs() - cpuBeforeEdits) / EDITS);
    out.editMsAll = edits.map((x) => round(x));
    out.diagnosticsAfterEdits = lastCount;

    const hoverPos = positionAt(text, hoverAt);
    if (capabilities.hoverProvider) {
      const hovers = [];
      let sample;
      for (let i = 0; i < HOVERS; i++) {
        const t = performance.now();
        const { result, at } = await client.request('textDocument/hover', { textDocument: { uri }, position: hoverPos });
        hovers.push(at - t);
        sample ??= result;
      }
      out.hoverMs = round(median(hovers), 2);
      out.hoverAnswered = !!sample;
    } else {
      out.hoverMs = null;
      out.hoverNote = 'textDocument/hover not supported by this server build';
    }
    // The issue's memory target: after the edits and the hovers. CodeLens (whole file) comes after, reported apart.
    const afterHovers = client.memory();
    out.peakMB = round(afterHovers.peakMB);
    if (capabilities.codeLensProvider) {
      const lenses = [];
      const parsed = [];
      let count = 0;
      for (let i = 0; i < HOVERS; i++) {
        const t = performance.now();
        const { result, at, parsedAt } = await client.request('textDocument/codeLens', { textDocument: { uri } });
        lenses.push(at - t);
        parsed.push(parsedAt - t);
        count = result?.length ?? 0;
      }
      out.codeLensMs = round(median(lenses), 2);
      // With the client's own JSON.parse of the answer (the same client for every server), for the record.
      out.codeLensParsedMs = round(median(parsed), 2);
      out.codeLenses = count;
      // What an editor asks after each change: the first CodeLens request for a new version (after its diagnostics,
      // as VS Code asks once the typing pauses). Nothing of the previous answer can be reused as it is.
      const fresh = [];
      for (let i = 0; i < LENS_EDITS; i++) {
        version++;
        const v = version;
        const at = { line: pos.line, character: pos.character + EDITS + i };
        const diag = client.next('textDocument/publishDiagnostics', (p) => p.uri === uri && (!server.versioned || p.version === v));
        client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: at, end: at }, text: 'z' }] });
        await diag;
        const t = performance.now();
        const { at: got } = await client.request('textDocument/codeLens', { textDocument: { uri } });
        fresh.push(got - t);
      }
      out.codeLensAfterEditMs = round(median(fresh), 2);
    } else {
      out.codeLensMs = null;
      out.codeLensNote = 'textDocument/codeLens not supported by this server build';
    }
    const mem = client.memory();
    out.peakAfterLensMB = round(mem.peakMB);
    out.rssMB = round(mem.rssMB);
    return out;
  } finally {
    await client.shutdown();
  }
}

function floor(file) {
  const r = spawnSync(process.execPath, [join(here, 'parse-floor.mjs'), file, '3'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * What the extension does on activation, without VS Code: load the client bundle as the .vsix ships it (minified,
 * `vscode` stubbed). `activate` does not wait for the server (it starts in the background), so this is the
 * activation cost; the server's start to initialized is reported beside it.
 */
function shippedClient() {
  const out = join(here, 'out', 'extension.min.js');
  buildSync({ entryPoints: [join(root, 'client', 'src', 'extension.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, external: ['vscode'], logLevel: 'warning' });
  return out;
}

function clientLoadMs(bundle) {
  const script = `
    const Module = require('node:module');
    const orig = Module._resolveFilename;
    Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : orig.call(this, req, ...rest); };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: new Proxy({}, { get: () => new Proxy(function () {}, { get: () => ({}) }) }) };
    const t = performance.now();
    const ext = require(${JSON.stringify(bundle)});
    const ms = performance.now() - t;
    process.stdout.write(JSON.stringify({ ms, activate: typeof ext.activate }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) return { ms: null, error: r.stderr.slice(0, 300) };
  return JSON.parse(r.stdout);
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model,
    node: process.version,
    memoryGB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGB: round(freemem() / 2 ** 30, 1),
    loadavgAtStart: loadavg().map((x) => round(x, 2)),
  };
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(OURS_BIN)) throw new Error('server/out/server.js is missing: run `npm run build` first');
  const results = { date: new Date().toISOString(), machine: machine(), config: { sizes: SIZES, runs: RUNS, edits: EDITS, hovers: HOVERS, lensEdits: LENS_EDITS, seed: SEED }, sizes: {} };
  const list = servers();
  results.servers = Object.fromEntries(list.map((s) => [s.name, s.name === 'ours' ? 'server/out/server.js --stdio' : `yaml-language-server ${s.version} --stdio`]));
  log(`machine: ${JSON.stringify(results.machine)}`);
  if (results.machine.loadavgAtStart[0] > results.machine.nproc * 0.75) {
    log(`warning: load average ${results.machine.loadavgAtStart[0]} on ${results.machine.nproc} cores: other work is running, and wall times will say as much about it as about the servers`);
  }

  const loads = [];
  const bundle = shippedClient();
  for (let i = 0; i < 3; i++) loads.push(clientLoadMs(bundle));
  results.activation = { clientLoadMs: round(median(loads.map((l) => l.ms))), error: loads.find((l) => l.error)?.error };

  for (const n of SIZES) {
    const dir = join(here, 'out');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `docs-${n}`, 'all.yaml');
    const text = generate(n, SEED);
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    const r = { documents: n, bytes: Buffer.byteLength(text), floor: [], runs: {} };
    for (const s of list) r.runs[s.name] = [];
    log(`\n${n} documents, ${(r.bytes / 1024).toFixed(0)} KB`);
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so that a busy moment of a shared machine does not fall on one contestant only.
      const f = floor(file);
      r.floor.push(f);
      log(`  run ${run + 1}: yaml parse cold ${f.coldMs.toFixed(0)} ms, warm ${f.warmMs.toFixed(0)} ms`);
      // Alternating who goes first, and letting the machine settle after the previous process (yaml-language-server
      // leaves gigabytes to reclaim), so that neither contestant always inherits the other's aftermath.
      for (const s of run % 2 ? [...list].reverse() : list) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const res = await scenario(s, n, file, text, run === 0);
        r.runs[s.name].push(res);
        log(`  run ${run + 1}: ${s.name} ${JSON.stringify({ ...res, editMsAll: undefined })}`);
      }
    }
    r.summary = summarise(r, list);
    results.sizes[n] = r;
  }
  const oursInit = median(Object.values(results.sizes).flatMap((s) => s.runs.ours.map((x) => x.initializeMs)));
  results.activation.serverInitializeMs = round(oursInit);
  results.activation.totalMs = round((results.activation.clientLoadMs ?? NaN) + oursInit);
  if (flag('vsix')) results.vsix = vsix();
  results.machine.loadavgAtEnd = loadavg().map((x) => round(x, 2));
  results.targets = targetsMet(results);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
  console.log(table(results));
  log(`\nwritten ${OUT}`);
  if (!flag('no-readme') && OUT === resolve(join(here, 'results', 'latest.json'))) updateReadme(results);
}

/** Replaces the results between the markers of bench/README.md (the rest of the file is left alone). */
export function updateReadme(results) {
  const file = join(here, 'README.md');
  const start = '<!-- lsp-bench:results:start -->';
  const end = '<!-- lsp-bench:results:end -->';
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const m = results.machine;
  const body = [
    `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${m.nproc} × ${m.cpu}, ${m.memoryGB} GB, node ${m.node}; load average ${m.loadavgAtStart.join(' / ')} at start, ${m.loadavgAtEnd.join(' / ')} at the end (1/5/15 min). Compared with ${results.servers.yamlls ?? 'no yaml-language-server (not installed)'}.`,
    '',
    table(results),
  ].join('\n');
  writeFileSync(file, text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b));
  log(`updated ${file}`);
}

function summarise(r, list) {
  const s = { floorColdMs: round(median(r.floor.map((f) => f.coldMs))), floorWarmMs: round(median(r.floor.map((f) => f.warmMs))) };
  for (const { name } of list) {
    const runs = r.runs[name];
    const first = runs[0];
    s[name] = {
      initializeMs: round(median(runs.map((x) => x.initializeMs))),
      openMs: round(median(runs.map((x) => x.openMs))),
      openMsAll: runs.map((x) => x.openMs),
      openCpuMs: round(median(runs.map((x) => x.openCpuMs))),
      editCpuMs: first.editCpuMs,
      diagnostics: first.diagnostics,
      editMs: first.editMs,
      hoverMs: first.hoverMs,
      codeLensMs: first.codeLensMs,
      codeLensParsedMs: first.codeLensParsedMs,
      codeLensAfterEditMs: first.codeLensAfterEditMs,
      peakMB: first.peakMB,
      peakAfterLensMB: first.peakAfterLensMB,
      notes: [first.hoverNote, first.codeLensNote].filter(Boolean),
    };
  }
  if (s.yamlls) {
    s.ratios = {
      editSpeedup: round(s.yamlls.editMs / s.ours.editMs),
      openSpeedup: round(s.yamlls.openMs / s.ours.openMs, 2),
      openOverParseCold: round(s.ours.openMs / s.floorColdMs, 2),
      openOverParseWarm: round(s.ours.openMs / s.floorWarmMs, 2),
      memory: round(s.yamlls.peakMB / s.ours.peakMB, 1),
    };
  } else {
    s.ratios = { openOverParseCold: round(s.ours.openMs / s.floorColdMs, 2), openOverParseWarm: round(s.ours.openMs / s.floorWarmMs, 2) };
  }
  return s;
}

function targetsMet(results) {
  const big = results.sizes[5000]?.summary;
  const t = [];
  const check = (name, ok, detail) => t.push({ target: name, met: ok, detail });
  if (big) {
    check('edit to diagnostics at 5,000 docs < 50 ms', big.ours.editMs < 50, `${big.ours.editMs} ms`);
    if (big.ratios.editSpeedup != null) check('edit to diagnostics >= 30x faster than yaml-language-server', big.ratios.editSpeedup >= 30, `${big.ratios.editSpeedup}x`);
    check('peak memory at 5,000 docs < 250 MB', big.ours.peakMB < 250, `${big.ours.peakMB} MB`);
    check('hover < 10 ms at 5,000 docs', big.ours.hoverMs != null && big.ours.hoverMs < 10, big.ours.hoverMs == null ? 'hover not available' : `${big.ours.hoverMs} ms`);
    const lens = [big.ours.codeLensMs, big.ours.codeLensAfterEditMs];
    check('CodeLens < 10 ms at 5,000 docs (repeated / first after an edit)', lens.every((x) => x != null && x < 10), lens[0] == null ? 'CodeLens not available' : `${lens[0]} ms / ${lens[1]} ms`);
  }
  for (const [n, r] of Object.entries(results.sizes)) {
    const s = r.summary;
    check(`open to diagnostics at ${n} docs <= 1.5x the yaml parse (cold)`, s.ratios.openOverParseCold <= 1.5, `${s.ratios.openOverParseCold}x (warm parse: ${s.ratios.openOverParseWarm}x)`);
    if (s.ratios.openSpeedup != null) check(`open to diagnostics at ${n} docs >= 2x faster than yaml-language-server`, s.ratios.openSpeedup >= 2, `${s.ratios.openSpeedup}x`);
  }
  check('activation < 100 ms (load the shipped client; the server starts in the background)', results.activation.clientLoadMs < 100, `${results.activation.clientLoadMs} ms`);
  if (results.vsix) check('.vsix < 1 MB', results.vsix.bytes < 1024 * 1024, `${results.vsix.kB} kB`);
  return t;
}

function vsix() {
  const r = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  const file = join(root, 'k8s-network-lens.vsix');
  if (r.status !== 0 || !existsSync(file)) return { error: (r.stderr || r.stdout).slice(-500) };
  const bytes = statSync(file).size;
  return { bytes, kB: round(bytes / 1024) };
}

export function table(results) {
  const rows = [];
  const f = (x, unit = ' ms') => (x == null ? 'n/a' : `${x}${unit}`);
  rows.push('| documents | measure | ours | yaml-language-server | ratio |');
  rows.push('|---:|---|---:|---:|---:|');
  for (const [n, r] of Object.entries(results.sizes)) {
    const s = r.summary;
    const y = s.yamlls;
    const label = `${Number(n).toLocaleString('en-US')} (${(r.bytes / 1024).toFixed(0)} KB)`;
    rows.push(`| ${label} | \`yaml\` parseAllDocuments, whole file: cold / warm | ${f(s.floorColdMs)} / ${f(s.floorWarmMs)} | | |`);
    rows.push(`| | start to initialized | ${f(s.ours.initializeMs)} | ${f(y?.initializeMs)} | |`);
    rows.push(`| | open to first diagnostics | ${f(s.ours.openMs)} (${s.ratios.openOverParseCold}x cold parse) | ${f(y?.openMs)} | ${y ? `${s.ratios.openSpeedup}x faster` : ''} |`);
    rows.push(`| | server CPU time for the open | ${f(s.ours.openCpuMs)} | ${f(y?.openCpuMs)} | |`);
    rows.push(`| | one-character edit to diagnostics (median of ${results.config.edits}) | ${f(s.ours.editMs)} | ${f(y?.editMs)} | ${y ? `${s.ratios.editSpeedup}x faster` : ''} |`);
    rows.push(`| | server CPU time per edit (mean of ${results.config.edits}) | ${f(s.ours.editCpuMs)} | ${f(y?.editCpuMs)} | |`);
    rows.push(`| | hover (median of ${results.config.hovers}) | ${f(s.ours.hoverMs)} | ${f(y?.hoverMs)} | |`);
    const parsed = (x) => (x?.codeLensParsedMs == null ? '' : ` / ${f(x.codeLensParsedMs)}`);
    rows.push(`| | CodeLens, whole file: received / parsed by the client (median of ${results.config.hovers}) | ${f(s.ours.codeLensMs)}${parsed(s.ours)} | ${f(y?.codeLensMs)}${parsed(y)} | |`);
    rows.push(`| | CodeLens, first request after an edit (median of ${results.config.lensEdits}) | ${f(s.ours.codeLensAfterEditMs)} | ${f(y?.codeLensAfterEditMs)} | |`);
    rows.push(`| | peak memory (VmHWM) after ${results.config.edits} edits and ${results.config.hovers} hovers | ${f(s.ours.peakMB, ' MB')} | ${f(y?.peakMB, ' MB')} | ${y ? `${s.ratios.memory}x less` : ''} |`);
    rows.push(`| | peak memory after the CodeLens requests (${results.config.hovers} + ${results.config.lensEdits} after edits) | ${f(s.ours.peakAfterLensMB, ' MB')} | ${f(y?.peakAfterLensMB, ' MB')} | |`);
    rows.push(`| | diagnostics on open | ${s.ours.diagnostics} | ${y?.diagnostics ?? 'n/a'} | |`);
  }
  const a = results.activation;
  const lines = [rows.join('\n'), '', `Activation without VS Code: load the shipped (minified) client ${f(a.clientLoadMs)}; activate() returns without waiting for the server, whose start to initialized takes ${f(a.serverInitializeMs)} in the background.`];
  if (results.vsix) lines.push(`.vsix: ${results.vsix.kB != null ? `${results.vsix.kB} kB` : `failed: ${results.vsix.error}`}.`);
  lines.push('', '| target | met | measured |', '|---|---|---|');
  for (const t of results.targets) lines.push(`| ${t.target} | ${t.met ? 'yes' : '**no**'} | ${t.detail} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
