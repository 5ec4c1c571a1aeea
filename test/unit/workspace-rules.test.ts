// The single-document "likely not meant" NetworkPolicy rules of issue 4, beyond their fixtures: the merge fix of
// netpol-split-peer-selectors (not preferred: it changes what the policy allows, so the fixture harness does not
// apply it) and its refusal to edit layouts it cannot merge safely.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyEdits, withDefaults } from '../../server/src/core';

const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: m
spec:
  podSelector: {}
  ingress:
    - from:
${from}`;

test('netpol-split-peer-selectors: the fix removes the dash, making one peer with both selectors (AND)', () => {
  const text = policy('        - namespaceSelector:\n            matchLabels: {team: ops}\n        - podSelector:\n            matchLabels: {app: mon}\n');
  const p = analyze(text, withDefaults()).problems.find((x) => x.ruleId === 'netpol-split-peer-selectors')!;
  assert.ok(p);
  assert.equal(p.fixes?.length, 1);
  assert.notEqual(p.fixes![0].isPreferred, true, 'changes semantics: offered, never applied by "fix all"');
  const fixed = applyEdits(text, p.fixes![0].edits);
  assert.equal(fixed, policy('        - namespaceSelector:\n            matchLabels: {team: ops}\n          podSelector:\n            matchLabels: {app: mon}\n'));
  assert.ok(!analyze(fixed, withDefaults()).problems.some((x) => x.ruleId === 'netpol-split-peer-selectors'));
});

test('netpol-split-peer-selectors: reported without a fix when the items are not aligned block mappings', () => {
  const text = policy('        - {namespaceSelector: {matchLabels: {team: ops}}}\n        - podSelector:\n            matchLabels: {app: mon}\n');
  const p = analyze(text, withDefaults()).problems.find((x) => x.ruleId === 'netpol-split-peer-selectors')!;
  assert.ok(p);
  assert.equal(p.fixes, undefined);
});
