// Splits a YAML stream into its `---` documents cheaply, so that each document can be parsed and cached on its own.
// A line that starts with `---` followed by white space or the end of the text always starts a new document:
// YAML forbids document markers inside block scalars (their content is indented) and inside quoted scalars.

export interface Segment {
  /** Offset of the segment's first character in the whole text. */
  start: number;
  text: string;
}

// A marker is `---` at the start of the text or after a line feed, followed by a blank, a line break or the end. Only
// after a line feed: a split then never falls inside a line as `\n`-based scans see it (the rest of a suppression
// comment, the next line), so per-document scans combine to exactly the whole-text scan. A `---` after a lone `\r`
// stays inside its segment, where the parser still reads it as a marker.
/** Only `%YAML`/`%TAG` directives and comments: such a document belongs to the one its `---` opens. */
const directiveOnly = (t: string) => /^%/m.test(t) && !/^[^%#\s]/m.test(t);

/** Whether a `---` at `at` (at the start of the text or after a line feed) is a document marker. */
const markerAt = (text: string, at: number) => {
  const c = text.charCodeAt(at + 3);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 13 || c === 10;
};

export function splitDocuments(text: string): Segment[] {
  const starts: number[] = [0];
  // `\n---` found natively, then the character after it checked: several times faster than a regular expression.
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 1)) if (markerAt(text, i + 1)) starts.push(i + 1);
  const segments: Segment[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    segments.push({ start, text: text.slice(start, end) });
  }
  // A `%YAML`/`%TAG` directive belongs to the document that its `---` opens: keep them together.
  for (let i = 0; i < segments.length - 1; i++) {
    if (directiveOnly(segments[i].text)) {
      segments[i] = { start: segments[i].start, text: segments[i].text + segments[i + 1].text };
      segments.splice(i + 1, 1);
    }
  }
  return segments;
}

/** Go templates (Helm) are not YAML until rendered: such files get no diagnostics at all. */
export function isTemplate(text: string): boolean {
  const open = text.indexOf('{{');
  return open >= 0 && text.indexOf('}}', open) > open;
}

/**
 * A text held as its `---` documents, which is how the language server keeps an open file: an edit then builds
 * the few small strings around it instead of a new string of the whole file (megabytes per keystroke).
 */
export interface SplitText {
  readonly length: number;
  /** Exactly `splitDocuments(text)`. */
  readonly segments: readonly Segment[];
}

/**
 * The split of the text after replacing `[start, end)` with `insert`, equal to `splitDocuments` of the new text,
 * computed by re-splitting only the documents the edit touches (plus one on each side) and moving the ones after.
 *
 * Why it is exact: whether a `---` at offset p starts a document depends only on the characters p-1 (a line break)
 * to p+3 (the look-ahead). The re-split starts at a kept boundary whose characters lie before the edit (one
 * document of at least 4 characters before it), and ends at a kept boundary after the edit, so every boundary
 * outside the re-split text is unchanged. Only the first document can be directive-only (every later one starts
 * with its `---` line), so the directive merge is re-decided only when the re-split starts at offset 0.
 */
export function editSplit(segments: readonly Segment[], start: number, end: number, insert: string): Segment[] {
  const n = segments.length;
  if (n === 0) return splitDocuments(insert);
  const containing = (offset: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let first = Math.max(0, containing(start) - 1);
  while (first > 0 && segments[first].text.length < 4) first--;
  let last = Math.min(n - 1, containing(end) + 1);
  const from = segments[first].start;
  let old = '';
  for (let i = first; i <= last; i++) old += segments[i].text;
  const local = old.slice(0, start - from) + insert + old.slice(end - from);
  const middle = splitDocuments(local);
  const delta = insert.length - (end - start);
  if (first === 0 && middle.length === 1 && last + 1 < n && directiveOnly(middle[0].text)) {
    // A directive-only first document takes the next one in, as in splitDocuments.
    last++;
    middle[0] = { start: 0, text: middle[0].text + segments[last].text };
  }
  const out: Segment[] = segments.slice(0, first);
  for (const m of middle) out.push(from === 0 ? m : { start: m.start + from, text: m.text });
  for (let i = last + 1; i < n; i++) out.push(delta === 0 ? segments[i] : { start: segments[i].start + delta, text: segments[i].text });
  return out;
}

/** Where a Go template could open and close in a text: the first `{{` and the last `}}` (-1 when absent). */
export function templateMarks(text: string): { open: number; close: number } {
  return { open: text.indexOf('{{'), close: text.lastIndexOf('}}') };
}
