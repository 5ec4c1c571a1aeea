// CodeLens: DNS names above Services (a click runs the client's copy command with every name), pod selection and
// DNS verdict above NetworkPolicies (informative: no command).
import type { CodeLens } from 'vscode-languageserver';
import { lenses } from '../core';
import type { Feature } from './context';
import { toRange } from './convert';
import { lookupOf } from './hover';
import { Commands } from './protocol';

export const codeLensFeature: Feature = {
  name: 'codeLens',
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens(async (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const settings = await ctx.settingsFor(doc.uri);
      if (!settings.enable) return [];
      return ctx.safely<CodeLens[]>('codeLens', [], () =>
        lenses(ctx.analysisOf(doc, settings), lookupOf(ctx, doc, settings)).map((l) => ({
          range: toRange(doc, l),
          // An empty command id makes a lens that shows text and does nothing when clicked.
          command: l.names.length ? { title: l.title, command: Commands.copyDnsName, arguments: [l.names] } : { title: l.title, command: '' },
        })),
      );
    });
  },
};
