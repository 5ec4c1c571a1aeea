// Restarting and killing the language server. Last in the run, because it replaces the server
// the other suites talk to.
//
// Why not "wait until the diagnostics are cleared, then back": vscode-languageclient disposes its
// diagnostic collection when the connection goes away, but languages.onDidChangeDiagnostics is
// debounced (50 ms), so a quick restart coalesces "cleared" and "published again" into one event.
// Instead: a new server pid, a diagnostics event after the restart with the problem present, and
// an edit round trip that only a new server which received the re-opened documents can answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension, describe, diagnostics, editRoundTrip, fixture, isAlive, open, ours, serverPids, theServerPid, unknownField, waitFor,
} from './helpers';

const hasUnknownField = (ds: vscode.Diagnostic[]) => unknownField(ds).length === 1;

suite('server lifecycle', () => {
  let broken: vscode.TextDocument;

  suiteSetup(async () => {
    await activeExtension();
    await open('api-service.yaml');
    broken = await open('broken-service.yaml');
    await diagnostics(broken.uri, 'the unknown-field diagnostic', hasUnknownField);
  });

  test('command k8sNetworkLens.restartServer: a new server process, diagnostics come back', async () => {
    const before = await theServerPid();
    const back = diagnostics(broken.uri, 'diagnostics after the restart', hasUnknownField, { onlyNewEvents: true });
    await vscode.commands.executeCommand('k8sNetworkLens.restartServer');
    const after = await theServerPid(before);
    await waitFor(`the old server (pid ${before}) to exit`, () => !isAlive(before));
    const ds = await back;
    assert.ok(hasUnknownField(ds), describe(ds));
    await editRoundTrip(broken);
    assert.deepEqual(serverPids(), [after], 'the new server is the only one and still runs');
  });

  test('killed server (SIGKILL, documents open): the client restarts it and diagnostics come back', async () => {
    const before = await theServerPid();
    const back = diagnostics(broken.uri, 'diagnostics after the crash', hasUnknownField, { onlyNewEvents: true, timeoutMs: 30_000 });
    process.kill(before, 'SIGKILL');
    const after = await theServerPid(before);
    const ds = await back;
    assert.ok(hasUnknownField(ds), describe(ds));
    await editRoundTrip(broken);
    assert.deepEqual(serverPids(), [after], 'the restarted server is the only one and still runs');
    // The other open document was re-sent to the new server too, and it finds nothing wrong there.
    assert.equal(ours(fixture('api-service.yaml')).length, 0);
  });
});
