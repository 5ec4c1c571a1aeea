import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, codeOf, describe, diagnostics, fmtRange, keyRange, open } from './helpers';

const TITLE = 'Allow DNS egress to kube-dns (UDP+TCP 53)';
const dnsBlocked = (ds: vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === 'netpol-dns-egress-blocked');

suite('quick fix', () => {
  suiteSetup(async () => {
    await activeExtension();
  });

  test(`egress without DNS: warning on \`Egress\`, quick fix "${TITLE}" clears it`, async () => {
    const doc = await open('egress-without-dns.yaml');
    const ds = await diagnostics(doc.uri, 'the netpol-dns-egress-blocked warning', (d) => dnsBlocked(d).length === 1, { timeoutMs: 30_000 });
    const diag = dnsBlocked(ds)[0];
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(diag.range), 'Egress', `range ${fmtRange(diag.range)}`);
    assert.ok(diag.range.start.line > keyRange(doc, 'policyTypes').start.line, 'the blamed Egress is the policyTypes entry');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    const fix = actions.find((a) => a.title === TITLE);
    assert.ok(fix, `offered: ${actions.map((a) => `${a.title} [${a.kind?.value}]`).join(' | ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the fix carries its edit');
    try {
      const cleared = diagnostics(doc.uri, 'the warning to go away after the fix', (d) => dnsBlocked(d).length === 0, { onlyNewEvents: true });
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'fix applied');
      const after = await cleared;
      const text = doc.getText();
      assert.match(text, /k8s-app: kube-dns/);
      assert.match(text, /protocol: UDP\s+port: 53/);
      assert.match(text, /protocol: TCP\s+port: 53/);
      assert.equal(after.length, 0, `no diagnostics left: ${describe(after)}`);
    } finally {
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });
});
