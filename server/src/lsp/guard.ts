// A request handler that throws (synchronously or in a promise) is logged and answered with an empty result, never
// with an error response: editors show error responses as pop-ups, and some stop asking the server after a few.
// features call ctx.safely around their work; this catches what happens outside it (bad params, a lookup before
// safely, a handler that forgot). It wraps the connection's registration methods, so every feature is covered,
// including ones added later.
import type { Connection } from 'vscode-languageserver';

/** What each request answers when its handler fails: nothing found. Resolve requests give back their input. */
const EMPTY: Record<string, (params: unknown) => unknown> = {
  onHover: () => null,
  onCompletion: () => [],
  onCompletionResolve: (item) => item,
  onCodeAction: () => [],
  onCodeActionResolve: (action) => action,
  onCodeLens: () => [],
  onCodeLensResolve: (lens) => lens,
  onDefinition: () => null,
  onDeclaration: () => null,
  onTypeDefinition: () => null,
  onImplementation: () => null,
  onReferences: () => [],
  onDocumentHighlight: () => [],
  onDocumentSymbol: () => [],
  onWorkspaceSymbol: () => [],
  onDocumentLinks: () => [],
  onDocumentLinkResolve: (link) => link,
  onFoldingRanges: () => [],
  onSelectionRanges: () => [],
  onSignatureHelp: () => null,
  onDocumentFormatting: () => [],
  onDocumentRangeFormatting: () => [],
  onDocumentOnTypeFormatting: () => [],
  onPrepareRename: () => null,
  onRenameRequest: () => null,
  onDocumentColor: () => [],
  onColorPresentation: () => [],
  onExecuteCommand: () => null,
};

export function guardHandlers(connection: Connection, log: (message: string) => void): void {
  const c = connection as unknown as Record<string, unknown>;
  for (const [name, empty] of Object.entries(EMPTY)) {
    const register = c[name];
    if (typeof register !== 'function') continue;
    c[name] = (handler: (...args: unknown[]) => unknown) =>
      (register as (h: unknown) => unknown).call(connection, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          try {
            log(`${name.slice(2)} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          } catch {
            // logging must not turn a caught failure into an uncaught one
          }
          return empty(args[0]);
        }
      });
  }
}
