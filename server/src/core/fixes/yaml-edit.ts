// Writing YAML in the file's own style: the layout a file uses, where new lines go after a node, and scalars that
// read back as the same string. Shared by every fix that inserts lines (DNS egress, policyTypes).
import { isMap, isPair, isScalar, isSeq, Node, Pair, parse, YAMLMap } from 'yaml';
import { keyString, spanOf } from '../yaml/path';
import type { TextEdit } from '../types';

export interface Layout {
  eol: string;
  /** Spaces per mapping level. */
  step: number;
  /** Extra indentation of a block sequence under its key: 0 (`key:\n- a`) or usually `step` (`key:\n  - a`). */
  seqOffset: number;
  /** Columns from a dash to the item's first key (`- a` is 2). */
  gap: number;
}

/** The start of the line holding `offset` (lastIndexOf with a negative start would still look at index 0). */
export const lineStartOf = (text: string, offset: number) => (offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1);
export const col = (text: string, offset: number) => offset - lineStartOf(text, offset);
export const pad = (n: number) => ' '.repeat(Math.max(0, n));

/**
 * Reads the file's style from the document itself, with the Kubernetes docs' style where the file has no example.
 * `spec` is looked at first: a file may indent metadata by 2 and the spec by 4, and the new lines go into the spec.
 * `outer` is the List around an object (wholeDocument), looked at last.
 */
export function detectLayout(text: string, root: unknown, outer?: unknown): Layout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let step: number | undefined;
  let seqOffset: number | undefined;
  let gap: number | undefined;
  const visit = (node: unknown, keyCol: number | undefined, depth: number) => {
    if (depth > 20 || (step !== undefined && seqOffset !== undefined && gap !== undefined)) return;
    if (isMap(node) && !node.flow) {
      const first = spanOf(node.items[0]?.key);
      if (first && keyCol !== undefined && step === undefined && col(text, first.start) > keyCol) step = col(text, first.start) - keyCol;
      for (const p of node.items) {
        const k = spanOf(p.key);
        if (k) visit(p.value, col(text, k.start), depth + 1);
      }
    } else if (isSeq(node) && !node.flow) {
      const s = spanOf(node);
      if (s && keyCol !== undefined && seqOffset === undefined) seqOffset = Math.max(0, col(text, s.start) - keyCol);
      for (const item of node.items) {
        const i = spanOf(item);
        if (i && s && gap === undefined && isMap(item) && !item.flow) gap = col(text, i.start) - col(text, s.start);
        visit(item, s ? col(text, s.start) : undefined, depth + 1);
      }
    }
  };
  const spec = isMap(root) ? root.items.find((p) => keyString(p.key) === 'spec') : undefined;
  const specKey = spanOf(spec?.key);
  if (specKey) visit(spec!.value, col(text, specKey.start), 1);
  visit(root, undefined, 0);
  // An object of a List that shows no style of its own takes the List's.
  if (outer && outer !== root) visit(outer, undefined, 0);
  const st = step && step > 0 && step <= 8 ? step : 2;
  return { eol, step: st, seqOffset: seqOffset ?? st, gap: gap && gap >= 2 && gap <= 8 ? gap : 2 };
}

/** A scalar as YAML text: plain when it reads back as the same string under YAML 1.1, quoted otherwise. */
export function yamlScalar(s: string): string {
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(s) && parse(s, { version: '1.1' }) === s;
  return plain ? s : JSON.stringify(s);
}

/**
 * Whether a flow collection is written as JSON, which is how its first key (or item) is quoted: what is written into
 * it must be JSON then (quoted keys and strings), or the JSON document would not be JSON any more.
 */
export function writtenAsJson(node: unknown): boolean {
  if (!(isMap(node) || isSeq(node)) || !node.flow) return false;
  const first = node.items[0];
  const scalar = isMap(node) ? (first as Pair | undefined)?.key : first;
  return isScalar(scalar) && scalar.type === 'QUOTE_DOUBLE';
}

/** A value as one line of JSON, spaced as people write it: `{"port": 53, "protocol": "UDP"}`. */
export function jsonLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonLine).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonLine(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** The end of the last line that holds content of `node` (its range also covers trailing comments and blank lines). */
export function contentEnd(node: unknown, depth = 0): number {
  const own = (node as Node | undefined)?.range?.[1] ?? 0;
  if (depth > 50) return own;
  if (isMap(node) && !node.flow) {
    let end = spanOf(node)?.start ?? 0;
    for (const p of node.items) end = Math.max(end, contentEnd(p.key, depth + 1), contentEnd(p.value, depth + 1));
    return end;
  }
  if (isSeq(node) && !node.flow) {
    let end = spanOf(node)?.start ?? 0;
    for (const i of node.items) end = Math.max(end, contentEnd(i, depth + 1));
    return end;
  }
  return own;
}

/** Where new lines go after `node`: the start of the line after its content, past comment lines indented deeper than `column`. */
export function insertionPoint(text: string, node: unknown, column: number): { at: number; needsEol: boolean } {
  let end = contentEnd(node);
  let at: number;
  if (end > 0 && text[end - 1] === '\n') at = end;
  else {
    const nl = text.indexOf('\n', end);
    if (nl < 0) return { at: text.length, needsEol: true };
    at = nl + 1;
  }
  // Comment lines indented under the last item belong to it (a commented-out port, say): keep them above the new lines.
  for (;;) {
    const m = /^([ ]*)#[^\n]*(\n|$)/.exec(text.slice(at, at + 10000));
    if (!m || m[1].length <= column) break;
    if (!m[2]) return { at: text.length, needsEol: true };
    at += m[0].length;
  }
  return { at, needsEol: false };
}

export function linesAt(point: { at: number; needsEol: boolean }, lines: string[], eol: string): TextEdit {
  const body = lines.join(eol);
  return { start: point.at, end: point.at, newText: point.needsEol ? eol + body : body + eol };
}

/** The offset of the closing bracket of a flow collection. */
export function closingBracket(text: string, node: Node): number | undefined {
  const end = node.range?.[1];
  if (end === undefined) return undefined;
  const i = text.lastIndexOf(isSeq(node) ? ']' : '}', end);
  return i >= (node.range?.[0] ?? 0) ? i : undefined;
}

/**
 * Where a new entry of a flow collection goes: right after its last entry (then written `, entry`), so that a JSON
 * object printed over several lines gets `"a": 1, "b": 2` rather than a comma at the start of the closing line; in an
 * empty collection, at its closing bracket.
 */
export function flowAppendAt(text: string, node: Node): number | undefined {
  const close = closingBracket(text, node);
  const items = (node as YAMLMap).items as unknown[] | undefined;
  const last = items?.[items.length - 1];
  const lastNode = (isPair(last) ? (last.value ?? last.key) : last) as Node | null | undefined;
  const end = lastNode?.range?.[1];
  return close !== undefined && end !== undefined && end <= close ? end : close;
}

export function ownPair(map: YAMLMap, pair: Pair | undefined): Pair | undefined {
  // A pair merged in from an anchor (`<<: *base`) lives elsewhere: editing it would change every user of the anchor.
  return pair && map.items.includes(pair) ? pair : undefined;
}
