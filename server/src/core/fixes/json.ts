// A JSON manifest must stay JSON: kubectl reads a file that starts with `{` as JSON, so a fix that writes YAML into
// it (`name: http`, a block list) would break the whole file. Fixes write in the document's own style where they can
// (quoted keys and strings in a JSON document, see yaml-edit.ts); this is the check that catches any that do not.
import type { Document } from 'yaml';
import type { Fix, Problem, Span, TextEdit } from '../types';
import { applyEdits } from '../util/apply';

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The span of a document's object (a List's item too) when its text is JSON, else undefined. */
export function jsonSpan(doc: Document, text: string): Span | undefined {
  const r = doc.contents?.range;
  // JSON is a flow mapping to YAML: a block document never needs the parse.
  if (!r || (doc.contents as { flow?: boolean }).flow !== true) return undefined;
  return isJson(text.slice(r[0], r[1])) ? { start: r[0], end: r[1] } : undefined;
}

/** Whether the edits (offsets into `text`) stay inside the JSON object at `span` and leave it JSON. */
export function keepsJson(text: string, span: Span, edits: readonly TextEdit[]): boolean {
  if (edits.some((e) => e.start < span.start || e.end > span.end)) return false;
  try {
    const local = edits.map((e) => ({ ...e, start: e.start - span.start, end: e.end - span.start }));
    return isJson(applyEdits(text.slice(span.start, span.end), local));
  } catch {
    return false;
  }
}

/** The problems of one document, without the fixes that would turn its JSON into something else. */
export function jsonSafe(problems: Problem[], doc: Document, text: string): Problem[] {
  if (!problems.some((p) => p.fixes?.length)) return problems;
  const span = jsonSpan(doc, text);
  if (!span) return problems;
  return problems.map((p) => {
    if (!p.fixes?.length) return p;
    const fixes: Fix[] = p.fixes.filter((f) => keepsJson(text, span, f.edits));
    return fixes.length === p.fixes.length ? p : { ...p, fixes: fixes.length ? fixes : undefined };
  });
}
