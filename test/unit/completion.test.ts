// Completion on half-typed manifests: schema keys where the cursor is, enum values, workspace labels in selectors,
// annotations, and snippets for new manifests. `|` marks the cursor in each case.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze, completionsAt, withDefaults } from '../../server/src/core';
import type { CompletionInfo, WorkspaceLookup } from '../../server/src/core';
import { parseSegment } from '../../server/src/core/yaml/parse';

function complete(withCursor: string, lookup?: WorkspaceLookup): CompletionInfo[] {
  const offset = withCursor.indexOf('|');
  const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
  return completionsAt(analyze(text, withDefaults()), offset, lookup);
}
const labels = (items: CompletionInfo[]) => items.map((i) => i.label);

const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
const pol = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n';

test('Service type values', () => {
  assert.deepEqual(labels(complete(svc + 'spec:\n  type: |\n')), ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  const partial = complete(svc + 'spec:\n  type: Node|\n');
  assert.ok(labels(partial).includes('NodePort'));
  const item = partial.find((i) => i.label === 'NodePort')!;
  assert.equal(item.end - item.start, 'Node'.length, 'replaces the word being typed');
});

test('protocol in a port item, policyTypes items', () => {
  assert.deepEqual(labels(complete(svc + 'spec:\n  ports:\n    - port: 80\n      protocol: |\n')), ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(labels(complete(pol + 'spec:\n  podSelector: {}\n  policyTypes:\n    - |\n')), ['Ingress', 'Egress']);
});

test('keys from the schema at the cursor, without those already present', () => {
  const spec = labels(complete(svc + 'spec:\n  type: NodePort\n  |\n'));
  assert.ok(spec.includes('ports') && spec.includes('selector') && spec.includes('externalTrafficPolicy'));
  assert.ok(!spec.includes('type'), 'type is there already');
  const port = labels(complete(svc + 'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      |\n'));
  assert.deepEqual(port.sort(), ['appProtocol', 'name', 'nodePort', 'protocol', 'targetPort']);
  const rule = labels(complete(pol + 'spec:\n  podSelector: {}\n  ingress:\n    - |\n'));
  assert.deepEqual(rule.sort(), ['from', 'ports']);
  const peer = labels(complete(pol + 'spec:\n  podSelector: {}\n  egress:\n    - to:\n        - |\n'));
  assert.deepEqual(peer.sort(), ['ipBlock', 'namespaceSelector', 'podSelector']);
});

test('label keys and values of the workspace in selectors', () => {
  const lookup: WorkspaceLookup = {
    workloadsSelectedBy: () => [],
    statefulSetsNaming: () => [],
    podLabels: (): Array<Record<string, string>> => [{ app: 'api-server', tier: 'backend' }, { app: 'web' }],
  };
  assert.deepEqual(labels(complete(svc + 'spec:\n  selector:\n    |\n', lookup)).sort(), ['app', 'tier']);
  assert.deepEqual(labels(complete(svc + 'spec:\n  selector:\n    app: |\n', lookup)).sort(), ['api-server', 'web']);
  assert.deepEqual(labels(complete(pol + 'spec:\n  podSelector:\n    matchLabels:\n      app: w|\n', lookup)).sort(), ['api-server', 'web']);
  assert.deepEqual(labels(complete(svc + 'spec:\n  selector:\n    |\n')), [], 'no workspace, no guesses');
});

test('well-known annotations and their values', () => {
  const keys = labels(complete(svc + '  annotations:\n    |\n'));
  assert.ok(keys.includes('service.beta.kubernetes.io/aws-load-balancer-type'));
  assert.ok(keys.includes('service.kubernetes.io/topology-mode'));
  const values = complete(svc + '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-scheme: |\n');
  assert.deepEqual(labels(values), ['internal', 'internet-facing']);
  assert.equal(values[0].insertText, '"internal"', 'annotation values are strings: quoted');
});

test('snippets on an empty document: each Service type and a default-deny policy that allows DNS', () => {
  const items = complete('|');
  assert.deepEqual(labels(items), [
    'Service (ClusterIP)',
    'Service (NodePort)',
    'Service (LoadBalancer)',
    'Service (headless)',
    'Service (ExternalName)',
    'NetworkPolicy (default deny, DNS allowed)',
  ]);
  for (const item of items) {
    assert.ok(item.snippet);
    // Snippet placeholders resolved to their defaults give a valid manifest without problems.
    const text = item.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1');
    assert.deepEqual(analyze(text, withDefaults()).problems, [], `${item.label}:\n${text}`);
    assert.ok(parseSegment(text)[0].value, item.label);
  }
  const policy = items[items.length - 1].insertText;
  assert.match(policy, /protocol: UDP\n\s+port: 53\n\s+- protocol: TCP\n\s+port: 53/);
  assert.match(policy, /k8s-app: kube-dns/);
  assert.deepEqual(labels(complete('---\n|')).length, 6, 'after a document separator too');
});

test('no nodePort in the ports of a ClusterIP Service (the API server rejects it there)', () => {
  for (const spec of ['spec:\n', 'spec:\n  type: ClusterIP\n']) {
    const port = labels(complete(svc + spec + '  ports:\n    - port: 80\n      |\n'));
    assert.deepEqual(port.sort(), ['appProtocol', 'name', 'protocol', 'targetPort'], spec);
    assert.deepEqual(labels(complete(svc + spec + '  ports:\n    - |\n')).sort(), ['appProtocol', 'name', 'port', 'protocol', 'targetPort'], spec);
  }
  for (const type of ['NodePort', 'LoadBalancer']) {
    assert.ok(labels(complete(svc + `spec:\n  type: ${type}\n  ports:\n    - |\n`)).includes('nodePort'), type);
  }
});

test('manifest snippets only where a Kubernetes object can start', () => {
  const workflow = 'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
  assert.deepEqual(labels(complete(workflow + '|')), [], 'not at the end of a GitHub workflow');
  assert.deepEqual(labels(complete(workflow + 'Ser|')), [], 'not while typing a word there either');
  assert.deepEqual(labels(complete('# values for the chart\nreplicaCount: 2\n|\nimage: nginx\n')), [], 'not in a values file');
  assert.equal(labels(complete(workflow + '---\n|')).length, 6, 'an empty document after --- is a new object');
  assert.equal(labels(complete('# comments only\n|')).length, 6, 'a document of comments only');
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
  assert.equal(labels(complete(deployment + '|')).length, 6, 'in a file of Kubernetes manifests');
  assert.equal(labels(complete(deployment + '---\n|')).length, 6);
});

test('never throws on odd input', () => {
  for (const t of ['|', ':|', '- |', 'a: [|', '{|', svc + 'spec: |', '"|', "kind: Service\nspec:\n  ports: [{|}]\n", '\t|']) {
    assert.doesNotThrow(() => complete(t), t);
  }
});
