// Every read-only request the server advertises in its capabilities, with parameters for a document and a position.
// Fuzzers and the hostile-input suite call them all, so a feature that lands later is covered without editing a test.
import type { Diagnostic, LspClient, Position, Range } from '../support/lsp-client';

export interface Probe {
  /** The request, e.g. `textDocument/hover`. */
  method: string;
  /** Asks it (and its resolve step when the server has one) and returns what came back. */
  run(client: LspClient, uri: string, pos: Position, end: Position, diagnostics: Diagnostic[], timeout: number): Promise<unknown>;
}

const td = (uri: string) => ({ textDocument: { uri } });
const range = (a: Position, b: Position): Range => (a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a });

/** The probes that the server's `initialize` capabilities announce. */
export function probesFor(caps: Record<string, any>): Probe[] {
  const out: Probe[] = [];
  const add = (cap: string, method: string, params: Probe['run']) => {
    if (caps[cap]) out.push({ method, run: params });
  };
  add('hoverProvider', 'textDocument/hover', (c, uri, pos, _e, _d, t) => c.request('textDocument/hover', { ...td(uri), position: pos }, t));
  add('completionProvider', 'textDocument/completion', async (c, uri, pos, _e, _d, t) => {
    const r: any = await c.request('textDocument/completion', { ...td(uri), position: pos, context: { triggerKind: 1 } }, t);
    const items = Array.isArray(r) ? r : r?.items;
    if (caps.completionProvider?.resolveProvider && items?.length) await c.request('completionItem/resolve', items[0], t);
    return r;
  });
  add('codeLensProvider', 'textDocument/codeLens', async (c, uri, _p, _e, _d, t) => {
    const r: any = await c.request('textDocument/codeLens', td(uri), t);
    if (caps.codeLensProvider?.resolveProvider && Array.isArray(r) && r.length) await c.request('codeLens/resolve', r[0], t);
    return r;
  });
  add('codeActionProvider', 'textDocument/codeAction', async (c, uri, pos, end, diagnostics, t) => {
    const r: any = await c.request('textDocument/codeAction', { ...td(uri), range: range(pos, end), context: { diagnostics, triggerKind: 1 } }, t);
    if (caps.codeActionProvider?.resolveProvider && Array.isArray(r)) {
      const unresolved = r.find((a: any) => a && !a.edit && !a.command && a.data !== undefined);
      if (unresolved) await c.request('codeAction/resolve', unresolved, t);
    }
    return r;
  });
  add('documentSymbolProvider', 'textDocument/documentSymbol', (c, uri, _p, _e, _d, t) => c.request('textDocument/documentSymbol', td(uri), t));
  add('definitionProvider', 'textDocument/definition', (c, uri, pos, _e, _d, t) => c.request('textDocument/definition', { ...td(uri), position: pos }, t));
  add('referencesProvider', 'textDocument/references', (c, uri, pos, _e, _d, t) =>
    c.request('textDocument/references', { ...td(uri), position: pos, context: { includeDeclaration: true } }, t),
  );
  add('documentHighlightProvider', 'textDocument/documentHighlight', (c, uri, pos, _e, _d, t) => c.request('textDocument/documentHighlight', { ...td(uri), position: pos }, t));
  add('documentLinkProvider', 'textDocument/documentLink', (c, uri, _p, _e, _d, t) => c.request('textDocument/documentLink', td(uri), t));
  add('foldingRangeProvider', 'textDocument/foldingRange', (c, uri, _p, _e, _d, t) => c.request('textDocument/foldingRange', td(uri), t));
  add('selectionRangeProvider', 'textDocument/selectionRange', (c, uri, pos, _e, _d, t) => c.request('textDocument/selectionRange', { ...td(uri), positions: [pos] }, t));
  add('inlayHintProvider', 'textDocument/inlayHint', (c, uri, pos, end, _d, t) => c.request('textDocument/inlayHint', { ...td(uri), range: range(pos, end) }, t));
  add('semanticTokensProvider', 'textDocument/semanticTokens/full', (c, uri, _p, _e, _d, t) => c.request('textDocument/semanticTokens/full', td(uri), t));
  add('signatureHelpProvider', 'textDocument/signatureHelp', (c, uri, pos, _e, _d, t) => c.request('textDocument/signatureHelp', { ...td(uri), position: pos }, t));
  add('documentFormattingProvider', 'textDocument/formatting', (c, uri, _p, _e, _d, t) =>
    c.request('textDocument/formatting', { ...td(uri), options: { tabSize: 2, insertSpaces: true } }, t),
  );
  add('renameProvider', 'textDocument/prepareRename', (c, uri, pos, _e, _d, t) =>
    caps.renameProvider?.prepareProvider ? c.request('textDocument/prepareRename', { ...td(uri), position: pos }, t) : Promise.resolve(null),
  );
  add('diagnosticProvider', 'textDocument/diagnostic', (c, uri, _p, _e, _d, t) => c.request('textDocument/diagnostic', td(uri), t));
  add('workspaceSymbolProvider', 'workspace/symbol', (c, _u, _p, _e, _d, t) => c.request('workspace/symbol', { query: '' }, t));
  return out;
}
