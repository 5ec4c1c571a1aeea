// Fixes for a policyTypes list that disagrees with the rules: add the missing type, write the list where it is
// missing, or drop a duplicate entry. Each inserts or deletes whole lines (or one flow item) in the file's style.
import { Document, isMap, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from 'yaml';
import { findPair, spanOf, wholeDocument } from '../yaml/path';
import type { TextEdit } from '../types';
import { col, detectLayout, flowAppendAt, insertionPoint, lineStartOf, linesAt, ownPair, pad, writtenAsJson } from './yaml-edit';

function spec(doc: Document): YAMLMap | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const s = ownPair(root, findPair(doc, root, 'spec'));
  return s && isMap(s.value) ? s.value : undefined;
}

/** Adds `type` to an existing `policyTypes` list. */
export function addPolicyType(text: string, doc: Document, type: 'Ingress' | 'Egress'): TextEdit[] | undefined {
  const s = spec(doc);
  const pair = s && ownPair(s, findPair(doc, s, 'policyTypes'));
  const list = pair?.value;
  if (!isSeq(list)) return undefined;
  // In a JSON document the new entry is a JSON string.
  const entry = writtenAsJson(doc.contents) ? JSON.stringify(type) : type;
  // The API server allows at most two entries: with a duplicate already there, the new type takes its place.
  if (list.items.length >= 2) {
    const values = list.items.map((i) => (isScalar(i) ? i.value : undefined));
    const dup = values.findIndex((v, i) => values.indexOf(v) !== i);
    const item = dup >= 0 ? list.items[dup] : undefined;
    const at = spanOf(item);
    const quoted = isScalar(item) && item.type === 'QUOTE_DOUBLE' ? JSON.stringify(type) : entry;
    return at ? [{ start: at.start, end: at.end, newText: quoted }] : undefined;
  }
  if (list.flow) {
    const end = flowAppendAt(text, list as Node);
    if (end === undefined) return undefined;
    return [{ start: end, end, newText: list.items.length ? `, ${entry}` : entry }];
  }
  const first = spanOf(list.items[0]);
  const seqStart = spanOf(list)?.start;
  if (!first || seqStart === undefined) return undefined;
  const dash = col(text, seqStart);
  const gap = col(text, first.start) - dash;
  const eol = detectLayout(text, doc.contents).eol;
  return [linesAt(insertionPoint(text, list, dash), [`${pad(dash)}-${pad(gap - 1)}${type}`], eol)];
}

/**
 * Writes `policyTypes: [Egress]` as a block list right above the `egress:` key, when policyTypes is absent; in a flow
 * mapping (a JSON policy), as the entry before `egress`.
 */
export function writeEgressOnly(text: string, doc: Document): TextEdit[] | undefined {
  const s = spec(doc);
  if (!s) return undefined;
  const egress = ownPair(s, findPair(doc, s, 'egress'));
  const key = spanOf(egress?.key);
  if (!key) return undefined;
  if (s.flow) {
    const entry = writtenAsJson(doc.contents) ? '"policyTypes": ["Egress"], ' : 'policyTypes: [Egress], ';
    return [{ start: key.start, end: key.start, newText: entry }];
  }
  const lineStart = lineStartOf(text, key.start);
  if (!/^[ ]*$/.test(text.slice(lineStart, key.start))) return undefined;
  const layout = detectLayout(text, doc.contents, wholeDocument(doc).contents);
  const k = key.start - lineStart;
  const lines = [`${pad(k)}policyTypes:`, `${pad(k + layout.seqOffset)}-${pad(layout.gap - 1)}Egress`];
  return [{ start: lineStart, end: lineStart, newText: lines.join(layout.eol) + layout.eol }];
}

/** Deletes the `index`-th entry of a block `policyTypes` list (its whole line), or of a flow list (the item and a comma). */
export function removePolicyType(text: string, doc: Document, index: number): TextEdit[] | undefined {
  const s = spec(doc);
  const pair = s && ownPair(s, findPair(doc, s, 'policyTypes'));
  const list = pair?.value as YAMLSeq | undefined;
  if (!isSeq(list)) return undefined;
  const item = spanOf(list.items[index]);
  if (!item) return undefined;
  if (list.flow) {
    const before = text.slice(0, item.start).match(/,\s*$/);
    if (before) return [{ start: item.start - before[0].length, end: item.end, newText: '' }];
    const after = text.slice(item.end).match(/^\s*,\s*/);
    return [{ start: item.start, end: item.end + (after ? after[0].length : 0), newText: '' }];
  }
  const lineStart = lineStartOf(text, item.start);
  if (!/^[ ]*-[ ]*$/.test(text.slice(lineStart, item.start))) return undefined;
  const nl = text.indexOf('\n', item.end);
  return [{ start: lineStart, end: nl < 0 ? text.length : nl + 1, newText: '' }];
}
