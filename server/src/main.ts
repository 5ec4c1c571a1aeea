// Entry point of the bundled server: `node server/out/server.js --stdio` (other editors) or IPC (VS Code).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

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
