// The CLI and the language server are one engine: on the shared corpus, opened as one workspace folder, every file
// gets exactly the same findings (rule, position, message) from `k8s-network-lens check --format json` and from the
// diagnostics the server publishes.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, REPO_ROOT } from '../support/lsp-client';
import { yamlFiles } from '../support/files';
import { runCli } from '../../server/src/cli/run';

const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

interface Finding {
  line: number;
  column: number;
  rule: string;
  message: string;
}

const key = (f: Finding) => `${f.line}:${f.column} ${f.rule} ${f.message}`;

test('CLI and server report the same findings on every corpus file', { timeout: 120_000 }, async (t) => {
  assert.ok(fs.existsSync(CORPUS), 'the shared corpus is expected beside the repository');
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', CORPUS], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const fromCli = new Map<string, string[]>();
  for (const f of JSON.parse(r.stdout) as Array<Finding & { file: string }>) {
    const file = path.resolve(f.file);
    fromCli.set(file, [...(fromCli.get(file) ?? []), key(f)].sort());
  }

  const client = new LspClient();
  await client.start({ rootUri: pathToFileURL(CORPUS).href, workspaceFolders: [{ uri: pathToFileURL(CORPUS).href, name: 'corpus' }] });
  t.after(() => client.close());
  const files = yamlFiles(CORPUS);
  assert.ok(files.length > 50);
  const mismatches: string[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    client.open(uri, fs.readFileSync(file, 'utf8'));
    const expected = fromCli.get(file) ?? [];
    const asFindings = (d: Diagnostic[]) =>
      d.map((x) => key({ line: x.range.start.line + 1, column: x.range.start.character + 1, rule: String(x.code), message: x.message })).sort();
    // Cross-file findings arrive once the background scan of the folder has finished: wait for agreement, then compare.
    const got = await client
      .waitForDiagnostics(uri, (d) => JSON.stringify(asFindings(d)) === JSON.stringify(expected), 20_000)
      .catch(() => client.diagnostics.get(uri)?.diagnostics ?? []);
    const actual = asFindings(got);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      mismatches.push(`${path.relative(CORPUS, file)}\n  cli:    ${expected.join('\n          ')}\n  server: ${actual.join('\n          ')}`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok([...fromCli.values()].flat().length > 0, 'the corpus has findings to compare');
});

test('the bundled CLI, built with yaml\'s ES module build, finds exactly what the core finds with the package node loads', { timeout: 120_000 }, () => {
  // scripts/build.mjs bundles `yaml` from its ES module build for speed; the tests run the core against the CommonJS
  // build. Both are the same version of the same code: every finding, on the corpus and on every fixture, must agree.
  const paths = [CORPUS, ...['rules', 'apiserver', 'workspace'].map((d) => path.join(REPO_ROOT, 'test', 'fixtures', d))];
  let inProcess = '';
  const code = runCli(['check', '--format', 'json', ...paths], { write: (s: string) => (inProcess += s) }, { write: () => undefined });
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, code, r.stderr);
  const findings = JSON.parse(inProcess) as unknown[];
  assert.ok(findings.length > 500, `only ${findings.length} findings to compare`);
  assert.deepEqual(JSON.parse(r.stdout), findings);
});
