import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, open, waitFor } from './helpers';

const DNS_NAME = 'api-service.default.svc.cluster.local';

suite('CodeLens', () => {
  suiteSetup(async () => {
    await activeExtension();
  });

  test('a lens above the Service shows its DNS name; clicking it copies the chosen name', async () => {
    const doc = await open('api-service.yaml');
    const lenses = await waitFor('the DNS-name lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l?.some((x) => x.command?.title === DNS_NAME) ? l : undefined;
    });
    const lens = lenses.find((x) => x.command?.title === DNS_NAME)!;
    const apiVersionLine = doc.getText().split('\n').findIndex((l) => l.startsWith('apiVersion:'));
    assert.equal(lens.range.start.line, apiVersionLine, 'the lens sits on the first line of the Service');
    assert.equal(lens.command!.command, 'k8sNetworkLens.copyDnsName');
    const names = lens.command!.arguments![0] as string[];
    assert.equal(names[0], DNS_NAME);
    assert.ok(names.includes('api-service'), `short names offered too: ${names.join(', ')}`);

    // Run what a click runs. With several names a quick pick opens; accept its first (selected) item.
    await vscode.env.clipboard.writeText('');
    let done = false;
    const ran = Promise.resolve(vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments!))
      .finally(() => { done = true; });
    await waitFor('the quick pick of DNS names to be accepted', async () => {
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return done;
    }, 20_000, 200);
    await ran;
    assert.equal(await vscode.env.clipboard.readText(), DNS_NAME);
  });
});
