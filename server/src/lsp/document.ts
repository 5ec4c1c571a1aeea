// The open document as the server keeps it: its `---` documents as separate strings (core SplitText), not one string
// of the whole file. A keystroke in a 3.5 MB file then builds a few small strings around the edit; a whole-file
// string (what vscode-languageserver-textdocument's TextDocument builds on every change, 13 ms at that size, in
// copying and fresh memory) is joined only if something asks for the whole text.
//
// Positions behave exactly as in vscode-languageserver-textdocument 1.0 (whose line-offset bookkeeping this
// follows): `\n`, `\r\n` and `\r` end lines, and a position past the end of a line is clamped before its line break.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { editSplit, splitDocuments, type Segment, type SplitText } from '../core';

const LF = 10;
const CR = 13;
const isEOL = (c: number) => c === CR || c === LF;

export class SplitDocument implements TextDocument {
  private segments: Segment[];
  private size: number;
  /** Line starts in a growable typed array (`lines[0..count)`): a JS array of 150,000 numbers costs 20 ms to build here. */
  private lines: Uint32Array | undefined;
  private count = 0;
  private view: Uint32Array | undefined;
  private joined: string | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private _version: number,
    text: string,
  ) {
    this.segments = splitDocuments(text);
    this.size = text.length;
    this.joined = text;
  }

  /** For `new TextDocuments(SplitDocument)`. */
  static create(uri: string, languageId: string, version: number, text: string): SplitDocument {
    return new SplitDocument(uri, languageId, version, text);
  }

  static update(doc: SplitDocument, changes: TextDocumentContentChangeEvent[], version: number): SplitDocument {
    doc.update(changes, version);
    return doc;
  }

  get version(): number {
    return this._version;
  }

  /** The text as its `---` documents, for the analysis. A new object after every change. */
  get split(): SplitText {
    return { length: this.size, segments: this.segments };
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    return (this.joined ??= this.segments.map((s) => s.text).join(''));
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.size), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineOffsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    offset = this.ensureBeforeEOL(offset, lineOffsets[line]);
    return { line, character: offset - lineOffsets[line] };
  }

  /**
   * `positionAt` of many offsets at once: ascending offsets take one sweep of the line starts instead of a binary
   * search each (the thousands of CodeLens places of a big file). Offsets out of order are looked up one by one.
   */
  positionsAt(offsets: readonly number[]): Position[] {
    const lineOffsets = this.getLineOffsets();
    const out: Position[] = [];
    let line = 0;
    let last = -Infinity;
    for (let offset of offsets) {
      if (offset < last) {
        out.push(this.positionAt(offset));
        continue;
      }
      last = offset;
      offset = Math.max(Math.min(offset, this.size), 0);
      while (line + 1 < lineOffsets.length && lineOffsets[line + 1] <= offset) line++;
      const at = this.ensureBeforeEOL(offset, lineOffsets[line]);
      out.push({ line, character: at - lineOffsets[line] });
    }
    return out;
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.size;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line];
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.size;
    return this.ensureBeforeEOL(Math.min(lineOffset + position.character, nextLineOffset), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.size - lineOffsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lineOffsets[line];
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.size;
    return { start: { line, character: 0 }, end: { line, character: this.ensureBeforeEOL(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length || line < 0) return '';
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.size;
    return this.slice(this.ensureBeforeEOL(next, lineOffsets[line]), next);
  }

  update(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) {
        const range = wellFormed(change.range);
        const start = this.offsetAt(range.start);
        const end = this.offsetAt(range.end);
        // The lines of the offsets, not of the positions: a position past the last line (which a client should not
        // send) is clamped like its offset, instead of leaving holes in the line starts.
        const startLine = this.lineAt(start);
        const endLine = this.lineAt(end);
        this.segments = editSplit(this.segments, start, end, change.text);
        this.size += change.text.length - (end - start);
        this.joined = undefined;
        const insertedEnd = start + change.text.length;
        const crlfAtStart = this.charCodeAt(start - 1) === CR && this.charCodeAt(start) === LF;
        const crlfAtEnd = this.charCodeAt(insertedEnd - 1) === CR && this.charCodeAt(insertedEnd) === LF;
        if (crlfAtStart || crlfAtEnd || !this.lines) {
          // A CRLF pair across an edit boundary is not in the inserted text's line offsets: count again when asked.
          this.lines = this.view = undefined;
          continue;
        }
        const added = computeLineOffsets(change.text, false, start);
        this.spliceLines(startLine + 1, endLine - startLine, added);
        const diff = change.text.length - (end - start);
        const lines = this.lines;
        if (diff !== 0) for (let i = startLine + 1 + added.length; i < this.count; i++) lines[i] += diff;
      } else if ('text' in change) {
        this.segments = splitDocuments(change.text);
        this.size = change.text.length;
        this.joined = change.text;
        this.lines = this.view = undefined;
      } else {
        throw new Error('Unknown change event received');
      }
    }
    this._version = version;
  }

  private getLineOffsets(): Uint32Array {
    if (!this.lines) {
      // Counted document by document: a line break never spans two of them (each but the first starts with `---`).
      this.lines = new Uint32Array(Math.max(16, this.size >> 5));
      this.count = 0;
      this.spliceLines(0, 0, [0]);
      for (const s of this.segments) this.spliceLines(this.count, 0, computeLineOffsets(s.text, false, s.start));
    }
    return (this.view ??= this.lines.subarray(0, this.count));
  }

  /** Replaces `removed` line starts from index `at` with `added`, growing the array when needed. */
  private spliceLines(at: number, removed: number, added: readonly number[]): void {
    let lines = this.lines!;
    const count = this.count - removed + added.length;
    if (count > lines.length) {
      const grown = new Uint32Array(Math.max(count, Math.ceil(lines.length * 1.5)));
      grown.set(lines.subarray(0, this.count));
      this.lines = lines = grown;
    }
    if (added.length !== removed && at + removed < this.count) lines.copyWithin(at + added.length, at + removed, this.count);
    for (let i = 0; i < added.length; i++) lines[at + i] = added[i];
    this.count = count;
    this.view = undefined;
  }

  /** The line holding `offset` (0 <= offset <= length), as positionAt counts lines. */
  private lineAt(offset: number): number {
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineOffsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    return Math.max(0, low - 1);
  }

  /** The segment holding `offset` (the last one for the end of the text). */
  private segmentAt(offset: number): number {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.size) return NaN;
    const s = this.segments[this.segmentAt(offset)];
    return s.text.charCodeAt(offset - s.start);
  }

  /** As `String.prototype.substring` of the whole text (which swaps reversed bounds). */
  private slice(start: number, end: number): string {
    if (end < start) [start, end] = [end, start];
    if (end === start) return '';
    if (this.joined !== undefined) return this.joined.substring(start, end);
    let i = this.segmentAt(start);
    let out = '';
    for (; i < this.segments.length && this.segments[i].start < end; i++) {
      const s = this.segments[i];
      out += s.text.substring(Math.max(0, start - s.start), Math.min(s.text.length, end - s.start));
    }
    return out;
  }

  private ensureBeforeEOL(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEOL(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

function computeLineOffsets(text: string, isAtLineStart: boolean, textOffset = 0): number[] {
  const result = isAtLineStart ? [textOffset] : [];
  if (!text.includes('\r')) {
    // Only line feeds (most files): found natively.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) result.push(textOffset + i + 1);
    return result;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (isEOL(ch)) {
      if (ch === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      result.push(textOffset + i + 1);
    }
  }
  return result;
}
