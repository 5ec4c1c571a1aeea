// Hover: look up the document, take the cached analysis, ask the core, convert offsets to a range.
import type { Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverAt, lookupFromView, WorkspaceLookup } from '../core';
import type { Feature, ServerContext } from './context';
import { toRange } from './convert';
import type { ServerSettings } from './settings';
import { workspaceIndex } from './workspace';

/**
 * The workspace index as the editor features see it, for one open document: workloads a selector matches,
 * StatefulSets naming a headless Service, kustomization namespaces, the DNS verdict over all policies.
 */
export function lookupOf(ctx: ServerContext, doc: TextDocument, settings: ServerSettings): WorkspaceLookup | undefined {
  const index = workspaceIndex(ctx);
  return lookupFromView(index.view(settings.options), index.key(doc.uri), settings.options.dns);
}

export const hoverFeature: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover(async (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return null;
      const settings = await ctx.settingsFor(doc.uri);
      if (!settings.enable) return null;
      return ctx.safely<Hover | null>('hover', null, () => {
        const h = hoverAt(ctx.analysisOf(doc, settings), doc.offsetAt(params.position), lookupOf(ctx, doc, settings));
        return h ? { contents: { kind: 'markdown', value: h.markdown }, range: toRange(doc, h) } : null;
      });
    });
  },
};
