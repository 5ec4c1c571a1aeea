// Runs every multi-file fixture under test/fixtures/workspace/ (see test/support/workspace-fixtures.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceRules } from '../../server/src/core';
import { checkWorkspaceCase, listWorkspaceCases, WORKSPACE_FIXTURES } from '../support/workspace-fixtures';

test('every cross-file rule has a fixture folder with a true finding and a trap without one', () => {
  for (const r of workspaceRules) {
    const dir = path.join(WORKSPACE_FIXTURES, r.id);
    assert.ok(fs.existsSync(dir), `no fixtures for ${r.id} in test/fixtures/workspace/${r.id}/`);
    const texts = listWorkspaceCases()
      .filter((c) => c.startsWith(dir + path.sep))
      .map((c) => fs.readdirSync(c, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f)).map((f) => fs.readFileSync(path.join(c, f), 'utf8')).join('\n'));
    assert.ok(texts.some((t) => t.includes(` ${r.id}:`)), `${r.id}: no case expects the rule`);
    assert.ok(texts.some((t) => !t.includes(` ${r.id}:`)), `${r.id}: no case shows where it must stay quiet`);
  }
});

for (const dir of listWorkspaceCases()) {
  test(`workspace fixture ${path.relative(WORKSPACE_FIXTURES, dir)}`, () => {
    const r = checkWorkspaceCase(dir);
    assert.ok(r.ok, r.report);
  });
}
