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
