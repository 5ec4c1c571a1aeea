// CodeLens: DNS names above Services (a click runs the client's copy command with every name), pod selection and
// DNS verdict above NetworkPolicies (informative: no command).
//
// A file with few lenses gets them complete in the `textDocument/codeLens` answer, as every client expects. A big
// file gets only where its lenses sit (read from the analysis, no parse, nothing of the workspace) and
// `codeLens/resolve` computes the title and the names of each lens the editor shows: VS Code and Neovim resolve only
// the lenses they display, so a file of thousands of objects costs milliseconds, not a walk of every object.
import type { CodeLens, Command } from 'vscode-languageserver';
import type { SplitDocument } from './document';
import { Analysis, lensAt, lenses, lensOffsets, Lens } from '../core';
import type { ServerContext, Feature } from './context';
import { toRange } from './convert';
import { lookupOf } from './hover';
import { Commands } from './protocol';

/** Up to this many lenses, a file's lenses are answered complete (no resolve needed). */
export const RESOLVED_LENSES_MAX = 200;

/**
 * `CodeLens.data` of a lens left to resolve: a number standing for the document's URI, to keep the answer small (3,333
 * lenses are 300 KB of JSON). The lens's place is its range: a lens starts where its object's root node starts.
 */
type LensData = number;

interface State {
  ids: Map<string, number>;
  uris: string[];
  /** The unresolved lenses of an analysis (they depend on nothing else): repeated requests on an unchanged file. */
  unresolved: WeakMap<Analysis, CodeLens[]>;
}

const states = new WeakMap<ServerContext, State>();

function stateOf(ctx: ServerContext): State {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { ids: new Map(), uris: [], unresolved: new WeakMap() }));
  return s;
}

function idOf(s: State, uri: string): number {
  let id = s.ids.get(uri);
  if (id === undefined) {
    id = s.uris.push(uri) - 1;
    s.ids.set(uri, id);
  }
  return id;
}

// An empty command id makes a lens that shows text and does nothing when clicked.
const commandOf = (l: Lens): Command => (l.names.length ? { title: l.title, command: Commands.copyDnsName, arguments: [l.names] } : { title: l.title, command: '' });

function unresolvedLenses(s: State, doc: SplitDocument, analysis: Analysis, offsets: number[]): CodeLens[] {
  let list = s.unresolved.get(analysis);
  if (!list) {
    const id = idOf(s, doc.uri);
    // A lens is an empty range; the offsets come sorted, so one sweep of the line starts places them all.
    const positions = doc.positionsAt(offsets);
    list = positions.map((start) => ({ range: { start, end: { line: start.line, character: start.character } }, data: id satisfies LensData }));
    s.unresolved.set(analysis, list);
  }
  return list;
}

export const codeLensFeature: Feature = {
  name: 'codeLens',
  capabilities: () => ({ codeLensProvider: { resolveProvider: true } }),
  register(ctx) {
    const s = stateOf(ctx);
    ctx.connection.onCodeLens(async (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const settings = await ctx.settingsFor(doc.uri);
      if (!settings.enable) return [];
      return ctx.safely<CodeLens[]>('codeLens', [], () => {
        const analysis = ctx.analysisOf(doc, settings);
        const offsets = lensOffsets(analysis);
        if (offsets.length > RESOLVED_LENSES_MAX) return unresolvedLenses(s, doc, analysis, offsets);
        return lenses(analysis, lookupOf(ctx, doc, settings)).map((l) => ({ range: toRange(doc, l), command: commandOf(l) }));
      });
    });

    ctx.connection.onCodeLensResolve(async (lens) => {
      const data = lens.data as LensData | undefined;
      const uri = typeof data === 'number' ? s.uris[data] : undefined;
      const doc = uri === undefined ? undefined : ctx.documents.get(uri);
      // A lens of a closed document, or one already resolved: nothing to add.
      if (!doc || lens.command || !lens.range) return lens;
      const settings = await ctx.settingsFor(doc.uri);
      return ctx.safely<CodeLens>('codeLens/resolve', lens, () => {
        const l = settings.enable ? lensAt(ctx.analysisOf(doc, settings), doc.offsetAt(lens.range.start), lookupOf(ctx, doc, settings)) : undefined;
        // The document changed since the lens was listed and no object starts there any more: an empty lens, until
        // the editor asks for the lenses of the new text.
        return { range: lens.range, command: l ? commandOf(l) : { title: '', command: '' }, data: lens.data };
      });
    });
  },
};
