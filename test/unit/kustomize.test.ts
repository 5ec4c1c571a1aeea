// The kustomize model of the cross-file checks (core/workspace/kustomize.ts, patch-ops.ts): what a kustomization
// says, which files its builds include, what they do to namespaces, names and labels, and what stays unknown.
import test from 'node:test';
import assert from 'node:assert/strict';
import { isKubeadmPatch, normalizePath, readKustomization, resolveBuilds, type Kustomization } from '../../server/src/core/workspace/kustomize';
import { inlinePatchOps, isJsonPatch, jsonPatchOps, mergePatchOps } from '../../server/src/core/workspace/patch-ops';

const k = (v: Record<string, unknown>): Kustomization => readKustomization(v);

test('a kustomization is read as resources, components, patches, labels and what cannot be followed', () => {
  const r = k({
    namespace: 'shop',
    resources: ['app.yaml', '../base', 'https://github.com/org/repo/config?ref=v1'],
    bases: ['../old-base'],
    components: ['../components/tls'],
    patches: [{ path: 'p1.yaml' }, { path: 'p2.yaml', target: { kind: 'Deployment', name: 'web' } }, { patch: '- op: add\n  path: /spec/template/metadata/labels/x\n  value: y', target: { kind: 'Deployment' } }],
    patchesStrategicMerge: ['p3.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    metadata:\n      labels: {tier: api}\n'],
    commonLabels: { app: 'shop' },
    labels: [{ pairs: { team: 'a' }, includeTemplates: true }, { pairs: { skipped: 'b' } }, { pairs: { sel: 'c' }, includeSelectors: true }],
    namePrefix: 'p-',
    helmCharts: [{ name: 'redis' }],
    replacements: [{ source: { kind: 'ConfigMap' }, targets: [{ fieldPaths: ['spec.selector.app'] }] }],
  });
  assert.equal(r.namespace, 'shop');
  assert.deepEqual(r.resources, ['app.yaml', '../base', 'https://github.com/org/repo/config?ref=v1', '../old-base']);
  assert.deepEqual(r.components, ['../components/tls']);
  assert.deepEqual(r.templateLabels, { app: 'shop', team: 'a', sel: 'c' });
  assert.deepEqual(r.selectorLabels, { app: 'shop', sel: 'c' });
  assert.equal(r.namePrefix, 'p-');
  assert.deepEqual(r.unseen, ['a remote resource (https://github.com/org/repo/config?ref=v1)', 'Helm charts rendered by the build']);
  assert.deepEqual(r.opaque, ['a replacement that may change labels or selectors']);
  const files = r.patches.filter((p) => 'file' in p).map((p) => ('file' in p ? p.file : ''));
  assert.deepEqual(files, ['p1.yaml', 'p2.yaml', 'p3.yaml']);
  const inline = r.patches.filter((p) => 'inline' in p);
  assert.equal(inline.length, 2);
  assert.deepEqual('inline' in inline[0] && inline[0].ops.labels, [['x', 'y']]);
  assert.deepEqual('inline' in inline[1] && inline[1].target, { kind: 'Deployment', name: 'api' }, 'an inline strategic-merge patch targets the object it names');
  assert.deepEqual('inline' in inline[1] && inline[1].ops.labels, [['tier', 'api']]);
});

test('odd kustomizations never throw', () => {
  for (const v of [{}, { resources: 'x' }, { patches: [null, 3, { path: 4 }] }, { commonLabels: [1] }, { labels: [{ pairs: { a: 1 } }] }, { patchesStrategicMerge: [{}] }]) {
    assert.doesNotThrow(() => readKustomization(v as Record<string, unknown>));
  }
  assert.deepEqual(inlinePatchOps('{{ not yaml').ops.labels, []);
});

test('paths are normalised as kustomize resolves them', () => {
  assert.equal(normalizePath('a/./b/../c.yaml'), 'a/c.yaml');
  assert.equal(normalizePath('../x/../y'), '../y');
  assert.equal(normalizePath('/ws/app/../base'), '/ws/base');
  assert.equal(normalizePath('C:\\ws\\app\\..\\base'), 'C:\\ws\\base');
});

test('builds: the outermost namespace wins, prefixes nest, patches are not objects, and bases in two overlays are in two namespaces', () => {
  const files = [
    { file: 'base/kustomization.yaml', kustomization: k({ resources: ['app.yaml'], namePrefix: 'b-', patches: [{ path: 'patch.yaml' }] }) },
    { file: 'base/app.yaml' },
    { file: 'base/patch.yaml' },
    { file: 'dev/kustomization.yaml', kustomization: k({ namespace: 'dev', namePrefix: 'dev-', resources: ['../base'] }) },
    { file: 'prod/kustomization.yaml', kustomization: k({ namespace: 'prod', resources: ['../base', 'extra.yaml'] }) },
    { file: 'prod/extra.yaml' },
    { file: 'loose.yaml' },
  ];
  const b = resolveBuilds(files);
  const app = b.get('base/app.yaml')!;
  assert.deepEqual(app.builds.map((x) => [x.root, x.prefix]).sort(), [['dev', 'dev-b-'], ['prod', 'b-']]);
  assert.equal(app.namespaceAmbiguous, true);
  assert.deepEqual([...app.namespaces].sort(), ['dev', 'prod']);
  assert.equal(b.get('base/patch.yaml')!.patch, true);
  assert.equal(b.get('prod/extra.yaml')!.namespace, 'prod');
  assert.equal(b.get('prod/extra.yaml')!.namespaceAmbiguous, false);
  assert.equal(b.has('loose.yaml'), false, 'a file no kustomization lists is not in a build');
  assert.equal(app.patches.length, 1, 'the base patch applies to the base files');
});

test('objects the tool cannot read belong to the whole build; cycles end', () => {
  const files = [
    { file: 'top/kustomization.yaml', kustomization: k({ namespace: 'ns', resources: ['../a', '../b'] }) },
    { file: 'a/kustomization.yaml', kustomization: k({ resources: ['https://example.com/x.yaml', '../b'] }) },
    { file: 'b/kustomization.yaml', kustomization: k({ resources: ['svc.yaml', '../a'] }) },
    { file: 'b/svc.yaml' },
  ];
  const b = resolveBuilds(files);
  assert.deepEqual(b.get('b/svc.yaml')!.unseen.map((u) => u.namespace), ['ns']);
});

test('JSON and strategic-merge patches: label values are followed, selectors and ports are flagged', () => {
  const ops = [
    { op: 'add', path: '/spec/template/metadata/labels/app.kubernetes.io~1name', value: 'web' },
    { op: 'replace', path: '/spec/template/metadata/labels', value: { tier: 'front' } },
    { op: 'remove', path: '/spec/template/metadata/labels/old' },
  ];
  assert.ok(isJsonPatch(ops));
  assert.deepEqual(jsonPatchOps(ops), { labels: [['app.kubernetes.io/name', 'web'], ['tier', 'front']] });
  assert.equal(jsonPatchOps([{ op: 'copy', from: '/x', path: '/spec/template/metadata/labels/a' }]).unknownLabels, true);
  assert.equal(jsonPatchOps([{ op: 'replace', path: '/spec/selector/app', value: 'x' }]).selector, true);
  assert.equal(jsonPatchOps([{ op: 'add', path: '/spec/template/spec/containers/-', value: {} }]).ports, true);
  assert.equal(isJsonPatch([{ name: 'x' }]), false);
  const smp = mergePatchOps({ kind: 'Deployment', spec: { template: { metadata: { labels: { v: '2' } }, spec: { containers: [{ name: 'p', ports: [{ containerPort: 1 }] }] } } } });
  assert.deepEqual(smp, { labels: [['v', '2']], ports: true });
  assert.equal(mergePatchOps({ kind: 'Service', spec: { selector: { a: 'b' } } }).selector, true);
});

test("kubeadm's patch files are recognised by name", () => {
  assert.ok(isKubeadmPatch('patches/kube-apiserver+strategic.yaml'));
  assert.ok(isKubeadmPatch('p/etcd0+json.json'));
  assert.ok(!isKubeadmPatch('p/kube-apiserver.yaml'));
});
