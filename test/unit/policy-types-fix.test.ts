// The fixes for a policyTypes list that disagrees with the rules: each edits only its lines, in the file's style,
// keeps comments and CRLF, and clears the warning it targets.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyEdits, Fix, withDefaults } from '../../server/src/core';

const options = withDefaults();

function fixNamed(text: string, title: RegExp): Fix {
  const fixes = analyze(text, options).problems.filter((p) => p.ruleId === 'netpol-policy-types-mismatch').flatMap((p) => p.fixes ?? []);
  const f = fixes.find((x) => title.test(x.title));
  assert.ok(f, `no fix ${title} among ${JSON.stringify(fixes.map((x) => x.title))}`);
  return f;
}

function apply(text: string, title: RegExp): string {
  const after = applyEdits(text, fixNamed(text, title).edits);
  assert.deepEqual(
    analyze(after, options).problems.filter((p) => p.ruleId === 'netpol-policy-types-mismatch').map((p) => p.message),
    [],
    'the warning is gone',
  );
  assert.deepEqual(analyze(after, options).problems.filter((p) => p.severity === 'error'), [], 'no new error');
  return after;
}

const INGRESS_ONLY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Ingress   # only ingress for now
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
  # egress below was added later
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/8
`;

test('policyTypes [Ingress] with egress rules: add Egress after the last entry, in the same style', () => {
  const after = apply(INGRESS_ONLY, /^Add Egress/);
  assert.equal(after, INGRESS_ONLY.replace('    - Ingress   # only ingress for now\n', '    - Ingress   # only ingress for now\n    - Egress\n'));
});

test('policyTypes [Ingress] with egress rules: remove the ignored egress rules, their lines only', () => {
  const after = apply(INGRESS_ONLY, /^Remove the ignored egress/);
  assert.equal(after, INGRESS_ONLY.replace(/  egress:\n[\s\S]*$/, ''));
});

test('the same fixes keep CRLF line endings and flow lists', () => {
  const crlf = INGRESS_ONLY.replace(/\n/g, '\r\n');
  assert.equal(apply(crlf, /^Add Egress/), crlf.replace('for now\r\n', 'for now\r\n    - Egress\r\n'));
  const flow = INGRESS_ONLY.replace('  policyTypes:\n    - Ingress   # only ingress for now\n', '  policyTypes: [Ingress]  # flow\n');
  assert.equal(apply(flow, /^Add Egress/), flow.replace('[Ingress]', '[Ingress, Egress]'));
});

test('egress rules without policyTypes: write policyTypes [Egress] above egress, in the file\'s list style', () => {
  const text = INGRESS_ONLY.replace('  policyTypes:\n    - Ingress   # only ingress for now\n', '').replace(/  ingress:\n(.*\n){2}/, '');
  const after = apply(text, /^Restrict egress only/);
  assert.equal(after, text.replace('  # egress below was added later\n  egress:\n', '  # egress below was added later\n  policyTypes:\n    - Egress\n  egress:\n'));
});

test('a duplicate policyTypes entry is removed by the preferred fix', () => {
  const text = INGRESS_ONLY.replace('    - Ingress   # only ingress for now\n', '    - Ingress\n    - Ingress\n    - Egress\n');
  const f = fixNamed(text, /^Remove the duplicate/);
  assert.equal(f.isPreferred, true);
  assert.equal(applyEdits(text, f.edits), text.replace('    - Ingress\n    - Ingress\n', '    - Ingress\n'));
});

test('with a duplicate entry already filling the two allowed places, Add Egress replaces the duplicate', () => {
  const text = INGRESS_ONLY.replace('    - Ingress   # only ingress for now\n', '    - Ingress\n    - Ingress  # twice\n');
  const after = applyEdits(text, fixNamed(text, /^Add Egress/).edits);
  assert.equal(after, text.replace('    - Ingress  # twice\n', '    - Egress  # twice\n'));
  assert.deepEqual(analyze(after, options).problems.filter((p) => p.severity === 'error'), []);
});
