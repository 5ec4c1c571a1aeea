// Quick fixes come from the fixes carried on each diagnostic's data: no server state is needed to answer.
import { CodeActionKind } from 'vscode-languageserver';
import type { Feature } from './context';
import { quickFixes } from './convert';

export const codeActionsFeature: Feature = {
  name: 'codeActions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } }),
  register(ctx) {
    ctx.connection.onCodeAction((params) => ctx.safely('codeAction', [], () => quickFixes(params.textDocument.uri, params.context.diagnostics)));
  },
};
