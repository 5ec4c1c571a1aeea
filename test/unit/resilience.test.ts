// Server resilience over the real protocol: a handler that throws is logged and answered with an empty result;
// malformed requests, notifications and bytes never end the process; after all of it the server still analyses.
//
// Making a handler throw needs no hook in the shipped server: the test starts the compiled server through a small
// wrapper (written to a temp folder) that replaces ctx.analysisOf — which every feature goes through — with one that
// throws for documents containing a marker. Production code has no test-only branch.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostic, LspClient, ResponseError } from '../support/lsp-client';
import { probesFor } from '../fuzz/probes';

const ROOT = path.resolve(__dirname, '../../..');
const MARKER = '# knl-test: throw';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: clusterip\n  ports:\n  - port: 80\n';

const isEmpty = (r: unknown) => r === null || (Array.isArray(r) && r.length === 0) || (typeof r === 'object' && r !== null && Array.isArray((r as any).items) && (r as any).items.length === 0);

function throwingServer(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-resilience-'));
  const file = path.join(dir, 'throwing-server.js');
  fs.writeFileSync(
    file,
    `const { createConnection, ProposedFeatures } = require(${JSON.stringify(require.resolve('vscode-languageserver/node'))});
const { startServer } = require(${JSON.stringify(path.join(ROOT, 'out', 'server', 'src', 'lsp', 'server.js'))});
const ctx = startServer(createConnection(ProposedFeatures.all));
const analysisOf = ctx.analysisOf.bind(ctx);
ctx.analysisOf = (doc, settings) => {
  if (doc.getText().includes(${JSON.stringify(MARKER)})) throw new Error('test-only failure in a handler');
  return analysisOf(doc, settings);
};
`,
  );
  return file;
}

test('a handler that throws is logged and answered with an empty result; other documents are unaffected', { timeout: 60_000 }, async () => {
  const client = new LspClient();
  await client.start({ serverPath: throwingServer() });
  try {
    const bad = 'file:///resilience/throws.yaml';
    const good = 'file:///resilience/fine.yaml';
    client.open(bad, `${MARKER}\n${SERVICE}`);
    client.open(good, SERVICE);
    const badDiags = await client.waitForDiagnostics(bad);
    assert.deepEqual(badDiags, [], 'a document whose analysis throws gets no diagnostics, not a crash');
    const goodDiags = await client.waitForDiagnostics(good);
    assert.ok(goodDiags.some((d) => d.code === 'schema-enum'), 'the other document is still analysed');
    const probes = probesFor(client.capabilities);
    assert.ok(probes.length > 0);
    const pos = { line: 5, character: 9 };
    const answered: string[] = [];
    for (const probe of probes) {
      // Diagnostics of the good document, as a client would send them back after a copy-paste: the handler still
      // reaches the throwing analysis for anything that needs the document.
      const r = await probe.run(client, bad, pos, pos, goodDiags.map((d) => ({ ...d, data: undefined })), 5000);
      if (probe.method !== 'textDocument/codeAction' && probe.method !== 'workspace/symbol') assert.ok(isEmpty(r), `${probe.method} answered ${JSON.stringify(r).slice(0, 200)}`);
      answered.push(probe.method);
    }
    const logged = client.loggedErrors().join('\n');
    assert.match(logged, /test-only failure in a handler/, 'the failure is logged');
    assert.ok(client.alive);
    // And the good document is still served afterwards.
    client.change(good, [{ text: SERVICE.replace('clusterip', 'ClusterIP') }]);
    assert.deepEqual(await client.waitForDiagnostics(good), []);
    console.log(`[resilience] empty answers from a throwing analysis: ${answered.join(', ')}`);
  } finally {
    await client.close();
  }
});

test('malformed requests get empty results, not error responses, and the server keeps running', { timeout: 60_000 }, async () => {
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///resilience/doc.yaml';
    client.open(uri, SERVICE);
    await client.waitForDiagnostics(uri);
    const caps = client.capabilities;
    const methods = probesFor(caps).map((p) => p.method);
    // (`null` params are not tried: the LSP library reads params.workDoneToken before any handler of ours runs and
    // answers with an error itself; the process survives that too — see the notifications test.)
    const bodies: unknown[] = [
      {},
      { textDocument: { uri: 'file:///never-opened.yaml' }, position: { line: 0, character: 0 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } },
      { textDocument: { uri }, position: { line: -5, character: 'x' }, range: { start: { line: 99, character: -1 }, end: null }, context: { diagnostics: 'nope' } },
      {
        textDocument: { uri },
        position: { line: 1e9, character: 1e9 },
        range: { start: { line: 0, character: 0 }, end: { line: 1e9, character: 0 } },
        context: { diagnostics: [{ source: 'k8s-network-lens', code: 'schema-enum', message: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, data: { fixes: 5 } }] },
      },
    ];
    const errors: string[] = [];
    for (const method of methods) {
      for (const params of bodies) {
        try {
          await client.request(method, params, 5000);
        } catch (e) {
          if (e instanceof ResponseError) errors.push(`${method} ${JSON.stringify(params)?.slice(0, 80)}: ${e.code} ${e.message.slice(0, 200)}`);
          else throw e;
        }
      }
    }
    assert.deepEqual(errors, [], 'a request handler answered with an error');
    for (const method of methods) await client.request(method, null, 5000).catch((e) => assert.ok(e instanceof ResponseError, String(e)));
    assert.ok(client.alive);
    // A method nobody handles is a MethodNotFound error, as JSON-RPC requires; the server stays up.
    await assert.rejects(client.request('k8sNetworkLens/noSuchMethod', {}, 5000), (e: unknown) => e instanceof ResponseError && e.code === -32601);
    assert.ok(client.alive);
  } finally {
    await client.close();
  }
});

test('bad notifications and garbage bytes on stdin never end the process', { timeout: 60_000 }, async () => {
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///resilience/n.yaml';
    // Notifications about documents that are not open, twice-closed documents, wrong types.
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never.yaml', version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never.yaml' } });
    client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///number.yaml', languageId: 'yaml', version: 1, text: 42 } });
    client.notify('textDocument/didOpen', null);
    client.notify('textDocument/didChange', null);
    client.notify('workspace/didChangeConfiguration', { settings: { k8sNetworkLens: { maxFileSizeMB: 'lots', maxDocuments: -1, rules: 7, dns: null } } });
    client.notify('workspace/didChangeConfiguration', null);
    client.notify('$/cancelRequest', { id: 'nope' });
    client.notify('k8sNetworkLens/unknownNotification', { x: 1 });
    // Garbage on the wire: a frame whose body is not JSON, a frame of JSON that is not a message.
    const raw = (body: string) => client.proc!.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    raw('{"jsonrpc": "2.0", "method": ');
    raw('[1, 2, 3]');
    raw('"just a string"');
    // The server still works afterwards.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(client.alive, `the server exited: ${client.stderr.slice(-1000)}`);
    client.open(uri, SERVICE);
    const diags: Diagnostic[] = await client.waitForDiagnostics(uri, undefined, 10_000);
    assert.ok(diags.some((d) => d.code === 'schema-enum'), JSON.stringify(diags));
    assert.ok(client.alive);
    assert.deepEqual(client.protocolErrors, []);
  } finally {
    await client.close();
  }
});

test('every request handler registered in server/src/lsp goes through ctx.safely', () => {
  const dir = path.join(ROOT, 'server', 'src', 'lsp');
  const missing: string[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const handlers = [...text.matchAll(/connection\.(?:languages\.\w+\.)?on(\w+)\(/g)]
      .map((m) => m[1])
      .filter((n) => !/^(Initialize|Initialized|Shutdown|Exit|Notification|DidChangeConfiguration|DidChangeWatchedFiles|DidChangeWorkspaceFolders|DidOpenTextDocument|DidChangeTextDocument|DidCloseTextDocument|DidSaveTextDocument|WillSaveTextDocument|Progress)$/.test(n));
    if (handlers.length && !/\bsafely\s*[<(]/.test(text)) missing.push(`${f}: ${handlers.join(', ')}`);
  }
  assert.deepEqual(missing, []);
});

test('odd document URIs and watched-file events are handled without a logged failure', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-uris-'));
  const folder = `file://${dir.split(path.sep).map(encodeURIComponent).join('/')}`;
  const client = new LspClient();
  await client.start({ rootUri: folder, workspaceFolders: [{ uri: folder, name: 'tmp' }] });
  try {
    const uris = ['untitled:Untitled-1', 'file:///%zz.yaml', 'file://server/share/x.yaml', 'vscode-notebook-cell:/x.ipynb#W0', `${folder}/%E2%82%AC%20x.yaml`, 'weird', 'file:///C%3A/x.yaml'];
    for (const uri of uris) {
      client.open(uri, SERVICE);
      const d = await client.waitForDiagnostics(uri, undefined, 10_000);
      assert.ok(d.some((x) => x.code === 'schema-enum'), `${uri}: ${JSON.stringify(d.map((x) => x.code))}`);
      for (const probe of probesFor(client.capabilities)) await probe.run(client, uri, { line: 5, character: 9 }, { line: 5, character: 9 }, d, 5000);
      client.closeDocument(uri);
    }
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///%zz', type: 1 }, { uri: 'not a uri', type: 2 }, { uri: 'file:///etc/passwd.yaml', type: 3 }, null, { uri: `${folder}/gone.yaml`, type: 3 }] });
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///%zz', name: 'bad' }], removed: [{ uri: folder, name: 'tmp' }] } });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(client.alive);
    assert.deepEqual(client.loggedErrors(), []);
  } finally {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
