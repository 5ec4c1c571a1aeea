// Entry point of the bundled server: `node server/out/server.js --stdio` (other editors) or IPC (VS Code).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

startServer(createConnection(ProposedFeatures.all));

// An unexpected exception must not end the process: log it and keep serving.
process.on('uncaughtException', (e) => console.error('uncaught exception:', e));
process.on('unhandledRejection', (e) => console.error('unhandled rejection:', e));
