// The CLI and the language server are one engine: on the shared corpus, opened as one workspace folder, every file
// gets exactly the same findings (rule, position, message) from `k8s-network-lens check --format json` and from the
// diagnostics the server publishes. The same holds on each real repository of the precision corpus, the workspaces
// whose findings `npm run precision` judges.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, REPO_ROOT } from '../support/lsp-client';
import { filesBelow, yamlFiles } from '../support/files';
import { runCli } from '../../server/src/cli/run';
import { haveShared } from '../support/shared';

const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
const PRECISION = path.resolve(REPO_ROOT, '../shared/corpus-precision');
const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
/**
 * Files of a precision folder opened in the server: every file with a CLI finding, then a fixed pick of the others
 * (by a hash of the path) up to this many. The server indexes the whole folder either way, so the cross-file findings
 * are those of the whole repository. Opening all 1,120 files of kubeflow-manifests instead would add about 5 s (on two cores).
 */
const SAMPLE = 300;

interface Finding {
  line: number;
  column: number;
  rule: string;
  message: string;
}

const key = (f: Finding) => `${f.line}:${f.column} ${f.rule} ${f.message}`;

/** The CLI's findings per absolute file path, each as `line:col rule message`, sorted. */
function byFile(json: string, cwd: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of JSON.parse(json) as Array<Finding & { file: string }>) {
    const file = path.resolve(cwd, f.file);
    out.set(file, [...(out.get(file) ?? []), key(f)].sort());
  }
  return out;
}

/** Opens each file in the server and compares its diagnostics with the CLI's findings; returns the differences. */
async function compare(client: LspClient, root: string, files: string[], fromCli: Map<string, string[]>, timeout: number): Promise<string[]> {
  const mismatches: string[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    client.open(uri, fs.readFileSync(file, 'utf8'));
    const expected = fromCli.get(file) ?? [];
    const asFindings = (d: Diagnostic[]) =>
      d.map((x) => key({ line: x.range.start.line + 1, column: x.range.start.character + 1, rule: String(x.code), message: x.message })).sort();
    // Cross-file findings arrive once the background scan of the folder has finished: wait for agreement, then compare.
    const got = await client
      .waitForDiagnostics(uri, (d) => JSON.stringify(asFindings(d)) === JSON.stringify(expected), timeout)
      .catch(() => client.diagnostics.get(uri)?.diagnostics ?? []);
    const actual = asFindings(got);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      mismatches.push(`${path.relative(root, file)}\n  cli:    ${expected.join('\n          ')}\n  server: ${actual.join('\n          ')}`);
    }
  }
  return mismatches;
}

test('CLI and server report the same findings on every corpus file', { timeout: 120_000 }, async (t) => {
  if (!haveShared(t, CORPUS, 'CLI/server parity on the real-world corpus')) return;
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', CORPUS], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const fromCli = byFile(r.stdout, process.cwd());

  const client = new LspClient();
  await client.start({ rootUri: pathToFileURL(CORPUS).href, workspaceFolders: [{ uri: pathToFileURL(CORPUS).href, name: 'corpus' }] });
  t.after(() => client.close());
  const files = yamlFiles(CORPUS);
  assert.ok(files.length > 50);
  assert.deepEqual(await compare(client, CORPUS, files, fromCli, 20_000), []);
  assert.ok([...fromCli.values()].flat().length > 0, 'the corpus has findings to compare');
});

/** `k8s-network-lens check --format json .` run inside `root`, as scripts/precision.mjs runs it, without blocking. */
function cliInFolder(root: string): Promise<Map<string, string[]>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: root });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`the CLI exited with ${code} on ${path.basename(root)}: ${err}`));
      else resolve(byFile(Buffer.concat(out).toString('utf8'), root));
    });
  });
}

const hashOf = (s: string) => createHash('sha1').update(s).digest().readUInt32BE(0);

test('CLI and server report the same findings on each real repository of ../shared/corpus-precision', { timeout: 240_000 }, async (t) => {
  if (!fs.existsSync(PRECISION)) {
    assert.notEqual(process.env.CI, 'true', '../shared/corpus-precision is required when CI=true');
    t.skip('../shared/corpus-precision is absent (a clone without the shared folder): the real repositories are not compared');
    return;
  }
  const folders = fs.readdirSync(PRECISION, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  assert.ok(folders.length > 0, 'no folder in ../shared/corpus-precision');
  for (const name of folders) {
    await t.test(name, async (st) => {
      const started = Date.now();
      const root = path.join(PRECISION, name);
      const uri = pathToFileURL(root).href;
      // The CLI runs while the server indexes the folder: both take seconds on a big repository.
      const cli = cliInFolder(root);
      const client = new LspClient();
      st.after(() => client.close());
      await client.start({ rootUri: uri, workspaceFolders: [{ uri, name }] });
      const all = filesBelow(root, /\.(ya?ml|json)$/i);
      for (let t0 = Date.now(); !client.logs.some((l) => /^Workspace index:|workspace scan failed/.test(l.message)); ) {
        assert.ok(Date.now() - t0 < 120_000, `the workspace scan of ${name} did not finish in 120 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const scanned = client.logs.find((l) => l.message.startsWith('Workspace index:'))?.message ?? '';
      assert.match(scanned, new RegExp(`^Workspace index: ${all.length} YAML and JSON files`), 'the server indexes every YAML and JSON file of the folder');
      const fromCli = await cli;
      const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
      const withFindings = all.filter((f) => fromCli.has(f));
      const others = all.filter((f) => !fromCli.has(f)).sort((a, b) => hashOf(rel(a)) - hashOf(rel(b)) || rel(a).localeCompare(rel(b)));
      const files = [...withFindings, ...others.slice(0, Math.max(0, SAMPLE - withFindings.length))].sort();
      assert.ok(withFindings.length > 0, `no CLI finding in ${name} to compare`);
      // The scan is complete: a file's first diagnostics already hold its cross-file findings.
      assert.deepEqual(await compare(client, root, files, fromCli, 5_000), []);
      st.diagnostic(`${name}: ${all.length} files indexed, ${files.length} compared (${withFindings.length} with findings), ${Date.now() - started} ms`);
    });
  }
});

test('the bundled CLI, built with yaml\'s ES module build, finds exactly what the core finds with the package node loads', { timeout: 120_000 }, () => {
  // scripts/build.mjs bundles `yaml` from its ES module build for speed; the tests run the core against the CommonJS
  // build. Both are the same version of the same code: every finding, on the corpus and on every fixture, must agree.
  // The corpus when it is there (a clone without ../shared compares the fixtures alone).
  const paths = [...(fs.existsSync(CORPUS) ? [CORPUS] : []), ...['rules', 'apiserver', 'workspace'].map((d) => path.join(REPO_ROOT, 'test', 'fixtures', d))];
  let inProcess = '';
  const code = runCli(['check', '--format', 'json', ...paths], { write: (s: string) => (inProcess += s) }, { write: () => undefined });
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, code, r.stderr);
  const findings = JSON.parse(inProcess) as unknown[];
  assert.ok(findings.length > 200, `only ${findings.length} findings to compare`);
  assert.deepEqual(JSON.parse(r.stdout), findings);
});
