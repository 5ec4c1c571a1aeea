// Pushes diagnostics (textDocument/publishDiagnostics): every client understands push, Neovim 0.7 included.
// A change is analysed as soon as the event loop is free; a burst of changes coalesces into one analysis of
// the newest text, with no fixed delay for the user to wait through.
import type { Diagnostic } from 'vscode-languageserver';
import type { Analysis, Problem } from '../core';
import type { Feature, ServerContext } from './context';
import type { ServerSettings } from './settings';
import { toDiagnostic } from './convert';

/**
 * Extra problem sources (cross-file checks) register here; each returns diagnostics for one open document and
 * gets the document's current analysis and settings, so it works on exactly the text being published. `own`, when
 * given, is which of the document's own problems to publish (a kustomize patch is not an object: see ownProblems).
 */
export type DiagnosticSource = (uri: string, ctx: ServerContext, analysis: Analysis, settings: ServerSettings) => { diagnostics: Diagnostic[]; own?: readonly Problem[] };
export const diagnosticSources: DiagnosticSource[] = [];

export function publishDiagnostics(ctx: ServerContext, uri: string): Promise<void> {
  return publish(ctx, uri);
}

async function publish(ctx: ServerContext, uri: string): Promise<void> {
  const doc = ctx.documents.get(uri);
  if (!doc) return;
  const version = doc.version; // documents change in place
  const settings = await ctx.settingsFor(uri);
  const current = ctx.documents.get(uri);
  if (!current || current.version !== version) return; // a newer change is scheduled already
  const diagnostics = ctx.safely('diagnostics', [] as Diagnostic[], () => {
    if (!settings.enable) return [];
    const analysis = ctx.analysisOf(current, settings);
    let own: readonly Problem[] = analysis.problems;
    const extra = diagnosticSources.flatMap((source) =>
      ctx.safely('diagnostics source', [] as Diagnostic[], () => {
        const r = source(uri, ctx, analysis, settings);
        if (r.own) own = r.own;
        return r.diagnostics;
      }),
    );
    return own.map((p) => toDiagnostic(current, p)).concat(extra);
  });
  await ctx.connection.sendDiagnostics({ uri, version: current.version, diagnostics });
}

export const diagnosticsFeature: Feature = {
  name: 'diagnostics',
  register(ctx) {
    ctx.documents.onDidOpen((e) => ctx.republish([e.document.uri]));
    ctx.documents.onDidChangeContent((e) => ctx.republish([e.document.uri]));
    ctx.documents.onDidClose((e) => void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  },
};
