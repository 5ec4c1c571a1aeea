// Objects inside a List (`kind: List`, `ServiceList`) and JSON manifests: each object is checked like a document of
// its own, with its problems and fixes on its own nodes; a JSON manifest stays JSON after any fix; and a JSON file
// that is no manifest (package.json, tsconfig.json with comments, a JSON schema) gets nothing at all.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  allDocuments,
  analyze,
  applyEdits,
  dnsFixes,
  hoverAt,
  lenses,
  lookupFromView,
  summarizeText,
  withDefaults,
  WorkspaceIndex,
} from '../../server/src/core';
import type { Problem } from '../../server/src/core';
import { parseSegment } from '../../server/src/core/yaml/parse';
import { asList } from '../support/as-list';
import { FIXTURES, listFixtures, optionsFor } from '../support/fixtures';
import { isJson } from '../support/files';

const ROOT = path.resolve(__dirname, '../../..');
const options = withDefaults();


const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop}
  spec:
    selector: {app: web}
    ports:
    - port: 80
      targetPort: 8080
      nodePort: 30080
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: deny, namespace: shop}
  spec:
    podSelector: {}
    policyTypes: [Egress]
`;

test('a List is parsed as the List, then one document per object, each rooted at its item', () => {
  const units = parseSegment(LIST);
  assert.deepEqual(
    units.map((u) => [u.list ?? false, u.prefix?.join('.') ?? '', (u.value as any).kind]),
    [
      [true, '', 'List'],
      [false, 'items.0', 'Deployment'],
      [false, 'items.1', 'Service'],
      [false, 'items.2', 'NetworkPolicy'],
    ],
  );
  const service = units[2];
  // The item's document starts at the item: its root is the Service, its errors are the List's to report.
  assert.equal(LIST.slice(service.doc.contents!.range![0], service.doc.contents!.range![0] + 16), 'apiVersion: v1\n ');
  assert.deepEqual(service.doc.errors, []);
  // Not Lists: a kind that only ends in "List" without items, or items that are not a list.
  assert.equal(parseSegment('apiVersion: example.com/v1\nkind: AllowList\nspec: {}\n').length, 1);
  assert.equal(parseSegment('apiVersion: v1\nkind: List\nitems: {}\n').length, 1);
});

test('a problem inside a List lands on the item\'s own node, with the object\'s own API path and a fix there', () => {
  const problems = analyze(LIST, options).problems;
  const p = problems.find((x) => x.ruleId === 'service-nodeport-on-clusterip');
  assert.ok(p, JSON.stringify(problems.map((x) => x.ruleId)));
  assert.equal(LIST.slice(p.start, p.end), 'nodePort');
  assert.equal(p.path, 'spec.ports[0].nodePort');
  const fixed = applyEdits(LIST, p.fixes![0].edits);
  assert.equal(fixed, LIST.replace('      nodePort: 30080\n', ''));
  // Nothing on the List itself (kind List is no misspelt Service).
  assert.ok(problems.every((x) => x.start > LIST.indexOf('- apiVersion')), JSON.stringify(problems));
});

test('an alias in one object of a List may name an anchor in another: its problem is blamed where the value is written', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n  spec:\n    ports: &ports\n    - port: 80\n      protocol: TPC\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n  spec:\n    ports: *ports\n';
  const problems = analyze(text, options).problems.filter((p) => p.ruleId === 'schema-enum');
  assert.deepEqual(problems.map((p) => text.slice(p.start, p.end)), ['TPC', 'TPC']);
});

test('the workspace summary holds a List\'s objects: a Deployment in a List is a pod source, a Service a Service', () => {
  const summary = summarizeText('list.yaml', 'list.yaml', LIST);
  assert.deepEqual(
    summary.entries.map((e) => [e.obj.type, e.obj.name, LIST.slice(e.base + e.obj.at.start, e.base + e.obj.at.end)]),
    [
      ['workload', 'web', 'web'],
      ['service', 'web', 'web'],
      ['policy', 'deny', 'deny'],
    ],
  );
});

test('lenses and hovers in a List name each object\'s own namespace', () => {
  const text = LIST.replace('{name: deny, namespace: shop}', '{name: deny, namespace: other}');
  const index = new WorkspaceIndex();
  index.set(summarizeText('list.yaml', 'list.yaml', text));
  const lookup = lookupFromView(index.view(options.defaultNamespace), 'list.yaml', options.dns);
  const analysis = analyze(text, options);
  const titles = lenses(analysis, lookup).map((l) => [text.slice(l.start, l.start + 14), l.title]);
  assert.equal(titles.length, 2);
  assert.deepEqual(titles[0], ['apiVersion: v1', 'web.shop.svc.cluster.local']);
  assert.match(titles[1][1], /DNS egress blocked/);
  // The hover on the Service's selector is about the Service, in its namespace.
  const hover = hoverAt(analysis, text.indexOf('selector: {app: web}') + 2, lookup);
  assert.match(hover?.markdown ?? '', /namespace `shop`/);
});

test('the DNS fix works on a policy inside a List, and only edits that item', () => {
  const analysis = analyze(LIST, options);
  const policy = [...allDocuments(analysis)].find((d) => d.kind === 'NetworkPolicy');
  assert.ok(policy);
  const [fix] = dnsFixes(policy, options);
  assert.ok(fix, 'a DNS fix');
  const after = applyEdits(LIST, fix.edits);
  assert.ok(after.startsWith(LIST), 'appended after the last item');
  // In the List's style: sequences flush with their key, as kubectl prints them.
  assert.match(after.slice(LIST.length), /^ {4}egress:\n {4}- to:\n {4}  - namespaceSelector:\n/);
  const errors = (t: string) => analyze(t, options).problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${t.slice(p.start, p.end)}`);
  assert.deepEqual(errors(after), errors(LIST));
});

/** What analysis says of a file, as `rule|path`, without the YAML-only rules (duplicate keys, syntax). */
const verdicts = (problems: readonly Problem[]) =>
  problems
    .filter((p) => !p.ruleId.startsWith('yaml-'))
    .map((p) => `${p.ruleId}|${p.path ?? ''}`)
    .sort();

// Fixtures that must stay YAML: suppression comments and `${VAR}` placeholders are text, not values.
const ruleFixtures = listFixtures(path.join(FIXTURES, 'rules')).filter((f) => {
  if (!/\.ya?ml$/.test(f) || /[\\/](yaml-|analysis-limit)/.test(f)) return false;
  const text = fs.readFileSync(f, 'utf8');
  return !text.includes('k8s-network-lens-disable') && !text.includes('$');
});

test(`every rule fixture as a JSON List and as a YAML List: the same problems, at the same API paths (${ruleFixtures.length} files)`, () => {
  assert.ok(ruleFixtures.length > 50, `only ${ruleFixtures.length} fixtures`);
  let lists = 0;
  for (const file of ruleFixtures) {
    const text = fs.readFileSync(file, 'utf8');
    const opts = optionsFor(text);
    const expected = verdicts(analyze(text, opts).problems);
    for (const format of ['json', 'yaml'] as const) {
      const list = asList(text, format);
      if (!list) continue;
      lists++;
      const name = `${path.relative(FIXTURES, file)} as a ${format} List`;
      const problems = analyze(list, opts).problems;
      assert.deepEqual(verdicts(problems), expected, name);
      if (format !== 'json') continue;
      // Every fix keeps the JSON a JSON document.
      for (const p of problems) {
        for (const f of p.fixes ?? []) {
          const after = applyEdits(list, f.edits);
          assert.ok(isJson(after), `${name}: "${f.title}" breaks the JSON:\n${after}`);
        }
      }
      for (const d of allDocuments(analyze(list, opts))) {
        if (d.kind !== 'NetworkPolicy') continue;
        for (const f of dnsFixes(d, opts)) assert.ok(isJson(applyEdits(list, f.edits)), `${name}: the DNS fix breaks the JSON`);
      }
    }
  }
  assert.ok(lists > 100, `only ${lists} lists`);
});

test('fixes on a JSON manifest write JSON: quoted names, keys, values and policyTypes, the DNS rule', () => {
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [{ podSelector: {} }] }] },
  };
  const text = JSON.stringify(policy, null, 2) + '\n';
  const problems = analyze(text, options).problems;
  const add = problems.flatMap((p) => p.fixes ?? []).find((f) => f.title.startsWith('Add Egress'));
  assert.ok(add, JSON.stringify(problems));
  assert.deepEqual(JSON.parse(applyEdits(text, add.edits)).spec.policyTypes, ['Ingress', 'Egress']);
  // With Egress in effect, the DNS fix appends a JSON rule.
  const restricted = text.replace('"Ingress"', '"Egress"');
  const d = [...allDocuments(analyze(restricted, options))].find((x) => x.kind === 'NetworkPolicy')!;
  const [dns] = dnsFixes(d, options);
  const after = JSON.parse(applyEdits(restricted, dns.edits));
  assert.equal(after.spec.egress.length, 2);
  assert.deepEqual(after.spec.egress[1].ports, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
});

test('a JSON manifest: positions on the quoted key or value, JSON values, and a broken one gets its syntax error', () => {
  const text = '{\n\t"apiVersion": "v1",\n\t"kind": "Service",\n\t"metadata": {"name": "web"},\n\t"spec": {"type": "Nodeport", "ports": [{"port": 1e3}]}\n}\n';
  const [p] = analyze(text, options).problems;
  assert.equal(p.ruleId, 'schema-enum');
  assert.equal(text.slice(p.start, p.end), '"Nodeport"');
  assert.equal(applyEdits(text, p.fixes![0].edits), text.replace('"Nodeport"', '"NodePort"'));
  const broken = analyze(text.replace('"web"},', '"web"}'), options).problems;
  assert.deepEqual(broken.map((x) => x.ruleId), ['yaml-syntax']);
});

test('JSON that is no manifest is silent: package.json, tsconfig with comments, JSON schemas, a big lock file', () => {
  const silent: Array<[string, string]> = [
    ['package.json', fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')],
    ['tsconfig.json', fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')],
    ['service.schema.json', fs.readFileSync(path.join(ROOT, 'schemas', 'service.schema.json'), 'utf8')],
    ['settings.json', '// VS Code settings\n{\n  "editor.tabSize": 2, // two\n  "kind": "Service",\n  "apiVersion": "v1",\n  "spec": {"type": "Nodeport"},\n}\n'],
    ['duplicates.json', '{"name": "a", "name": "b", "kind": "Service"}'],
    ['array.json', '[{"apiVersion": "v1", "kind": "Service", "spec": {"type": "Nodeport"}}]'],
    ['nested.json', '{"data": {"apiVersion": "v1", "kind": "Service", "spec": {"type": "Nodeport"}}}'],
    ['dashboard.json', '{"panels": [{"title": "{{ instance }}", "kind": "graph"}], "apiVersion": 1}'],
  ];
  for (const [name, text] of silent) {
    assert.deepEqual(analyze(text, options).problems, [], name);
    assert.deepEqual(summarizeText(name, name, text).entries, [], name);
  }
  // Over the size limit: a lock file says nothing; a JSON manifest says why it was not analysed.
  const small = withDefaults({ maxFileSize: 100 });
  assert.deepEqual(analyze(`{\n  "name": "x",\n  "lockfileVersion": 3,\n  "packages": {${'"a": {},'.repeat(50)}"b": {}}\n}\n`, small).problems, []);
  const big = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array(20).fill({ apiVersion: 'v1', kind: 'Service' }) });
  assert.deepEqual(analyze(big, small).problems.map((p) => p.ruleId), ['analysis-limit']);
});
