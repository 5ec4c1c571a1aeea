// Conventions of the rule registry, checked rather than remembered: one file per rule named after its id, every file
// registered, unique kebab-case ids, docs, and a fixture folder with a valid and an invalid example for every rule
// (including the ids the pipeline reports itself, rules/builtin.ts). Also keeps the README rules table and
// docs/rules.md in sync with the registry (UPDATE_GOLDEN=1 rewrites them).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules } from '../../server/src/core/rules/index';
import { builtinRules } from '../../server/src/core/rules/builtin';
import { allRuleMeta, analyze, withDefaults } from '../../server/src/core';
import { FIXTURES, listFixtures, parseAnnotations, ROOT } from '../support/fixtures';

const RULES_SRC = path.join(ROOT, 'server', 'src', 'core', 'rules');
/** Files of rules/ that are not rules. */
const NOT_RULES = new Set(['index.ts', 'types.ts', 'builtin.ts', 'registry.ts']);
/** Built-in ids that no fixture can produce, each with the reason. */
const NO_FIXTURE: Record<string, string> = {
  'internal-error': 'reported only when a rule throws, which no valid rule does on any input (the fuzz tests look for it)',
};

const ruleFiles = fs
  .readdirSync(RULES_SRC)
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
  .map((f) => f.slice(0, -3));

test('every rule file is registered in rules/index.ts', () => {
  const ids = new Set(rules.map((r) => r.id));
  const missing = ruleFiles.filter((f) => !ids.has(f));
  assert.deepEqual(missing, [], `rule files not registered (or whose id differs from the file name): ${missing.join(', ')}`);
});

test('every registered rule lives in rules/<id>.ts and is exported from there', () => {
  for (const rule of rules) {
    const file = path.join(__dirname, '..', '..', 'server', 'src', 'core', 'rules', `${rule.id}.js`);
    assert.ok(fs.existsSync(path.join(RULES_SRC, `${rule.id}.ts`)), `${rule.id}: no file rules/${rule.id}.ts`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(file) as Record<string, unknown>);
    assert.ok(exported.includes(rule), `${rule.id}: rules/${rule.id}.ts does not export the registered rule`);
  }
});

test('rule ids are unique, kebab-case and documented', () => {
  const seen = new Set<string>();
  for (const meta of [...builtinRules, ...rules]) {
    assert.match(meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${meta.id} is not kebab-case`);
    assert.ok(!seen.has(meta.id), `duplicate rule id ${meta.id}`);
    seen.add(meta.id);
    assert.ok(meta.docs.trim().length > 10, `${meta.id} has no docs`);
    assert.ok(meta.kinds.length > 0, `${meta.id} applies to no kind`);
  }
  for (const rule of rules) {
    assert.match(rule.id, /^(service|netpol|meta)-/, `${rule.id}: a rule id starts with service-, netpol- or meta-`);
    assert.ok(rule.source, `${rule.id} names no source`);
    assert.ok(rule.example, `${rule.id} has no example`);
  }
});

test('every rule has a fixture folder with a valid and an invalid example', () => {
  const problems: string[] = [];
  for (const meta of [...builtinRules, ...rules]) {
    if (NO_FIXTURE[meta.id]) continue;
    const files = listFixtures(path.join(FIXTURES, 'rules', meta.id));
    const annotations = files.map((f) => parseAnnotations(fs.readFileSync(f, 'utf8')));
    if (!annotations.some((a) => a.length === 0)) problems.push(`${meta.id}: no valid fixture (a file without annotations)`);
    if (!annotations.some((a) => a.some((e) => e.ruleId === meta.id))) problems.push(`${meta.id}: no invalid fixture (an annotation of ${meta.id})`);
  }
  assert.deepEqual(problems, []);
});

test('fixture exemptions name existing built-in ids', () => {
  for (const id of Object.keys(NO_FIXTURE)) assert.ok(builtinRules.some((r) => r.id === id), `${id} is not a built-in id`);
});

test('README rules table and docs/rules.md match the registry (UPDATE_GOLDEN=1 rewrites them)', async () => {
  const gen = await import(pathToFileURL(path.join(ROOT, 'scripts', 'gen-rules-table.mjs')).href);
  const metas = allRuleMeta();
  const readme = fs.readFileSync(gen.README, 'utf8');
  assert.match(readme, /<!-- rules:start -->\n[\s\S]*<!-- rules:end -->/, 'README.md lacks the rules markers');
  const nextReadme: string = gen.withTable(readme, gen.rulesTable(metas));
  const nextDocs: string = gen.rulesDoc(metas);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (nextReadme !== readme) fs.writeFileSync(gen.README, nextReadme);
    fs.mkdirSync(path.dirname(gen.DOCS), { recursive: true });
    fs.writeFileSync(gen.DOCS, nextDocs);
    return;
  }
  assert.equal(readme, nextReadme, 'README.md rules table is stale: run `npm run rules-table`');
  assert.equal(fs.existsSync(gen.DOCS) ? fs.readFileSync(gen.DOCS, 'utf8') : '', nextDocs, 'docs/rules.md is stale: run `npm run rules-table`');
});

test('no rule throws on values of the wrong type anywhere in a manifest', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'ns', generateName: 'w-', labels: { a: 'b' }, annotations: { 'service.kubernetes.io/topology-mode': 'Auto' }, finalizers: ['a/b'], ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'n', uid: 'u', controller: true }] },
    spec: {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080, appProtocol: 'http' }, { name: 'b', port: 81 }],
      clusterIP: '10.0.0.1',
      clusterIPs: ['10.0.0.1', '2001:db8::1'],
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'RequireDualStack',
      externalIPs: ['203.0.113.1'],
      externalName: 'a.example.com',
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 30100,
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } },
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      loadBalancerClass: 'example.com/lb',
      allocateLoadBalancerNodePorts: true,
      trafficDistribution: 'PreferClose',
    },
  };
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np' },
    spec: {
      podSelector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {}, namespaceSelector: { matchLabels: { c: 'd' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 80, endPort: 90, protocol: 'TCP' }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'dns' }] }],
    },
  };
  const weird: unknown[] = [null, -1, 1.5, '', true, [], { a: 1 }];
  const paths = (x: unknown, at: Array<string | number> = []): Array<Array<string | number>> =>
    x && typeof x === 'object'
      ? [at, ...Object.entries(x as Record<string, unknown>).flatMap(([k, v]) => paths(v, [...at, Array.isArray(x) ? Number(k) : k]))]
      : [at];
  const set = (obj: unknown, at: Array<string | number>, v: unknown) => {
    const copy = JSON.parse(JSON.stringify(obj));
    let cur = copy;
    for (const seg of at.slice(0, -1)) cur = cur[seg];
    cur[at[at.length - 1]] = v;
    return copy;
  };
  let runs = 0;
  for (const base of [service, policy]) {
    // apiVersion and kind decide whether a document is analysed at all; everything below them is fair game.
    for (const at of paths(base).filter((p) => p.length > 0 && p[0] !== 'apiVersion' && p[0] !== 'kind')) {
      for (const v of weird) {
        const text = JSON.stringify(set(base, at, v), null, 1);
        const thrown = analyze(text, withDefaults()).problems.filter((p) => p.ruleId === 'internal-error');
        runs++;
        assert.deepEqual(thrown.map((p) => p.message), [], `${at.join('.')} = ${JSON.stringify(v)}`);
      }
    }
  }
  assert.ok(runs > 400, `only ${runs} variants`);
});
