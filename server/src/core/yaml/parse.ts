// Parses one segment the way kubectl reads manifests: YAML 1.1 (`yes` and `on` are booleans, `0755` is octal), or
// JSON. The objects of a List (`kind: List`, `ServiceList`...) become documents of their own, as kubectl applies them.
import { Alias, Document, isCollection, isMap, isPair, isSeq, parseAllDocuments, parseDocument, visit, YAMLParseError } from 'yaml';
import type { Path } from '../types';
import { deref, documentAtNode, findPair } from './path';

export interface ParsedDocument {
  /** The YAML document; for an object of a List, the List's document seen from the object (see `prefix`). */
  doc: Document.Parsed;
  /** The value the API server would receive, or undefined when the document could not be converted. */
  value: unknown;
  /** Why the conversion failed, with the offending node's span: an alias bomb, an unknown or a recursive alias. */
  conversionError?: { code: 'alias-bomb' | 'unresolved-alias' | 'recursive-alias'; message: string; start: number; end: number };
  /**
   * The path of an object inside a List document: `['items', 2]`. Its `doc` is rooted at the item (documentAtNode),
   * so paths, spans and edits need no prefix; the prefix tells which item it is. Absent for a document's own object.
   */
  prefix?: Path;
  /** A List document: its objects follow it in the parsed list, each with a `prefix`. */
  list?: boolean;
}

/** Collections nested deeper than this are not parsed: the parser and every walk over the tree recurse per level. */
export const MAX_NESTING = 256;

/** Aliases a manifest may expand before we call it an alias bomb ("billion laughs"). */
const MAX_ALIAS_COUNT = 1000;

const options = {
  version: '1.1' as const,
  // kubectl's YAML-to-JSON conversion turns timestamps back into their text, so we keep them as strings.
  // `!!binary` stays the text it is written as (a Uint8Array would be reported as a list of numbers).
  customTags: (tags: any[]) => tags.filter((t) => t.tag !== 'tag:yaml.org,2002:timestamp' && t.tag !== 'tag:yaml.org,2002:binary'),
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  strict: false,
  // Problems are reported as diagnostics; nothing may be written to the console (stdout is the LSP channel).
  logLevel: 'silent' as const,
};

/**
 * A segment that starts like JSON (`{`, `[`, or a JSONC comment): kubectl reads a stream that starts with `{` as JSON.
 * Only an object with `apiVersion` and `kind` (a List too) is a manifest; any other JSON text (package.json,
 * tsconfig.json with its comments, a dashboard, a JSON schema) has no documents at all: nothing is reported on it.
 */
const JSON_START = /^\uFEFF?[ \t\r\n]*(?:[{[]|\/[/*])/;

/** Whether a segment is read as JSON (see JSON_START): what is written into it must be JSON too. */
export const looksLikeJson = (text: string): boolean => JSON_START.test(text);

/**
 * For a JSON text too big to read: whether it starts like a manifest, its first key `apiVersion` or `kind` (kubectl
 * and the API write apiVersion first). A big JSON file of any other kind (package-lock.json) is then left alone.
 */
export const jsonStartsLikeManifest = (head: string): boolean => /^\uFEFF?\s*\{\s*"(apiVersion|kind)"\s*:/.test(head);

export function parseSegment(text: string): ParsedDocument[] {
  if (!JSON_START.test(text)) return parseDocuments(text).flatMap(expandList);
  // Most JSON files never mention both keys: no parse at all (package-lock.json is megabytes).
  if (!text.includes('apiVersion') || !text.includes('kind')) return [];
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // Not strict JSON: JSON with comments or a trailing comma, a broken manifest, or a YAML flow mapping. The YAML
    // parse below tells them apart by its (partial) tree: only a mapping with apiVersion and kind is a manifest.
    return parseDocuments(text)
      .filter((p) => hasHeader(p.doc))
      .flatMap(expandList);
  }
  if (!isManifest(json)) return [];
  // The value is the JSON itself, as kubectl decodes it (the same as YAML's for JSON); the tree gives the positions.
  return parseDocuments(text).flatMap((p) => expandList(p.value === undefined ? p : { ...p, value: json }));
}

function isManifest(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as any).apiVersion === 'string' && typeof (v as any).kind === 'string';
}

/** Whether the document's root is a mapping with `apiVersion` and `kind` keys (read from the tree: it may be broken). */
function hasHeader(doc: Document): boolean {
  const root = doc.contents;
  return isMap(root) && !!findPair(doc, root, 'apiVersion') && !!findPair(doc, root, 'kind');
}

/** `kind: List` (what `kubectl get -o yaml` prints) or `kind: ServiceList` (the API's own lists), with `items`. */
const LIST_KIND = /^(?:[A-Z][A-Za-z0-9]*)?List$/;

export function isList(value: unknown): value is { items: unknown[] } {
  return isManifest(value) && LIST_KIND.test((value as any).kind) && Array.isArray((value as any).items);
}

/** A List document followed by one document per object in its `items`; any other document alone. */
function expandList(p: ParsedDocument): ParsedDocument[] {
  if (!isList(p.value) || !isMap(p.doc.contents)) return [p];
  const seq = deref(p.doc, findPair(p.doc, p.doc.contents, 'items')?.value);
  if (!isSeq(seq)) return [p];
  const out: ParsedDocument[] = [{ ...p, list: true }];
  const values = p.value.items;
  seq.items.forEach((item, i) => {
    const node = deref(p.doc, item);
    const value = values[i];
    // Only objects: kubectl refuses a List whose items are not, and the API server says why.
    if (!isMap(node) || !value || typeof value !== 'object' || Array.isArray(value)) return;
    out.push({ doc: documentAtNode(p.doc, node), value, prefix: ['items', i] });
  });
  return out;
}

/** The YAML documents of a segment, Lists not expanded. */
function parseDocuments(text: string): ParsedDocument[] {
  const deep = tooDeepAt(text, MAX_NESTING);
  if (deep >= 0) {
    // 10,000 nested `[` would overflow the stack of the parser and of every recursive walk: refuse up front.
    const doc = parseDocument('', options) as Document.Parsed;
    const lineEnd = text.indexOf('\n', deep);
    doc.errors.push(
      new YAMLParseError(
        [deep, Math.max(deep + 1, Math.min(lineEnd < 0 ? text.length : lineEnd, deep + 200))],
        'RESOURCE_EXHAUSTION',
        `Collections nest more than ${MAX_NESTING} levels deep here; this document was not analysed.`,
      ),
    );
    return [{ doc, value: undefined }];
  }
  // A lone CR ends a line for YAML 1.1, kubectl and the editor, but not for the parser: make it a LF (same offsets).
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const docs = parseAllDocuments(source, options);
  const list: Document.Parsed[] = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
  return list.map((doc) => {
    // A duplicate key is not fatal: kubectl keeps the last value, and so does toJS.
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return { doc, value: undefined };
    // An alias is written `*name`: without a `*` in the text (most manifests) there is none to check.
    const bad = source.includes('*') ? badAlias(doc) : undefined;
    if (bad) return { doc, value: undefined, conversionError: bad };
    try {
      return { doc, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const r = doc.contents?.range;
      return { doc, value: undefined, conversionError: { code: 'alias-bomb', message, start: r?.[0] ?? 0, end: r?.[1] ?? 0 } };
    }
  });
}

/** An alias kubectl cannot convert: one without an earlier anchor in the same document, or one inside the node it names. */
function badAlias(doc: Document.Parsed): ParsedDocument['conversionError'] | undefined {
  if (!doc.contents || !isCollection(doc.contents)) return undefined;
  let found: ParsedDocument['conversionError'] | undefined;
  visit(doc, {
    Alias(_key, node: Alias, path) {
      const r = node.range ?? [0, 0];
      const source = node.resolve(doc);
      if (!source) {
        found = { code: 'unresolved-alias', message: `Unknown anchor: *${node.source} (an alias must follow its anchor &${node.source} in the same document)`, start: r[0], end: r[1] };
      } else if (path.some((p) => p === source || (isPair(p) && p.value === source))) {
        found = { code: 'recursive-alias', message: `The alias *${node.source} is inside the node it refers to: kubectl rejects recursive structures`, start: r[0], end: r[1] };
      }
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

/**
 * The offset of the first line where collections may nest deeper than `limit`, or -1. One pass, no parsing: it counts
 * indentation levels, compact `- `/`? ` indicators and flow brackets (outside quotes and comments), so it over-estimates
 * a little but never misses the 10,000 `[` of a hostile file.
 */
export function tooDeepAt(text: string, limit: number): number {
  if (text.length < limit) return -1;
  // Every level counted below takes a line, a `-`/`?` indicator or a bracket: a text with at most `limit` of them in
  // all (any manifest document) cannot nest deeper, and counting them with indexOf is far cheaper than the scan.
  let budget = limit;
  for (const c of '\n-?[{') {
    for (let i = text.indexOf(c); i >= 0 && budget >= 0; i = text.indexOf(c, i + 1)) budget--;
    if (budget < 0) break;
  }
  return budget >= 1 ? -1 : scanDepth(text, limit);
}

/** The scan itself (exported for a test that compares it with the counting shortcut above). */
export function scanDepth(text: string, limit: number): number {
  const indents: number[] = [];
  let flow = 0;
  let quote = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let i = pos;
    if (flow === 0 && quote === 0) {
      while (i < end && text.charCodeAt(i) === 32) i++;
      const c = text.charCodeAt(i);
      if (i < end && c !== 35 /* # */ && c !== 13) {
        const indent = i - pos;
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
      // Compact nesting on one line: `- - - x`, `? - x`.
      let compact = 0;
      while (i + 1 < end && (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 63) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        compact++;
        i += 2;
        while (i < end && text.charCodeAt(i) === 32) i++;
      }
      if (indents.length + compact > limit) return pos;
    }
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 92 /* \ */ && quote === 34) i++;
        continue;
      }
      if (c === 35 /* # */ && (i === pos || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) break;
      if (flow > 0 && (c === 34 || c === 39)) quote = c;
      else if (c === 91 || c === 123) {
        // A bracket opens a flow collection where a value starts, or anywhere inside one.
        if (flow > 0 || startsValue(text, pos, i)) {
          flow++;
          if (flow + indents.length > limit) return pos;
        }
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
    }
    pos = end + 1;
  }
  return -1;
}

function startsValue(text: string, lineStart: number, i: number): boolean {
  let j = i - 1;
  while (j >= lineStart && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (j < lineStart) return true;
  const c = text.charCodeAt(j);
  return (c === 58 /* : */ || c === 45 /* - */ || c === 63 /* ? */) && j < i - 1;
}

