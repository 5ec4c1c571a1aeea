import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, fmtRange, open, waitFor } from './helpers';

function text(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

suite('hover', () => {
  suiteSetup(async () => {
    await activeExtension();
  });

  test('`type: NodePort` explains the Service type, with the node port of this Service', async () => {
    const doc = await open('nodeport-service.yaml');
    const line = doc.getText().split('\n').findIndex((l) => /^\s*type: NodePort/.test(l));
    const col = doc.lineAt(line).text.indexOf('NodePort');
    const hovers = await waitFor('a hover on NodePort', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col + 2));
      return h.some((x) => /type: NodePort/.test(text([x]))) ? h : undefined;
    });
    const ours = hovers.find((x) => /type: NodePort/.test(text([x])))!;
    const md = text([ours]);
    assert.match(md, /^\*\*type: NodePort\*\*/, md);
    assert.match(md, /every node/, md);
    assert.match(md, /30080/, 'mentions this Service\'s nodePort');
    assert.ok(ours.range, 'the hover has a range');
    assert.ok(ours.range.isEqual(new vscode.Range(line, col, line, col + 'NodePort'.length)), `range ${fmtRange(ours.range)}`);
  });
});
