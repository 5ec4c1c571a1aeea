// Completion: the core computes plain items with the span they replace; this turns them into LSP items.
import { CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import { completionsAt, CompletionInfo } from '../core';
import type { Feature } from './context';
import { toRange } from './convert';
import { lookupOf } from './hover';

const KIND: Record<CompletionInfo['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

export const completionFeature: Feature = {
  name: 'completion',
  capabilities: () => ({ completionProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCompletion(async (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const settings = await ctx.settingsFor(doc.uri);
      if (!settings.enable) return [];
      return ctx.safely<CompletionItem[]>('completion', [], () =>
        completionsAt(ctx.analysisOf(doc, settings), doc.offsetAt(params.position), lookupOf(ctx, doc, settings)).map((c, i) => ({
          label: c.label,
          kind: KIND[c.kind],
          detail: c.detail,
          documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
          textEdit: { range: toRange(doc, c), newText: c.insertText },
          insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          // Keep the core's order (schema order, snippets first) instead of the client's alphabetical one.
          sortText: String(i).padStart(4, '0'),
        })),
      );
    });
  },
};
