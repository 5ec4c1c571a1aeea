// Runs every annotated YAML fixture under test/fixtures/ through the core and compares the problems.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { checkFixFixture, checkFixture, FIXTURES, fixFileFor, listFixtures } from '../support/fixtures';

const files = listFixtures(path.join(FIXTURES, 'rules'));

test('there are fixtures', () => {
  assert.ok(files.length > 0, 'no fixtures found under test/fixtures/rules');
});

for (const file of files) {
  test(`fixture ${path.relative(FIXTURES, file)}`, () => {
    const r = checkFixture(file);
    assert.ok(r.ok, r.report);
  });
}

// A fixture with a `<name>.fix.yaml` next to it also checks the text after its preferred fixes.
for (const file of files.filter((f) => fs.existsSync(fixFileFor(f)))) {
  test(`fixes ${path.relative(FIXTURES, file)}`, () => {
    const r = checkFixFixture(file);
    assert.ok(r.ok, r.report);
  });
}
