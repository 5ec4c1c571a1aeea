// CodeLens golden files: each input YAML re-rendered with its lenses as `# [lens]` comments above the line they sit
// on, and the names a click offers. Inputs are copies of the shared corpus (seed examples, policy recipes) and a
// small workspace with a headless Service and its StatefulSet.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, lensAt, lenses, lensOffsets, lookupFromView, summarizeText, withDefaults, WorkspaceIndex } from '../../server/src/core';
import { checkGolden, FIXTURES, goldenInputs } from '../support/golden';
import { LspClient } from '../support/lsp-client';

const DIR = path.join(FIXTURES, 'lens');
const inputs = goldenInputs(DIR);

function render(text: string, list: ReturnType<typeof lenses>): string {
  const lines = text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const above = new Map<number, string[]>();
  for (const l of list) {
    let line = starts.findIndex((s, i) => l.start >= s && (i + 1 === starts.length || l.start < starts[i + 1]));
    if (line < 0) line = lines.length - 1;
    const notes = above.get(line) ?? [];
    notes.push(`# [lens] ${l.title}`, ...l.names.map((n) => `#   copy: ${n}`));
    above.set(line, notes);
  }
  return lines.map((l, i) => [...(above.get(i) ?? []), l].join('\n')).join('\n');
}

test('there are lens inputs', () => assert.ok(inputs.length >= 15));

for (const input of inputs) {
  test(`lens golden ${input.name}`, () => {
    const error = checkGolden(input.file.replace(/\.ya?ml$/, '.lens.yaml'), render(input.text, lenses(input.analysis, input.lookup)));
    assert.equal(error, '');
  });
}

test("the brief's api-service lens reads api-service.default.svc.cluster.local", () => {
  const input = inputs.find((i) => i.name === 'seed-examples/clusterip-service.yaml')!;
  const [lens] = lenses(input.analysis, input.lookup);
  assert.equal(lens.title, 'api-service.default.svc.cluster.local');
  assert.deepEqual(lens.names, [
    'api-service.default.svc.cluster.local',
    'api-service',
    'api-service.default',
    'api-service.default.svc',
    '_http._tcp.api-service.default.svc.cluster.local',
    '_grpc._tcp.api-service.default.svc.cluster.local',
  ]);
});

test('a headless Service lists one name per StatefulSet replica', () => {
  const input = inputs.find((i) => i.name === 'workspace/postgres.yaml')!;
  const [headless, external] = lenses(input.analysis, input.lookup);
  const podNames = headless.names.filter((n) => /^postgres-\d\./.test(n));
  assert.deepEqual(podNames, [0, 1, 2].map((i) => `postgres-${i}.postgres-headless.db.svc.cluster.local`));
  assert.match(headless.title, /headless, 3 pod names/);
  assert.equal(external.title, 'legacy-db.db.svc.cluster.local → CNAME db.legacy.example.com');
  assert.ok(external.names.includes('db.legacy.example.com'));
});

test('the cluster domain and default namespace come from the options', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
  const [lens] = lenses(analyze(text, withDefaults({ clusterDomain: 'corp.internal', defaultNamespace: 'shop' })));
  assert.equal(lens.title, 'web.shop.svc.corp.internal');
});

test('broken or foreign YAML yields no lens and no error', () => {
  for (const text of ['kind: Service\nmetadata: [', 'a: b\n', '{{ .Values }}', 'apiVersion: v1\nkind: Service\nmetadata: 7\n', '']) {
    assert.doesNotThrow(() => lenses(analyze(text, withDefaults())));
  }
  assert.deepEqual(lenses(analyze('apiVersion: v1\nkind: Service\nmetadata: 7\n', withDefaults())), []);
});

test('through the language server: the lens runs the copy command with every name', async () => {
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///w/lens/api-service.yaml';
    client.open(uri, fs.readFileSync(path.join(DIR, 'seed-examples/clusterip-service.yaml'), 'utf8'));
    const lensList: any[] = await client.request('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lensList.length, 1);
    assert.deepEqual(lensList[0].range.start, { line: 0, character: 0 });
    assert.equal(lensList[0].command.title, 'api-service.default.svc.cluster.local');
    assert.equal(lensList[0].command.command, 'k8sNetworkLens.copyDnsName');
    assert.equal(lensList[0].command.arguments[0][0], 'api-service.default.svc.cluster.local');
    const hover: any = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 9 } });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /^\*\*type: ClusterIP\*\*/);
    assert.deepEqual(hover.range, { start: { line: 7, character: 8 }, end: { line: 7, character: 17 } });
  } finally {
    await client.close();
  }
});

test('through the language server: the workspace index gives a headless Service its per-pod names', async () => {
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///w/lens/postgres.yaml';
    client.open(uri, fs.readFileSync(path.join(DIR, 'workspace/postgres.yaml'), 'utf8'));
    await client.waitForDiagnostics(uri);
    const lensList: any[] = await client.request('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lensList[0].command.title, 'postgres-headless.db.svc.cluster.local · headless, 3 pod names');
    assert.deepEqual(
      lensList[0].command.arguments[0].filter((n: string) => /^postgres-\d\./.test(n)),
      [0, 1, 2].map((i) => `postgres-${i}.postgres-headless.db.svc.cluster.local`),
    );
  } finally {
    await client.close();
  }
});

test('a kustomization namespace names the Service when metadata.namespace is absent', () => {
  const options = withDefaults();
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\nspec:\n  ports:\n    - port: 7070\n';
  const index = new WorkspaceIndex();
  index.set(summarizeText('app/kustomization.yaml', 'app/kustomization.yaml', 'resources:\n  - cart.yaml\nnamespace: shop\n'));
  index.set(summarizeText('app/cart.yaml', 'app/cart.yaml', service));
  const lookup = lookupFromView(index.view(options.defaultNamespace), 'app/cart.yaml', options.dns);
  assert.equal(lenses(analyze(service, options), lookup)[0].title, 'cart.shop.svc.cluster.local');
});

test('lensOffsets and lensAt give, without a walk of the file, exactly the lenses of `lenses`', () => {
  for (const input of inputs) {
    const all = lenses(input.analysis, input.lookup);
    assert.deepEqual(lensOffsets(input.analysis), all.map((l) => l.start), input.name);
    for (const l of all) assert.deepEqual(lensAt(input.analysis, l.start, input.lookup), l, input.name);
  }
  assert.equal(lensAt(inputs[0].analysis, 1e9), undefined);
});

test('through the language server: a file with many lenses lists where they sit and resolves each on demand', async () => {
  const service = (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  ports:\n    - name: http\n      port: 80\n`;
  const policy = (i: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${i}\nspec:\n  podSelector:\n    matchLabels:\n      app: a${i}\n  policyTypes: [Egress]\n`;
  const text = Array.from({ length: 150 }, (_, i) => `${service(i)}---\n${policy(i)}`).join('---\n');
  // As the server sees it: the open file is in its workspace index.
  const options = withDefaults();
  const index = new WorkspaceIndex();
  index.set(summarizeText('many.yaml', 'many.yaml', text));
  const expected = lenses(analyze(text, options), lookupFromView(index.view(options.defaultNamespace), 'many.yaml', options.dns));
  assert.equal(expected.length, 300);
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///k8s/many-lenses.yaml';
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const listed: any[] = await client.request('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(listed.length, expected.length);
    assert.ok(listed.every((l) => l.command === undefined && l.data !== undefined), 'left to resolve');
    const lines = text.split('\n');
    for (const i of [0, 1, 2, 151, 298, 299]) {
      const resolved: any = await client.request('codeLens/resolve', listed[i]);
      assert.deepEqual(resolved.range, listed[i].range);
      assert.equal(lines[resolved.range.start.line], i % 2 ? 'apiVersion: networking.k8s.io/v1' : 'apiVersion: v1');
      assert.equal(resolved.command.title, expected[i].title);
      if (expected[i].names.length) assert.deepEqual(resolved.command, { title: expected[i].title, command: 'k8sNetworkLens.copyDnsName', arguments: [expected[i].names] });
      else assert.equal(resolved.command.command, '');
    }
    assert.equal((await client.request('codeLens/resolve', listed[0])).command.title, 'svc-0.default.svc.cluster.local');
    assert.match((await client.request('codeLens/resolve', listed[1])).command.title, /DNS egress blocked$/);
    // Asked again for the same version: the same answer (kept per analysis); after an edit, the new places, never
    // the kept answer of the old version.
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), listed);
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# two lines\n# on top\n' }]);
    const moved: any[] = await client.request('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      moved.map((l) => l.range.start.line),
      listed.map((l) => l.range.start.line + 2),
    );
  } finally {
    await client.close();
  }
});
