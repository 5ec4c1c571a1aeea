// Maps API paths (`spec.ports[0].port`) to the YAML nodes a person would blame.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import type { Path, Span } from '../types';

export type AnyNode = Node | null | undefined;

export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

const wholeDocuments = new WeakMap<Document, Document>();

/** The whole document of a view made by documentAtNode (the List around an item), or the document itself. */
export function wholeDocument(doc: Document): Document {
  return wholeDocuments.get(doc) ?? doc;
}

/**
 * The document `doc` seen from one of its nodes, for an object inside a List (`items[2]`): its `contents` is that
 * node, so every path, span and edit taken from it is the object's own (`spec.ports[0]`), while offsets stay those
 * of the text. It has no errors of its own (they belong to the whole document) and resolves aliases in the whole.
 */
export function documentAtNode<D extends Document>(doc: D, node: Node): D {
  const whole = wholeDocument(doc) as D;
  const r = node.range ?? [0, 0, 0];
  const view = Object.create(whole, {
    contents: { value: node, writable: true, enumerable: true },
    range: { value: [r[0], r[1], r[2]], writable: true, enumerable: true },
    errors: { value: [], writable: true, enumerable: true },
    warnings: { value: [], writable: true, enumerable: true },
  }) as D;
  wholeDocuments.set(view, whole);
  return view;
}

export function deref(doc: Document, node: unknown): AnyNode {
  let n = node as AnyNode;
  // An alias in an object of a List may name an anchor elsewhere in the List: look it up in the whole document.
  const whole = wholeDocument(doc);
  for (let i = 0; i < 64 && isAlias(n); i++) n = (n as any).resolve(whole) as AnyNode;
  return isAlias(n) ? undefined : n;
}

/** The pair that supplies `key` in a mapping, as the YAML-to-JSON conversion sees it: the last one wins, merges (`<<`) fill in. */
export function findPair(doc: Document, map: YAMLMap, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i];
    if (keyString(p.key) === key) return p;
  }
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i];
    if (isScalar(p.key) && p.key.value === '<<') {
      const sources = deref(doc, p.value);
      const list = isSeq(sources) ? sources.items.map((s) => deref(doc, s)) : [sources];
      for (const s of list) {
        if (isMap(s)) {
          const found = findPair(doc, s, key);
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}

export interface Located {
  /** The deepest node that exists along the path. */
  node: AnyNode;
  /** The pair whose value is `node`, when `node` is a mapping value. */
  pair?: Pair;
  /** How many path segments were found. */
  depth: number;
}

export function locate(doc: Document, path: Path): Located {
  let node: AnyNode = doc.contents as AnyNode;
  let pair: Pair | undefined;
  let depth = 0;
  for (const seg of path) {
    const cur = deref(doc, node);
    if (isMap(cur) && typeof seg === 'string') {
      const p = findPair(doc, cur, seg);
      if (!p) break;
      pair = p;
      node = p.value as AnyNode;
    } else if (isSeq(cur) && typeof seg === 'number' && seg < cur.items.length) {
      pair = undefined;
      node = cur.items[seg] as AnyNode;
    } else {
      break;
    }
    depth++;
  }
  return { node, pair, depth };
}

export function spanOf(node: unknown): Span | undefined {
  const r = (node as Node | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: Math.max(r[0], r[1]) };
}

/**
 * The span to underline for a problem at `path`.
 * `key` blames the key of the last segment; `value` its value; when the path does not exist, the key of the nearest ancestor that does.
 */
export function blame(doc: Document, path: Path, on: 'key' | 'value' = 'value'): Span {
  const loc = locate(doc, path);
  if (loc.depth === path.length) {
    if (on === 'key' && loc.pair) return keySpan(loc.pair) ?? valueSpan(doc, loc);
    return valueSpan(doc, loc);
  }
  // Missing: underline the nearest existing ancestor's key, or the first key of a list item, or the root's kind.
  return ancestorSpan(doc, loc);
}

function valueSpan(doc: Document, loc: Located): Span {
  const s = spanOf(loc.node);
  if (s && s.end > s.start) return s;
  // A key without a value (`port:`): underline the key.
  if (loc.pair) return keySpan(loc.pair) ?? rootSpan(doc);
  return s ?? rootSpan(doc);
}

export function ancestorSpan(doc: Document, loc: Located): Span {
  // Reached through a key: underline that key (`spec:` when `spec.ports` is missing).
  if (loc.pair && loc.depth > 0) return keySpan(loc.pair) ?? rootSpan(doc);
  // Reached through a list index: underline the item's first key, not the whole list.
  const cur = deref(doc, loc.node);
  if (loc.depth > 0 && isMap(cur) && cur.items.length > 0) return keySpan(cur.items[0]) ?? rootSpan(doc);
  if (loc.depth > 0) return spanOf(loc.node) ?? rootSpan(doc);
  return rootSpan(doc);
}

export function keySpan(pair: unknown): Span | undefined {
  if (!isPair(pair)) return undefined;
  return spanOf(pair.key);
}

/** At the root, blame the value of `kind` (or the first key). */
export function rootSpan(doc: Document): Span {
  const root = doc.contents;
  if (isMap(root)) {
    const kind = findPair(doc, root, 'kind');
    const s = (kind && spanOf(kind.value)) || (root.items[0] && keySpan(root.items[0]));
    if (s) return s;
  }
  return spanOf(root) ?? { start: 0, end: 0 };
}

/** `spec.ports[0].port`, the API server's way of writing a path. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${seg}]`;
  }
  return out;
}
