// Entry point of the bundled server: `node server/out/server.js --stdio` (other editors) or IPC (VS Code).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { setFlagsFromString } from 'node:v8';

// A regular expression that backtracks excessively (a pathological glob in a workspace's settings, a rule's pattern on
// a hostile file) falls back to V8's linear-time engine instead of freezing the process.
try {
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
} catch {
  // an older runtime without the flag: the regex audit in the tests is the only guard then
}

startServer(createConnection(ProposedFeatures.all));

// An unexpected exception must not end the process: log it and keep serving. It goes to stderr, never stdout (the
// LSP channel with --stdio), and not through the connection either: the failure may be the connection itself.
const report = (what: string) => (e: unknown) => {
  try {
    process.stderr.write(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  } catch {
    // nowhere left to report to
  }
};
process.on('uncaughtException', report('uncaught exception'));
process.on('unhandledRejection', report('unhandled rejection'));
