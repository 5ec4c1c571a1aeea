// The built server over stdio, driven by a real JSON-RPC client: diagnostics on open, edit and close,
// ranges on the blamed key or value, silence on valid and non-Kubernetes files, settings honoured.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, REPO_ROOT } from '../support/lsp-client';
import { haveShared } from '../support/shared';

const SEED = path.resolve(REPO_ROOT, '../shared/corpus/seed-examples');
const uri = (name: string) => pathToFileURL(path.join(REPO_ROOT, 'test', 'tmp-protocol', name)).href;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  type: ClusterIP
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: 8080
`;

/** The text a diagnostic underlines. */
function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  assert.equal(d.range.start.line, d.range.end.line, 'single-line range');
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

async function diagnosticsFor(client: LspClient, name: string, text: string): Promise<Diagnostic[]> {
  client.open(uri(name), text);
  return client.waitForDiagnostics(uri(name));
}

test('stdio server: seed examples are valid, broken variants are blamed on the right key or value', async (t) => {
  const client = new LspClient();
  await client.start({ rootUri: null, workspaceFolders: null });
  t.after(() => client.close());

  if (!haveShared(t, SEED, 'the seed examples over stdio')) return;
  for (const file of fs.readdirSync(SEED).filter((f) => f.endsWith('.yaml'))) {
    const d = await diagnosticsFor(client, `seed-${file}`, fs.readFileSync(path.join(SEED, file), 'utf8'));
    assert.deepEqual(d.map((x) => `${x.code}: ${x.message}`), [], `${file} is valid`);
  }

  const variants: Array<{ name: string; text: string; code: string; underlined: string; message: string }> = [
    { name: 'unknown-field', text: SERVICE.replace('  selector:', '  poarts: []\n  selector:'), code: 'schema-unknown-field', underlined: 'poarts', message: 'spec.poarts: unknown field "poarts"' },
    { name: 'nodeport-typo', text: SERVICE.replace('type: ClusterIP', 'type: Nodeport'), code: 'schema-enum', underlined: 'Nodeport', message: 'spec.type: Unsupported value: "Nodeport"' },
    { name: 'port-string', text: SERVICE.replace('port: 80', 'port: "abc"'), code: 'schema-type', underlined: '"abc"', message: 'spec.ports[0].port: expected an integer' },
    { name: 'port-range', text: SERVICE.replace('port: 80', 'port: 70000'), code: 'schema-range', underlined: '70000', message: 'must be between 1 and 65535, inclusive' },
    { name: 'port-missing', text: SERVICE.replace('      port: 80\n', ''), code: 'schema-required', underlined: 'name', message: 'spec.ports[0].port: Required value' },
  ];
  for (const v of variants) {
    // Each variant is its own Service: two open files in one folder with the same name would be a true finding.
    const d = await diagnosticsFor(client, `${v.name}.yaml`, v.text.replace('name: api\n', `name: api-${v.name}\n`));
    assert.equal(d.length, 1, `${v.name}: ${JSON.stringify(d.map((x) => x.message))}`);
    assert.equal(d[0].code, v.code, v.name);
    assert.equal(d[0].source, 'k8s-network-lens');
    assert.equal(d[0].severity, 1, `${v.name} is an error`);
    assert.equal(covered(v.text, d[0]), v.underlined, v.name);
    assert.ok(d[0].message.includes(v.message), `${v.name}: ${d[0].message}`);
  }
});

test('stdio server: diagnostics follow edits and are cleared on close; other YAML stays silent', async (t) => {
  const client = new LspClient();
  await client.start({ rootUri: null, workspaceFolders: null });
  t.after(() => client.close());
  const u = uri('edited.yaml');
  client.open(u, SERVICE);
  assert.deepEqual(await client.waitForDiagnostics(u), []);

  // Type a typo into `type: ClusterIP` -> `type: ClusterIPx`: one incremental change.
  client.change(u, [{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 17 } }, text: 'x' }]);
  const broken = await client.waitForDiagnostics(u);
  assert.equal(broken.length, 1);
  assert.equal(broken[0].code, 'schema-enum');
  assert.deepEqual(broken[0].range, { start: { line: 5, character: 8 }, end: { line: 5, character: 18 } });

  // Undo it.
  client.change(u, [{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 18 } }, text: '' }]);
  assert.deepEqual(await client.waitForDiagnostics(u), []);

  // Break it again, then close: the server clears what it published.
  client.change(u, [{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 17 } }, text: 'x' }]);
  assert.equal((await client.waitForDiagnostics(u)).length, 1);
  client.closeDocument(u);
  assert.deepEqual(await client.waitForDiagnostics(u, (d) => d.length === 0), []);

  const workflow = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: "npm test"}]\n';
  assert.deepEqual(await diagnosticsFor(client, 'workflow.yaml', workflow), []);
  const helm = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  ports: {{ toYaml .Values.ports | nindent 4 }}\n';
  assert.deepEqual(await diagnosticsFor(client, 'template.yaml', helm), []);
});

test('stdio server: k8sNetworkLens.enable = false silences it, per-rule severity is honoured', async (t) => {
  const off = new LspClient();
  await off.start({ rootUri: null, workspaceFolders: null, settings: { enable: false } });
  t.after(() => off.close());
  assert.deepEqual(await diagnosticsFor(off, 'disabled.yaml', SERVICE.replace('ClusterIP', 'Nodeport')), []);

  const tuned = new LspClient();
  await tuned.start({ rootUri: null, workspaceFolders: null, settings: { rules: { 'schema-enum': 'warning' } } });
  t.after(() => tuned.close());
  const d = await diagnosticsFor(tuned, 'tuned.yaml', SERVICE.replace('ClusterIP', 'Nodeport'));
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 2, 'schema-enum as a warning');
});

test('stdio server: a JSON manifest gets its diagnostics and a quick fix that keeps it JSON; other JSON stays silent', async (t) => {
  const client = new LspClient();
  await client.start({ rootUri: null, workspaceFolders: null });
  t.after(() => client.close());
  const text = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": { "name": "json-api" },\n  "spec": {\n    "type": "Nodeport",\n    "ports": [{ "port": 80 }]\n  }\n}\n';
  const u = uri('service.json');
  client.open(u, text, 'json');
  const d = await client.waitForDiagnostics(u);
  assert.deepEqual(d.map((x) => [x.code, covered(text, x)]), [['schema-enum', '"Nodeport"']]);
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: u }, range: d[0].range, context: { diagnostics: d, only: ['quickfix'] } });
  const edit = actions?.[0]?.edit?.changes?.[u]?.[0];
  assert.equal(edit?.newText, '"NodePort"', JSON.stringify(actions));
  assert.deepEqual(edit.range, d[0].range);

  const silent: Array<[string, string]> = [
    ['package.json', '{\n  "name": "app",\n  "version": "1.0.0",\n  "name": "again"\n}\n'],
    ['tsconfig.json', '{\n  // strict mode\n  "compilerOptions": { "strict": true, },\n}\n'],
    ['kind-only.json', '{ "kind": "Service", "spec": { "type": "Nodeport" } }\n'],
  ];
  for (const [name, json] of silent) {
    client.open(uri(name), json, 'json');
    assert.deepEqual(await client.waitForDiagnostics(uri(name)), [], name);
  }
});
