import type { TextEdit } from '../types';

/** Applies non-overlapping edits (offsets into `text`) and returns the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let last = Infinity;
  for (const e of sorted) {
    if (e.end > last) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    last = e.start;
  }
  return out;
}
