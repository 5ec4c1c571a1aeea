// Gives features (hover, lens, fixes) the parsed YAML of one `---` document on demand.
// The analysis keeps only compact results per document; the AST of a document is re-parsed when a feature needs
// it (a millisecond for a typical manifest) and cached weakly, so large files do not hold every AST in memory.
import type { Analysis, AnalyzedSegment, SegmentResult } from '../analyze';
import { targetKind } from '../analyze';
import type { TargetKind } from '../rules/types';
import { parseSegment, ParsedDocument } from '../yaml/parse';

const cache = new WeakMap<SegmentResult, ParsedDocument[]>();

export function parsedSegment(seg: AnalyzedSegment): ParsedDocument[] {
  let parsed = cache.get(seg.result);
  if (!parsed) {
    parsed = parseSegment(seg.result.text);
    cache.set(seg.result, parsed);
  }
  return parsed;
}

export interface DocumentAt {
  /** Offset of the segment in the analysed text: add it to every span of `parsed` to get a text offset. */
  base: number;
  segment: AnalyzedSegment;
  parsed: ParsedDocument;
  /** Service or NetworkPolicy, when the document is one. */
  kind?: TargetKind;
}

/** The `---` segment that contains `offset`, by binary search over the segment starts. */
export function segmentAt(analysis: Analysis, offset: number): AnalyzedSegment | undefined {
  const segs = analysis.segments;
  let lo = 0;
  let hi = segs.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return segs[lo];
}

/** The document that contains `offset` (an offset into the analysed text); in a List, the object that does. */
export function documentAt(analysis: Analysis, offset: number): DocumentAt | undefined {
  const segment = segmentAt(analysis, offset);
  if (!segment) return undefined;
  const rel = offset - segment.start;
  const docs = parsedSegment(segment);
  const inside = (d: ParsedDocument) => rel >= d.doc.range[0] && rel <= d.doc.range[2];
  let i = docs.findIndex(inside);
  if (i < 0) i = docs.length - 1;
  // In a List, the object under the cursor (its items follow the List).
  if (docs[i]?.list) for (let j = i + 1; j < docs.length && docs[j].prefix; j++) if (inside(docs[j])) i = j;
  const parsed = docs[i];
  if (!parsed) return undefined;
  return { base: segment.start, segment, parsed, kind: targetKind(parsed.value) };
}

/** Every document of the analysis, in order (a List, then each of its objects). */
export function* allDocuments(analysis: Analysis): Generator<DocumentAt> {
  for (const segment of analysis.segments) {
    for (const parsed of parsedSegment(segment)) {
      yield { base: segment.start, segment, parsed, kind: targetKind(parsed.value) };
    }
  }
}
