// The cross-file checks over the protocol: the bundled server, a real workspace folder on disk, two open files.
// Editing one file re-publishes the other's diagnostics; closing restores the disk version; watched-file
// notifications, `k8sNetworkLens.ignore` and single-file mode behave as documented in lsp/workspace.ts.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient } from '../support/lsp-client';
import { haveShared } from '../support/shared';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/realworld');

const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: main
          image: example/web
`;
const service = (name: string, app: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${app}
  ports:
    - port: 80
`;

const codes = (d: Diagnostic[]) => d.map((x) => x.code);
const has = (id: string) => (d: Diagnostic[]) => codes(d).includes(id);
const hasNot = (id: string) => (d: Diagnostic[]) => !codes(d).includes(id);

async function indexed(c: LspClient): Promise<void> {
  const t0 = Date.now();
  while (!c.logs.some((l) => l.message.startsWith('Workspace index:'))) {
    if (Date.now() - t0 > 20_000) throw new Error(`workspace scan did not finish: ${JSON.stringify(c.logs)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('two open files: editing the Deployment updates the Service diagnostics in the other file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-ws-'));
  const c = new LspClient();
  try {
    fs.writeFileSync(path.join(dir, 'deployment.yaml'), deployment('{app: web}'));
    fs.writeFileSync(path.join(dir, 'service.yaml'), service('web', 'web') + '---\n' + service('api', 'api'));
    fs.mkdirSync(path.join(dir, 'old'));
    fs.writeFileSync(path.join(dir, 'old', 'api.yaml'), deployment('{app: api}').replace('name: web', 'name: api'));
    const depUri = pathToFileURL(path.join(dir, 'deployment.yaml')).href;
    const svcUri = pathToFileURL(path.join(dir, 'service.yaml')).href;
    await c.start({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }], settings: { ignore: ['old/**'] } });
    c.open(svcUri, fs.readFileSync(path.join(dir, 'service.yaml'), 'utf8'));
    c.open(depUri, fs.readFileSync(path.join(dir, 'deployment.yaml'), 'utf8'));
    await indexed(c);

    // old/ is ignored, so the api Service selects nothing; web resolves.
    let d = await c.waitForDiagnostics(svcUri, has('service-selector-no-match'));
    assert.equal(d.filter((x) => x.code === 'service-selector-no-match').length, 1, JSON.stringify(d));
    assert.equal(d.find((x) => x.code === 'service-selector-no-match')!.range.start.line, 15, 'on the api Service');

    // Edit the Deployment's labels in the other open file: the web Service now selects nothing.
    c.change(depUri, [{ text: deployment('{app: web-server}') }]);
    d = await c.waitForDiagnostics(svcUri, (x) => x.filter((y) => y.code === 'service-selector-no-match').length === 2);
    const web = d.find((x) => x.code === 'service-selector-no-match' && x.range.start.line === 5)!;
    assert.ok(web, JSON.stringify(d));
    const rel = (web.relatedInformation as Array<{ location: { uri: string; range: { start: { line: number } } } }>)[0];
    assert.equal(rel.location.uri, depUri, 'related information jumps to the Deployment');
    assert.equal(rel.location.range.start.line, 9, 'its pod template labels');

    // Close the edited Deployment without saving: the disk version (app: web) counts again.
    c.closeDocument(depUri);
    d = await c.waitForDiagnostics(svcUri, (x) => x.filter((y) => y.code === 'service-selector-no-match').length === 1);

    // A new file on disk, announced by the client's watcher, gives api its pods.
    const apiFile = path.join(dir, 'api.yaml');
    fs.writeFileSync(apiFile, deployment('{app: api}').replace('name: web', 'name: api'));
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(apiFile).href, type: 1 }] });
    await c.waitForDiagnostics(svcUri, hasNot('service-selector-no-match'));

    // ... and its deletion takes them away again.
    fs.rmSync(apiFile);
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(apiFile).href, type: 3 }] });
    await c.waitForDiagnostics(svcUri, has('service-selector-no-match'));

    // Un-ignoring old/ (a settings change) rescans: its Deployment gives api its pods.
    c.settings = { ignore: [] };
    c.notify('workspace/didChangeConfiguration', { settings: { k8sNetworkLens: c.settings } });
    await c.waitForDiagnostics(svcUri, hasNot('service-selector-no-match'));
    assert.deepEqual(c.loggedErrors(), []);
    assert.deepEqual(c.protocolErrors, []);
  } finally {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('microservices-demo deny-all: reported when opened alone, not with the repository open', async (t) => {
  const file = path.join(CORPUS, 'microservices-demo/kustomize/components/network-policies/network-policy-deny-all.yaml');
  if (!haveShared(t, CORPUS, 'the microservices-demo deny-all over the protocol')) return;
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');

  const alone = new LspClient();
  try {
    await alone.start({ workspaceFolders: null });
    alone.open(uri, text);
    const d = await alone.waitForDiagnostics(uri, has('netpol-dns-egress-blocked'));
    const dns = d.find((x) => x.code === 'netpol-dns-egress-blocked')!;
    assert.match(dns.message, /every pod in namespace default loses name resolution/);
    assert.equal(dns.range.start.line, 22);
  } finally {
    await alone.close();
  }

  const repo = new LspClient();
  try {
    await repo.start({ workspaceFolders: [{ uri: pathToFileURL(path.join(CORPUS, 'microservices-demo')).href, name: 'demo' }] });
    repo.open(uri, text);
    await indexed(repo);
    const svcFile = path.join(CORPUS, 'microservices-demo/kubernetes-manifests/frontend.yaml');
    repo.open(pathToFileURL(svcFile).href, fs.readFileSync(svcFile, 'utf8'));
    // Published after the scan: every app's own policy allows egress, every Service finds its Deployment.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await repo.waitForDiagnostics(uri, (x) => x.length === 0), []);
    assert.deepEqual(await repo.waitForDiagnostics(pathToFileURL(svcFile).href), []);
  } finally {
    await repo.close();
  }
});

test('a workspace folder added later is indexed; removing it drops its files', async () => {
  const a = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-ws-a-'));
  const b = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-ws-b-'));
  const c = new LspClient();
  try {
    fs.writeFileSync(path.join(a, 'service.yaml'), service('web', 'web'));
    fs.writeFileSync(path.join(a, 'other.yaml'), deployment('{app: other}').replace('name: web', 'name: other'));
    fs.writeFileSync(path.join(b, 'deployment.yaml'), deployment('{app: web}'));
    const svcUri = pathToFileURL(path.join(a, 'service.yaml')).href;
    await c.start({ workspaceFolders: [{ uri: pathToFileURL(a).href, name: 'a' }] });
    c.open(svcUri, service('web', 'web'));
    await indexed(c);
    await c.waitForDiagnostics(svcUri, has('service-selector-no-match'));
    const folderB = { uri: pathToFileURL(b).href, name: 'b' };
    c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [folderB], removed: [] } });
    await c.waitForDiagnostics(svcUri, hasNot('service-selector-no-match'));
    c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folderB] } });
    await c.waitForDiagnostics(svcUri, has('service-selector-no-match'));
  } finally {
    await c.close();
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
});

test('a kustomize patch file open in the editor is not an object: no "Required value" errors, until no kustomization lists it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-ws-'));
  const c = new LspClient();
  try {
    const patch = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n';
    fs.writeFileSync(path.join(dir, 'service-patch.yaml'), patch);
    fs.writeFileSync(path.join(dir, 'service.yaml'), service('web', 'web'));
    const kustomization = path.join(dir, 'kustomization.yaml');
    fs.writeFileSync(kustomization, 'resources:\n  - service.yaml\npatches:\n  - path: service-patch.yaml\n');
    const uri = pathToFileURL(path.join(dir, 'service-patch.yaml')).href;
    await c.start({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }] });
    c.open(uri, patch);
    await indexed(c);
    await c.waitForDiagnostics(uri, (d) => d.length === 0);
    // The kustomization no longer lists it: now it is a Service without ports, which the API server rejects.
    fs.writeFileSync(kustomization, 'resources:\n  - service.yaml\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(kustomization).href, type: 2 }] });
    const d = await c.waitForDiagnostics(uri, has('service-ports-required'));
    assert.ok(d.some((x) => x.severity === 1), JSON.stringify(d));
  } finally {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
