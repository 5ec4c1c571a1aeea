// Small text edits on YAML nodes that touch only the bytes they must, so fixes keep comments, quotes and line endings.
import { Document, isMap, isPair, isScalar, isSeq, Pair } from 'yaml';
import { deref, locate, spanOf } from './yaml/path';
import type { Path, TextEdit } from './types';

/**
 * `newText` (a plain YAML scalar) in the quotes of the string scalar it replaces: `"TPC"` becomes `"TCP"`, not `TCP`,
 * so a quoted value stays quoted and a JSON document stays JSON. Text that is already quoted is left as it is.
 */
function inQuotesOf(node: unknown, newText: string): string {
  if (!isScalar(node) || typeof node.value !== 'string' || /^["']/.test(newText)) return newText;
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(newText);
  if (node.type === 'QUOTE_SINGLE') return `'${newText.replace(/'/g, "''")}'`;
  return newText;
}

/**
 * Replaces the scalar at `path` with `newText` (already YAML: quote it yourself where needed). A string written in
 * quotes keeps them (see inQuotesOf).
 */
export function replaceValue(doc: Document, path: Path, newText: string): TextEdit | undefined {
  const loc = locate(doc, path);
  if (loc.depth !== path.length) return undefined;
  const s = spanOf(loc.node);
  if (!s) return undefined;
  return { start: s.start, end: s.end, newText: inQuotesOf(loc.node, newText) };
}

/** Renames the key at `path`; a quoted key keeps its quotes. */
export function renameKey(doc: Document, path: Path, newKey: string): TextEdit | undefined {
  const loc = locate(doc, path);
  if (loc.depth !== path.length || !loc.pair) return undefined;
  const s = spanOf(loc.pair.key);
  return s && { start: s.start, end: s.end, newText: inQuotesOf(loc.pair.key, newKey) };
}

/**
 * Removes the `key: value` pair at `path` with its whole lines when it is a block mapping entry alone on its lines,
 * or just the pair (and a neighbouring comma) in a flow mapping.
 */
export function removePair(doc: Document, text: string, path: Path): TextEdit | undefined {
  const loc = locate(doc, path);
  if (loc.depth !== path.length || !loc.pair) return undefined;
  const parentLoc = locate(doc, path.slice(0, -1));
  const parent = deref(doc, parentLoc.node);
  if (!isMap(parent)) return undefined;
  const pair = loc.pair as Pair;
  const keyS = spanOf(pair.key);
  if (!keyS) return undefined;
  const valueEnd = (pair.value as any)?.range?.[2] ?? keyS.end;
  if (parent.flow) {
    const idx = parent.items.indexOf(pair);
    let start = keyS.start;
    let end = (pair.value as any)?.range?.[1] ?? keyS.end;
    const after = text.slice(end).match(/^\s*,\s*/);
    if (after) end += after[0].length;
    else if (idx > 0) {
      const before = text.slice(0, start).match(/,\s*$/);
      if (before) start -= before[0].length;
    }
    return { start, end, newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', keyS.start - 1) + 1;
  const prefix = text.slice(lineStart, keyS.start);
  // `- key: v` as the first key of a list item: removing the line would remove the dash; blank the pair instead.
  if (!/^[ \t]*$/.test(prefix)) return undefined;
  let end = valueEnd;
  const nl = text.indexOf('\n', Math.max(end - 1, keyS.end));
  // Take the rest of the last line, its comment included, and the line break.
  end = nl < 0 ? text.length : nl + 1;
  // The value's range can end after its trailing newline already; never eat the next key's line.
  return { start: lineStart, end, newText: '' };
}

export function isBlockSeq(node: unknown): boolean {
  return isSeq(node) && !node.flow;
}

export function pairOf(doc: Document, path: Path): Pair | undefined {
  const loc = locate(doc, path);
  return loc.depth === path.length && isPair(loc.pair) ? loc.pair : undefined;
}
