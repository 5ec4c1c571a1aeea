// Quick fixes come from the fixes carried on each diagnostic's data: no server state is needed to answer.
// The DNS egress fix is the exception: it is computed from the current text on request (the workspace check that
// reports the problem carries no fix), and also offered as a source action on any NetworkPolicy that needs it.
// "Fix all" (source.fixAll) applies every preferred fix of the document at once.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, AnalysisOptions, documentAt, allDocuments, DNS_FIX_CODES, dnsFixes, Fix } from '../core';
import type { Feature, ServerContext } from './context';
import { quickFixes, toLspFix } from './convert';
import { SOURCE } from './protocol';

/** A source action of our own, so a keybinding or `editor.codeActionsOnSave` can ask for it by name. */
export const ADD_DNS_EGRESS_KIND = `${CodeActionKind.Source}.addDnsEgressRule`;

const isDnsDiagnostic = (d: Diagnostic) => d.source === SOURCE && (DNS_FIX_CODES as readonly unknown[]).includes(d.code);

/** The DNS fix of the NetworkPolicy document at `offset`. */
function dnsFixAt(analysis: Analysis, offset: number): Fix | undefined {
  const at = documentAt(analysis, offset);
  return at?.kind === 'NetworkPolicy' ? dnsFixes(at, analysis.options)[0] : undefined;
}

const toEdits = (doc: TextDocument, f: Fix): LspTextEdit[] => toLspFix(doc, f).edits;

/** Every preferred fix of the document that does not overlap one taken before it, as one list of edits. */
function fixAllEdits(doc: TextDocument, analysis: Analysis, diagnostics: Diagnostic[], options: AnalysisOptions): LspTextEdit[] {
  const fixes: Fix[] = analysis.problems.flatMap((p) => p.fixes?.filter((f) => f.isPreferred) ?? []);
  // DNS fixes only where the workspace check reports DNS blocked: another policy may allow DNS for the same pods.
  const dnsAt = new Set(diagnostics.filter(isDnsDiagnostic).map((d) => doc.offsetAt(d.range.start)));
  for (const d of allDocuments(analysis)) {
    if (d.kind !== 'NetworkPolicy') continue;
    const end = d.base + d.segment.result.text.length;
    if ([...dnsAt].some((o) => o >= d.base && o < end)) fixes.push(...dnsFixes(d, options));
  }
  const taken: Array<{ start: number; end: number }> = [];
  const edits: LspTextEdit[] = [];
  for (const f of fixes) {
    const overlaps = f.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end) || taken.some((t) => e.start === t.start && e.end === t.end));
    if (overlaps) continue;
    taken.push(...f.edits);
    edits.push(...toEdits(doc, f));
  }
  return edits;
}

async function codeActions(ctx: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = wanted(CodeActionKind.QuickFix) ? quickFixes(uri, params.context.diagnostics) : [];
  const doc = ctx.documents.get(uri);
  if (!doc) return actions;
  const settings = await ctx.settingsFor(uri);
  if (!settings.enable) return actions;
  return ctx.safely('codeAction', actions, () => {
    const analysis = ctx.analysisOf(doc, settings);
    if (wanted(CodeActionKind.QuickFix)) {
      for (const d of params.context.diagnostics.filter(isDnsDiagnostic)) {
        const f = dnsFixAt(analysis, doc.offsetAt(d.range.start));
        if (f) actions.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [uri]: toEdits(doc, f) } } });
      }
    }
    if (wanted(ADD_DNS_EGRESS_KIND)) {
      const f = dnsFixAt(analysis, doc.offsetAt(params.range.start));
      if (f) actions.push({ title: `Add DNS egress rule: ${f.title}`, kind: ADD_DNS_EGRESS_KIND, edit: { changes: { [uri]: toEdits(doc, f) } } });
    }
    if (wanted(CodeActionKind.SourceFixAll)) {
      const edits = fixAllEdits(doc, analysis, params.context.diagnostics, settings.options);
      if (edits.length) actions.push({ title: 'Fix all Kubernetes Network Lens problems', kind: CodeActionKind.SourceFixAll, edit: { changes: { [uri]: edits } } });
    }
    return actions;
  });
}

export const codeActionsFeature: Feature = {
  name: 'codeActions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, ADD_DNS_EGRESS_KIND, CodeActionKind.SourceFixAll] } }),
  register(ctx) {
    ctx.connection.onCodeAction((params) => codeActions(ctx, params));
  },
};
