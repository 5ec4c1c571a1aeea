import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension, codeOf, describe, diagnostics, editRoundTrip, fixture, fmtRange, keyRange, open, ours, SOURCE, unknownField,
  workspaceScanned,
} from './helpers';

/**
 * Opens a document and resolves once the server has published diagnostics for it, empty or not.
 * The server publishes for every YAML document it is sent (an empty list clears old squiggles),
 * so "no diagnostics" is checked after that event, not after a sleep.
 */
async function openAndSettle(rel: string): Promise<{ doc: vscode.TextDocument; diags: vscode.Diagnostic[] }> {
  const uri = fixture(rel);
  const alreadyOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const published = alreadyOpen
    ? Promise.resolve(ours(uri))
    : diagnostics(uri, `the server to publish diagnostics for ${rel}`, () => true, { onlyNewEvents: true });
  const doc = await open(rel);
  return { doc, diags: await published };
}

suite('diagnostics', () => {
  suiteSetup(async () => {
    await activeExtension();
    await workspaceScanned();
  });

  test('unknown key `poarts` in a Service: schema-unknown-field on exactly that key', async () => {
    const doc = await open('broken-service.yaml');
    const diags = await diagnostics(doc.uri, 'a schema-unknown-field diagnostic on broken-service.yaml',
      (ds) => unknownField(ds).length > 0);
    const found = unknownField(diags);
    assert.equal(found.length, 1, `exactly one unknown-field diagnostic, got: ${describe(diags)}`);
    const d = found[0];
    assert.equal(d.source, SOURCE);
    assert.equal(codeOf(d), 'schema-unknown-field');
    const expected = keyRange(doc, 'poarts');
    assert.ok(d.range.isEqual(expected), `range ${fmtRange(d.range)} should be ${fmtRange(expected)} (the key "poarts")`);
    assert.equal(doc.getText(d.range), 'poarts');
    assert.ok(d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning,
      `severity error or warning, got ${vscode.DiagnosticSeverity[d.severity]}`);
    assert.match(d.message, /poarts/, 'the message names the unknown key');
  });

  test('valid ClusterIP Service api-service: no diagnostics', async () => {
    const { diags } = await openAndSettle('api-service.yaml');
    assert.equal(diags.length, 0, describe(diags));
  });

  test('valid NetworkPolicy: no diagnostics', async () => {
    const { diags } = await openAndSettle('networkpolicy.yaml');
    assert.equal(diags.length, 0, describe(diags));
  });

  test('GitHub workflow (not Kubernetes, has ports:/image: keys): no diagnostics', async () => {
    const { doc, diags } = await openAndSettle('.github/workflows/ci.yml');
    assert.equal(doc.languageId, 'yaml');
    assert.equal(diags.length, 0, describe(diags));
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0,
      `no diagnostics from anyone: ${describe(vscode.languages.getDiagnostics(doc.uri))}`);
  });

  test('diagnostics follow edits: renaming `poarts` to `ports` clears it, renaming back restores it', async () => {
    await editRoundTrip(await open('broken-service.yaml'));
  });
});
