// The only place that turns core offsets into LSP positions and core problems into LSP diagnostics.
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Range, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix, Problem, Severity, Span } from '../core';
import { SOURCE } from './protocol';

// Offset 0 needs no line table: the "file too large" message at the top of a 50 MB file is sent without first
// indexing the lines of the text it did not analyse (a second of work).
export const toPosition = (doc: TextDocument, offset: number) => (offset <= 0 ? { line: 0, character: 0 } : doc.positionAt(offset));
export const toRange = (doc: TextDocument, s: Span): Range => ({ start: toPosition(doc, s.start), end: toPosition(doc, s.end) });

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What rides on `Diagnostic.data`: the fixes, already in LSP ranges, so code actions need no server state. */
export interface DiagnosticData {
  fixes?: Array<{ title: string; isPreferred?: boolean; edits: LspTextEdit[] }>;
}

export function toDiagnostic(doc: TextDocument, p: Problem): Diagnostic {
  const d: Diagnostic = {
    range: toRange(doc, p),
    severity: SEVERITY[p.severity],
    code: p.ruleId,
    source: SOURCE,
    message: p.message,
  };
  if (p.fixes?.length) d.data = { fixes: p.fixes.map((f) => toLspFix(doc, f)) } satisfies DiagnosticData;
  if (p.tags?.length) d.tags = p.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (p.related?.length) {
    // A place in this document is converted with its text; a place in another file carries its own position
    // (that file may not be open, so only the core, which indexed its text, knows its lines).
    const info: DiagnosticRelatedInformation[] = [];
    for (const r of p.related) {
      if (!r.file) info.push({ location: { uri: doc.uri, range: toRange(doc, r) }, message: r.message });
      else if (r.at) {
        info.push({
          location: { uri: r.file, range: { start: { line: r.at.line, character: r.at.character }, end: { line: r.at.endLine, character: r.at.endCharacter } } },
          message: r.message,
        });
      }
    }
    if (info.length) d.relatedInformation = info;
  }
  return d;
}

export function toLspFix(doc: TextDocument, f: Fix): { title: string; isPreferred?: boolean; edits: LspTextEdit[] } {
  return { title: f.title, isPreferred: f.isPreferred, edits: f.edits.map((e) => ({ range: toRange(doc, e), newText: e.newText })) };
}

export function quickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const data = d.data as DiagnosticData | undefined;
    for (const f of data?.fixes ?? []) {
      actions.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: f.isPreferred,
        edit: { changes: { [uri]: f.edits } },
      });
    }
  }
  return actions;
}
