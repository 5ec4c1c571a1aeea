// The README documents every setting the extension contributes, generated from package.json.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../../..');

test('README settings table matches package.json (UPDATE_GOLDEN=1 rewrites it)', () => {
  const args = [path.join(ROOT, 'scripts/readme-settings.mjs')];
  if (!process.env.UPDATE_GOLDEN) args.push('--check');
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every setting is prefixed, scoped and described', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(path.join(ROOT, 'package.json'));
  const props: Record<string, { scope?: string; description?: string; markdownDescription?: string; default?: unknown }> =
    pkg.contributes.configuration.properties;
  for (const [key, p] of Object.entries(props)) {
    assert.match(key, /^k8sNetworkLens\./, key);
    assert.ok(p.description || p.markdownDescription, `${key} has no description`);
    assert.ok(p.default !== undefined, `${key} has no default`);
    assert.equal(p.scope, key === 'k8sNetworkLens.trace.server' ? 'window' : 'resource', `${key} scope`);
  }
});
