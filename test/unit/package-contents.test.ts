// The .vsix carries exactly what the extension runs and what the marketplace page shows: `vsce ls` lists the files
// `vsce package` would pack, after .vscodeignore.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../../..');

test('the .vsix holds only the bundles, the grammar, the manifest and the docs the page links', { timeout: 60_000 }, () => {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.trim().split(/\r?\n/).map((l) => l.trim()).filter(Boolean).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'client/out/extension.js',
    'docs/rules.md',
    'package.json',
    'server/out/server.js',
    'syntaxes/k8s-network-lens.injection.tmLanguage.json',
  ]);
});
