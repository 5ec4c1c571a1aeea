// Hover: look up the document, take the cached analysis, ask the core, convert offsets to a range.
import type { Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverAt, WorkspaceLookup } from '../core';
import type { Feature, ServerContext } from './context';
import { toRange } from './convert';
import type { ServerSettings } from './settings';

/**
 * The workspace index as the editor features see it, for one open document; undefined until a workspace index is
 * available, in which case hovers and lenses speak about the file alone.
 */
export function lookupOf(_ctx: ServerContext, _doc: TextDocument, _settings: ServerSettings): WorkspaceLookup | undefined {
  return undefined;
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
