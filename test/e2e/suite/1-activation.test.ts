import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, open, serverPids, theServerPid, waitFor } from './helpers';

suite('activation', () => {
  test('activates when a YAML file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    const doc = await open('broken-service.yaml');
    assert.equal(doc.languageId, 'yaml');
    // Not ext.activate(): the activation event (onLanguage:yaml) must do it.
    await waitFor('the extension to activate', () => ext.isActive, 30_000);
  });

  test('starts the bundled language server (server/out/server.js) as a child of the extension host', async () => {
    const pid = await theServerPid();
    assert.deepEqual(serverPids(), [pid]);
  });
});
