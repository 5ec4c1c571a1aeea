// The workspace model: selectors, globs, summaries of untyped input, the index, the queries other features use,
// related places in other files, and the acceptance cases on the shared corpus (through the CLI).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SPAN_FIELDS } from '../../server/src/core/workspace/model';
import { FIXTURES, listFixtures } from '../support/fixtures';
import {
  analyzeFiles,
  dnsVerdict,
  globMatcher,
  matches,
  policiesSelecting,
  refAt,
  statefulSetsNaming,
  summarizeText,
  toSelector,
  withDefaults,
  WorkspaceIndex,
  workloadsSelectedBy,
  servicesSelecting,
  PolicySummary,
  Ref,
  WorkloadSummary,
} from '../../server/src/core';
import { runCli } from '../../server/src/cli/run';
import { haveShared } from '../support/shared';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/realworld');
const options = withDefaults();

test('label selectors: matchLabels, every operator, malformed input', () => {
  const labels = { app: 'web', tier: 'front' };
  const sel = (raw: unknown) => toSelector(raw)!;
  assert.ok(matches(sel({}), labels));
  assert.ok(matches(sel(null), labels), 'absent selector = {} = everything');
  assert.ok(matches(sel({ matchLabels: { app: 'web' } }), labels));
  assert.ok(!matches(sel({ matchLabels: { app: 'api' } }), labels));
  assert.ok(matches(sel({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }), labels));
  assert.ok(!matches(sel({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }), labels));
  assert.ok(matches(sel({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), labels), 'a missing key satisfies NotIn');
  assert.ok(matches(sel({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }), labels));
  assert.ok(!matches(sel({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }), labels));
  for (const bad of [[], 'x', 5, { matchLabels: [] }, { matchLabels: { a: 1 } }, { matchExpressions: [{ key: 'a', operator: 'Near' }] }, { matchExpressions: {} }]) {
    assert.equal(toSelector(bad), undefined, JSON.stringify(bad));
  }
});

test('globs: VS Code style, relative to the folder, a matching folder excludes its files', () => {
  const m = globMatcher(['**/node_modules', 'helm/**', '**/*.tmpl.yaml', 'charts/{a,b}/values.yaml', 'x[0-9].yaml']);
  assert.ok(m('node_modules/x.yaml'));
  assert.ok(m('a/b/node_modules/c/d.yaml'));
  assert.ok(m('helm/templates/svc.yaml'));
  assert.ok(m('deploy/svc.tmpl.yaml'));
  assert.ok(m('charts/b/values.yaml'));
  assert.ok(m('x7.yaml'));
  assert.ok(!m('deploy/svc.yaml'));
  assert.ok(!m('charts/c/values.yaml'));
  assert.ok(!m('myhelm/svc.yaml'));
  assert.ok(!globMatcher([])('a.yaml'));
  assert.ok(!globMatcher(['{unclosed'])('a.yaml'), 'a broken pattern matches nothing');
});

test('summaries never throw on odd input and skip templates and non-objects', () => {
  const odd = [
    '',
    '- a\n- b',
    'kind: Service\napiVersion: v1\nspec: 5',
    'kind: Service\napiVersion: v1\nspec:\n  ports: {a: 1}\n  selector: [1]',
    'kind: Deployment\napiVersion: apps/v1\nspec:\n  template: {spec: {containers: {x: 1}}}',
    'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nspec:\n  podSelector: 3\n  egress: [1, null, {to: 5}, {to: [7, {ipBlock: 1}]}]',
    'kind: StatefulSet\napiVersion: apps/v1\nspec:\n  serviceName: [x]\n  replicas: "3"',
    'kind: Service\napiVersion: v1\nmetadata: {name: {{ .Values.name }}}',
    '{{',
    'a: &a [*a]',
  ];
  for (const text of odd) {
    const s = summarizeText('f.yaml', 'f.yaml', text);
    assert.ok(Array.isArray(s.entries));
    const r = analyzeFiles([{ file: 'f.yaml', text }], options);
    assert.ok(Array.isArray(r[0].problems));
  }
  assert.equal(summarizeText('t.yaml', 't.yaml', 'kind: Service\napiVersion: v1\nmetadata:\n  name: {{ .Values.name }}\n').entries.length, 0, 'Helm template');
});

const APP = (name: string, labels: string, extra = '') => `apiVersion: apps/v1
kind: ${extra.includes('serviceName') ? 'StatefulSet' : 'Deployment'}
metadata:
  name: ${name}
spec:
${extra}  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: main
          image: x
`;

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [file, text] of Object.entries(files)) index.set(summarizeText(file, `file:///ws/${file}`, text));
  return index;
}

test('queries for hovers and lenses: selected workloads, StatefulSets of a Service, policies of a workload, DNS verdict', () => {
  const index = indexOf({
    'apps.yaml': [APP('web', '{app: web}'), APP('api', '{app: api}'), APP('db', '{app: db}', '  serviceName: db\n  replicas: 3\n')].join('---\n'),
    'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n',
    'pol.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n---\n' +
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  egress: [{}]\n',
  });
  const view = index.view('default');
  assert.deepEqual(workloadsSelectedBy(view, 'default', toSelector({ matchLabels: { app: 'web' } })!).map((r) => r.obj.name), ['web']);
  assert.deepEqual(workloadsSelectedBy(view, 'other', toSelector({})!), []);
  const sts = statefulSetsNaming(view, 'default', 'db');
  assert.deepEqual(sts.map((r) => [r.obj.name, r.obj.replicas]), [['db', 3]]);
  const web = view.workloadsIn('default').find((w) => w.obj.name === 'web') as Ref<WorkloadSummary>;
  assert.deepEqual(policiesSelecting(view, web).map((p) => p.obj.name).sort(), ['deny', 'web']);
  const db = view.workloadsIn('default').find((w) => w.obj.name === 'db') as Ref<WorkloadSummary>;
  assert.deepEqual(servicesSelecting(view, db).map((s) => s.obj.name), ['db']);
  const deny = view.policiesIn('default').find((p) => p.obj.name === 'deny') as Ref<PolicySummary>;
  const v = dnsVerdict(view, deny, options.dns)!;
  assert.equal(v.summary, 'selects 3 workloads: Deployment web, Deployment api, StatefulSet db; DNS egress blocked');
  assert.deepEqual(v.workloads.map((w) => [w.workload.obj.name, w.allowed.udp]), [['web', true], ['api', false], ['db', false]]);
  assert.equal(dnsVerdict(view, view.policiesIn('default').find((p) => p.obj.name === 'web')!, options.dns)!.summary, 'selects 1 workload: Deployment web; DNS egress allowed');
  assert.equal(refAt(view, 'pol.yaml', 200)?.obj.name, 'web');
});

test('an edit of labels in one file changes the verdict for a Service in another; related places carry positions', () => {
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
  const ok = analyzeFiles([{ file: 'a/svc.yaml', text: svc }, { file: 'b/app.yaml', text: APP('web', '{app: web}') }], options);
  assert.deepEqual(ok[0].problems, []);
  const bad = analyzeFiles([{ file: 'a/svc.yaml', text: svc }, { file: 'b/app.yaml', text: APP('web', '{app: web-server}') }], options);
  const p = bad[0].problems.find((x) => x.ruleId === 'service-selector-no-match')!;
  assert.ok(p, 'reported');
  const rel = p.related![0];
  assert.equal(rel.file, 'b/app.yaml');
  assert.deepEqual(rel.at, { line: 9, character: 6, endLine: 9, endCharacter: 12 }, 'the `labels` key of the pod template');
});

test('the index tells whether other files must be re-checked: positions alone do not count', () => {
  const index = new WorkspaceIndex();
  assert.equal(index.set(summarizeText('a.yaml', 'a.yaml', APP('web', '{app: web}'))), true);
  assert.equal(index.set(summarizeText('a.yaml', 'a.yaml', '# moved down\n' + APP('web', '{app: web}'))), false);
  assert.equal(index.set(summarizeText('a.yaml', 'a.yaml', APP('web', '{app: api}'))), true);
  assert.equal(index.delete('a.yaml'), true);
  assert.equal(index.delete('a.yaml'), false);
});

function cli(args: string[]): { code: number; out: string } {
  let out = '';
  const code = runCli(['check', ...args], { write: (s: string) => (out += s) }, { write: () => undefined });
  return { code, out };
}

test('corpus: the deny-egress recipe is reported on the right policy, its DNS-allowing fix is not', (t) => {
  const recipes = path.join(CORPUS, 'network-policy-recipes');
  if (!haveShared(t, recipes, 'the deny-egress recipe')) return;
  const r = cli([recipes]);
  const lines = r.out.trim().split('\n');
  assert.ok(lines.some((l) => l.includes('11-deny-egress-traffic-from-an-application-1.yaml:10:5 warning netpol-dns-egress-blocked')), r.out);
  assert.ok(!r.out.includes('11-deny-egress-traffic-from-an-application-2.yaml'), r.out);
  assert.ok(!r.out.includes('14-deny-external-egress'), r.out);
});

test('corpus: microservices-demo deny-all alone is reported; with the whole repository it is not, and every Service resolves', (t) => {
  const repo = path.join(CORPUS, 'microservices-demo');
  if (!haveShared(t, repo, 'microservices-demo as a whole workspace')) return;
  const alone = cli([path.join(repo, 'kustomize/components/network-policies/network-policy-deny-all.yaml')]);
  assert.match(alone.out, /network-policy-deny-all\.yaml:23:5 warning netpol-dns-egress-blocked .*every pod in namespace default loses name resolution/);
  const all = cli([repo]);
  assert.equal(all.out, '', 'nothing on the whole repository (workflows, kustomization files, Helm templates included)');
  assert.equal(all.code, 0);
});

test('every span of a summary is a declared span field: an edit that only moves objects never looks like a change of meaning', () => {
  // Summaries of every workspace fixture: each {start, end} object must sit under a key of SPAN_FIELDS, and no other
  // key may be one, so objectSignature drops exactly the positions.
  const seen = new Set<string>();
  const walk = (v: unknown, key: string): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const isSpan = typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2;
    if (isSpan) {
      assert.ok(SPAN_FIELDS.has(key), `a Span under "${key}", which SPAN_FIELDS does not list`);
      seen.add(key);
      return;
    }
    assert.ok(!SPAN_FIELDS.has(key) || v === undefined, `"${key}" is a span field but holds ${JSON.stringify(v)}`);
    for (const [k, x] of Object.entries(o)) walk(x, Array.isArray(o) ? key : k);
  };
  for (const file of listFixtures(path.join(FIXTURES, 'workspace'))) {
    for (const e of summarizeText(file, file, fs.readFileSync(file, 'utf8')).entries) walk(e.obj, '');
  }
  assert.deepEqual([...SPAN_FIELDS].filter((k) => !seen.has(k)), [], 'every declared span field occurs in the fixtures');
});

test('near-miss matching does not compare huge label values letter by letter (a hostile file cannot hang the checks)', { timeout: 20_000 }, () => {
  const long = 'a'.repeat(100_000);
  const r = analyzeFiles(
    [
      { file: 'x/svc.yaml', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: ${long}b\n  ports:\n    - port: 80\n` },
      { file: 'y/app.yaml', text: APP('web', `{app: ${long}c}`) },
    ],
    options,
  );
  assert.equal(r.length, 2);
});
