// Splits a YAML stream into its `---` documents cheaply, so that each document can be parsed and cached on its own.
// A line that starts with `---` followed by white space or the end of the line always starts a new document:
// YAML forbids document markers inside block scalars (their content is indented) and inside quoted scalars.

export interface Segment {
  /** Offset of the segment's first character in the whole text. */
  start: number;
  text: string;
}

const MARKER = /^---(?=[ \t\r\n]|$)/gm;

export function splitDocuments(text: string): Segment[] {
  const starts: number[] = [0];
  for (const m of text.matchAll(MARKER)) {
    if (m.index !== 0) starts.push(m.index);
  }
  const segments: Segment[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    segments.push({ start, text: text.slice(start, end) });
  }
  // A `%YAML`/`%TAG` directive belongs to the document that its `---` opens: keep them together.
  for (let i = 0; i < segments.length - 1; i++) {
    if (/^%/m.test(segments[i].text) && !/^[^%#\s]/m.test(segments[i].text)) {
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
 * What the caller knows about an edit (the language server tracks it from the change events): the first `prefix`
 * and the last `suffix` characters of the new text equal those of the previous text. Without it, the unchanged
 * ends are found by comparing the texts (native, but still a pass over a large file).
 */
export interface Unchanged {
  prefix: number;
  suffix: number;
}

/** How the split of an edited text relates to the split of the text before the edit. */
export interface Resplit {
  /** The first `head` segments of the previous split are unchanged, at the same offsets. */
  head: number;
  /** The last `tail` segments of the previous split are unchanged, moved by the change in length. */
  tail: number;
  /** The segments in between, split afresh (offsets into the new text). */
  middle: Segment[];
}

/**
 * A copy of a slice that does not keep the whole text alive: V8 slices point into their parent string, so a
 * document re-split after an edit would otherwise retain that version of the file (megabytes) for as long as the
 * document stays unchanged. Concatenating and slicing again flattens the slice into a string of its own.
 */
function detach(slice: string): string {
  return slice.length < 64 ? slice : (' ' + slice).slice(1);
}

const directiveOnly = (t: string) => /^%/m.test(t) && !/^[^%#\s]/m.test(t);

/**
 * Exactly `splitDocuments(text)`, expressed as a change of `previous` (the split of `previousText`): finds the
 * unchanged segments at both ends with native string comparisons and scans for markers only in between, so a
 * keystroke in a 5,000-document file rescans one document instead of the whole file.
 *
 * Why it is exact: whether a `---` at offset p is a marker depends only on the characters p-1 (a line break)
 * to p+3 (the look-ahead). One matched segment is kept as a margin on each side and rescanned, so every reused
 * boundary has those characters unchanged. Only the first segment can be directive-only (every later one starts
 * with its `---` line), so the directive merge is re-decided only when the rescan starts at offset 0.
 */
export function resplit(text: string, previousText: string, previous: readonly Segment[], unchanged?: Unchanged): Resplit {
  const n = previous.length;
  const delta = text.length - previousText.length;
  let k = 0;
  if (unchanged) {
    // The caller knows where the edits were: the segments that end inside the unchanged prefix matched (binary search).
    let hi = n;
    while (k < hi) {
      const mid = (k + hi) >> 1;
      if (previous[mid].start + previous[mid].text.length <= unchanged.prefix) k = mid + 1;
      else hi = mid;
    }
  } else {
    while (k < n && text.startsWith(previous[k].text, previous[k].start)) k++;
  }
  // The text between the unchanged ends starts where segment k started (or at the end when all matched).
  const prefixEnd = k < n ? previous[k].start : previousText.length;
  let t = 0;
  if (unchanged) {
    const from = Math.max(prefixEnd, previousText.length - unchanged.suffix);
    let lo = k;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (previous[mid].start >= from) hi = mid;
      else lo = mid + 1;
    }
    t = n - lo;
  } else {
    while (t < n - k) {
      const seg = previous[n - 1 - t];
      const at = seg.start + delta;
      if (at < prefixEnd || !text.startsWith(seg.text, at)) break;
      t++;
    }
  }
  let head = Math.max(0, k - 1);
  // A kept boundary needs its `---` and the look-ahead inside the (unchanged) margin segment.
  while (head > 0 && previous[head].text.length < 4) head--;
  let tail = Math.max(0, t - 1);
  const from = head > 0 ? previous[head].start : 0;
  const to = tail > 0 ? previous[n - tail].start + delta : text.length;
  const starts: number[] = [from];
  MARKER.lastIndex = from + 1;
  for (let m = MARKER.exec(text); m && m.index < to; m = MARKER.exec(text)) starts.push(m.index);
  MARKER.lastIndex = 0;
  const middle: Segment[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    middle.push({ start, text: detach(text.slice(start, i + 1 < starts.length ? starts[i + 1] : to)) });
  }
  if (from === 0 && directiveOnly(middle[0].text)) {
    if (middle.length > 1) {
      middle.splice(0, 2, { start: 0, text: middle[0].text + middle[1].text });
    } else if (tail > 0) {
      middle[0] = { start: 0, text: middle[0].text + previous[n - tail].text };
      tail--;
    }
  }
  return { head, tail, middle };
}
