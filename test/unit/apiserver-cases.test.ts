// The API server's own validation test cases (TestValidateServiceCreate, TestValidateServiceExternalTrafficPolicy,
// TestValidateNetworkPolicy), rewritten as YAML under test/fixtures/apiserver/. Each file's header states what a real
// API server answers to `kubectl apply` of it (where that differs from the unit test, a `# note:` says why):
//   # verdict: accept
//   # verdict: reject spec.ports[1].name
// Our verdict is "reject" when any problem has severity error; on reject, one error must name the same field path.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core';
import { FIXTURES, listFixtures, optionsFor } from '../support/fixtures';

const DIR = path.join(FIXTURES, 'apiserver');
const files = listFixtures(DIR);

interface Verdict {
  reject: boolean;
  path?: string;
}

function verdictOf(text: string): Verdict | undefined {
  const m = text.match(/^# verdict: (accept|reject)(?: (\S+))?[ \t]*$/m);
  return m ? { reject: m[1] === 'reject', path: m[2] } : undefined;
}

test('there are enough API-server cases', () => {
  const count = (kind: string) => files.filter((f) => path.relative(DIR, f).startsWith(kind + path.sep)).length;
  assert.ok(count('service') >= 60, `only ${count('service')} Service cases`);
  assert.ok(count('networkpolicy') >= 25, `only ${count('networkpolicy')} NetworkPolicy cases`);
});

for (const file of files) {
  test(`API server case ${path.relative(DIR, file)}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const expected = verdictOf(text);
    assert.ok(expected, 'the file has no `# verdict:` line');
    const errors = analyze(text, optionsFor(text)).problems.filter((p) => p.severity === 'error');
    const shown = errors.map((e) => `  ${e.ruleId}: ${e.message}`).join('\n');
    if (!expected.reject) {
      assert.equal(errors.length, 0, `the API server accepts this, but we report:\n${shown}`);
      return;
    }
    assert.ok(errors.length > 0, 'the API server rejects this, but we report no error');
    if (expected.path) {
      const at = `${expected.path}:`;
      assert.ok(
        errors.some((e) => e.message.startsWith(at)),
        `the API server rejects this at ${expected.path}, but no error names that path:\n${shown}`,
      );
    }
  });
}
