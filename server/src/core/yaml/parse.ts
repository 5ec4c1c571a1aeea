// Parses one segment the way kubectl reads manifests: YAML 1.1 (`yes` and `on` are booleans, `0755` is octal).
import { Document, parseAllDocuments } from 'yaml';

export interface ParsedDocument {
  doc: Document.Parsed;
  /** The value the API server would receive, or undefined when the document could not be converted. */
  value: unknown;
  /** Why the conversion failed (an alias bomb), with the offending node's span. */
  conversionError?: { message: string; start: number; end: number };
}

/** Aliases a manifest may expand before we call it an alias bomb ("billion laughs"). */
const MAX_ALIAS_COUNT = 1000;

const options = {
  version: '1.1' as const,
  // kubectl's YAML-to-JSON conversion turns timestamps back into their text, so we keep them as strings.
  customTags: (tags: any[]) => tags.filter((t) => t.tag !== 'tag:yaml.org,2002:timestamp'),
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  strict: false,
  // Problems are reported as diagnostics; nothing may be written to the console (stdout is the LSP channel).
  logLevel: 'silent' as const,
};

export function parseSegment(text: string): ParsedDocument[] {
  const docs = parseAllDocuments(text, options);
  const list: Document.Parsed[] = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
  return list.map((doc) => {
    // A duplicate key is not fatal: kubectl keeps the last value, and so does toJS.
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return { doc, value: undefined };
    try {
      return { doc, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const r = doc.contents?.range;
      return { doc, value: undefined, conversionError: { message, start: r?.[0] ?? 0, end: r?.[1] ?? 0 } };
    }
  });
}

