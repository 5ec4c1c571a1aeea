// The analysis pipeline: split into `---` documents, parse each as YAML 1.1, validate the Services and
// NetworkPolicies, run the rules, then apply severities and suppression comments. Never throws on user input.
import type { Document } from 'yaml';
import { isTemplate, resplit, splitDocuments, type Segment, type Unchanged } from './yaml/documents';
import { parseSegment, ParsedDocument } from './yaml/parse';
import { validateSchema } from './schema/validate';
import { kindProblems } from './schema/kind';
import { rules } from './rules/index';
import type { RuleContext, TargetKind } from './rules/types';
import { blame, formatPath, locate } from './yaml/path';
import type { AnalysisOptions, Problem } from './types';
import { applySettings } from './suppress';
import { summarizeParsed, type SegmentSummary } from './workspace/summary';

/** What one `---` document yields; cached by its text, so an edit re-analyses only the documents it touched. */
export interface SegmentResult {
  readonly text: string;
  /** Problems in offsets relative to the segment, before severity settings and suppression. */
  readonly problems: readonly Problem[];
  /** YAML syntax problems, reported only in files that hold a Service or NetworkPolicy. */
  readonly syntax: readonly Problem[];
  readonly targets: number;
  readonly objects: readonly ObjectHeader[];
  /** What the cross-file checks need of this segment, taken from the same parse (see workspace/summary.ts). */
  readonly summary?: SegmentSummary;
}

export interface ObjectHeader {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Span of the document's root node, relative to the segment. */
  start: number;
  end: number;
}

export interface AnalyzedSegment {
  readonly start: number;
  readonly result: SegmentResult;
}

export interface Analysis {
  readonly text: string;
  readonly options: AnalysisOptions;
  readonly template: boolean;
  readonly segments: readonly AnalyzedSegment[];
  /** Final problems, in offsets into `text`, sorted by position. */
  readonly problems: readonly Problem[];
}

const TARGETS: Record<string, TargetKind> = {
  'v1/Service': 'Service',
  'networking.k8s.io/v1/NetworkPolicy': 'NetworkPolicy',
};

export function targetKind(value: unknown): TargetKind | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  return TARGETS[`${String(v.apiVersion)}/${String(v.kind)}`];
}

const MENTIONS_TARGET = /^kind:[ \t]*["']?(Service|NetworkPolicy)\b/m;

/**
 * Analyses `text`, re-using the results of `previous` for the `---` documents whose text did not change.
 * `unchanged` (optional) is the caller's promise of how much of the start and the end of `text` equals
 * `previous.text`, so that a keystroke costs no pass over the whole file; results never depend on it.
 */
export function analyze(text: string, options: AnalysisOptions, previous?: Analysis, unchanged?: Unchanged): Analysis {
  if (text.length > options.maxFileSize) {
    return {
      text,
      options,
      template: false,
      segments: [],
      problems: [
        {
          ruleId: 'analysis-limit',
          severity: 'information',
          start: 0,
          end: 0,
          message: `This file is ${mb(text.length)} and was not analysed: the limit is ${mb(options.maxFileSize)} (setting k8sNetworkLens.maxFileSizeMB).`,
        },
      ],
    };
  }
  const template = isTemplate(text);
  // A template is not YAML until rendered: it is neither parsed nor reported on.
  const { all, known } = template ? { all: [], known: [] } : split(text, options, previous, unchanged);
  const limited = all.length > options.maxDocuments ? all.slice(0, options.maxDocuments) : all;
  const segments: AnalyzedSegment[] = limited.map((seg, i) => ({
    start: seg.start,
    result: known[i] ?? analyzeSegment(seg.text, options),
  }));
  const problems: Problem[] = [];
  if (!template) {
    const holdsTarget = segments.some((s) => s.result.targets > 0) || MENTIONS_TARGET.test(text);
    for (const s of segments) {
      for (const p of s.result.problems) problems.push(shift(p, s.start));
      if (holdsTarget) for (const p of s.result.syntax) problems.push(shift(p, s.start));
    }
    if (all.length > limited.length) {
      const at = all[limited.length].start;
      problems.push({
        ruleId: 'analysis-limit',
        severity: 'information',
        start: at,
        end: at + 3,
        message: `Analysis stops here: only the first ${options.maxDocuments} documents of a file are analysed (setting k8sNetworkLens.maxDocuments).`,
      });
    }
  }
  // A parser error at the very end of the text reports one character past it: keep every span inside the text.
  const inside = problems.map((p) => (p.end <= text.length ? p : { ...p, start: Math.min(p.start, text.length), end: text.length }));
  return { text, options, template, segments, problems: applySettings(text, inside, options) };
}

/**
 * The `---` segments of `text`, with the results that can be taken from `previous` (same text, same options).
 * After an edit, the split is redone only around the change (see resplit) and unchanged segments keep their
 * results without being looked up by text; the rescanned ones are looked up among the previous segments they replace.
 */
function split(text: string, options: AnalysisOptions, previous?: Analysis, unchanged?: Unchanged): { all: Segment[]; known: (SegmentResult | undefined)[] } {
  const prev = previous?.segments ?? [];
  const last = prev[prev.length - 1];
  const sameOptions = previous?.options === options;
  // The previous split is usable when it covers the previous text completely (not a template, not cut at maxDocuments).
  if (!previous || previous.template || !last || prev[0].start !== 0 || last.start + last.result.text.length !== previous.text.length) {
    const all = splitDocuments(text);
    const reuse = new Map<string, SegmentResult>();
    if (sameOptions) for (const s of prev) reuse.set(s.result.text, s.result);
    return { all, known: reuse.size ? all.map((s) => reuse.get(s.text)) : [] };
  }
  const before = prev.map((s) => ({ start: s.start, text: s.result.text }));
  const { head, tail, middle } = resplit(text, previous.text, before, unchanged);
  const delta = text.length - previous.text.length;
  const all: Segment[] = before.slice(0, head);
  const known = prev.slice(0, head).map((s): SegmentResult | undefined => (sameOptions ? s.result : undefined));
  const replaced = new Map<string, SegmentResult>();
  if (sameOptions) for (let i = head; i < prev.length - tail; i++) replaced.set(prev[i].result.text, prev[i].result);
  for (const seg of middle) {
    all.push(seg);
    known.push(replaced.get(seg.text));
  }
  for (let i = prev.length - tail; i < prev.length; i++) {
    all.push({ start: prev[i].start + delta, text: prev[i].result.text });
    known.push(sameOptions ? prev[i].result : undefined);
  }
  return { all, known };
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function shift<T extends { start: number; end: number }>(p: T, by: number): T {
  if (by === 0) return p;
  const out: any = { ...p, start: p.start + by, end: p.end + by };
  if (p && (p as any).fixes) {
    out.fixes = (p as any).fixes.map((f: any) => ({
      ...f,
      edits: f.edits.map((e: any) => ({ ...e, start: e.start + by, end: e.end + by })),
    }));
  }
  if ((p as any).related) {
    out.related = (p as any).related.map((r: any) => (r.file ? r : { ...r, start: r.start + by, end: r.end + by }));
  }
  return out;
}

export function analyzeSegment(text: string, options: AnalysisOptions): SegmentResult {
  const problems: Problem[] = [];
  const syntax: Problem[] = [];
  const objects: ObjectHeader[] = [];
  let targets = 0;
  let parsed: ParsedDocument[];
  try {
    parsed = parseSegment(text);
  } catch (e) {
    // The parser is not expected to throw; if it does, say so instead of crashing the server.
    syntax.push({ ruleId: 'yaml-syntax', severity: 'error', start: 0, end: 0, message: `YAML parser failed: ${String(e)}` });
    return { text, problems, syntax, targets, objects, summary: { objects: [], kustomizeNamespace: undefined } };
  }
  // Summarised before validation and rules see the values, from the same parse.
  const summary = summarizeParsed(parsed);
  for (const p of parsed) {
    for (const e of p.doc.errors) {
      const [start, end] = e.pos;
      if (e.code === 'DUPLICATE_KEY') {
        problems.push({
          ruleId: 'yaml-duplicate-key',
          severity: 'warning',
          start,
          end: Math.max(end, start + keyLength(text, start)),
          message: `Duplicate key ${JSON.stringify(text.slice(start, start + keyLength(text, start)))}: kubectl keeps only the last value of a key, so the earlier one is silently lost (kustomize refuses the file).`,
        });
      } else {
        syntax.push({ ruleId: 'yaml-syntax', severity: 'error', start, end: Math.max(end, start + 1), message: cleanMessage(e.message) });
      }
    }
    if (p.conversionError && p.conversionError.code !== 'alias-bomb') {
      // An unknown or recursive alias: kubectl cannot convert the document either.
      const { start, end, message } = p.conversionError;
      syntax.push({ ruleId: 'yaml-syntax', severity: 'error', start, end: Math.max(end, start + 1), message });
      continue;
    }
    if (p.conversionError) {
      problems.push({
        ruleId: 'yaml-alias-limit',
        severity: 'error',
        start: p.conversionError.start,
        end: Math.min(p.conversionError.end, p.conversionError.start + 200),
        message: `This document expands too many aliases (over 1000; a "billion laughs" alias bomb?) and was not analysed: ${p.conversionError.message}`,
      });
      targets += MENTIONS_TARGET.test(text) ? 1 : 0;
      continue;
    }
    const value = p.value;
    const header = headerOf(value, p.doc);
    if (header) objects.push(header);
    const kind = targetKind(value);
    if (!kind) {
      problems.push(...kindProblems(value, p.doc));
      continue;
    }
    targets++;
    const schema = validateSchema(kind, value, p.doc, text);
    problems.push(...schema.problems);
    const ruled = runRules(kind, value as Record<string, unknown>, p.doc, text, options);
    // `poarts:` also leaves `ports` missing; one typo deserves one problem (the API server too stops at the
    // unknown field), so rules say nothing about a field that a misspelt key was meant to be.
    problems.push(...(schema.intended.length ? ruled.filter((r) => !aboutIntended(r.path, schema.intended)) : ruled));
  }
  return { text, problems: withoutPlaceholders(text, problems), syntax, targets, objects, summary };
}

/**
 * `${APP_NAME}` and `$NAMESPACE` are placeholders that envsubst or Flux (postBuild.substitute) fill in before the API
 * server sees the manifest: a value written as one is not judged, and the rest of the object still is.
 */
const PLACEHOLDER = /\$\{[^}\n]*\}|\$[A-Za-z_][A-Za-z0-9_]*/;

function withoutPlaceholders(text: string, problems: Problem[]): Problem[] {
  if (!text.includes('$')) return problems;
  return problems.filter((p) => p.ruleId.startsWith('yaml-') || !PLACEHOLDER.test(text.slice(p.start, Math.min(p.end, p.start + 1000))));
}

function aboutIntended(path: string | undefined, intended: readonly string[]): boolean {
  return !!path && intended.some((t) => path === t || path.startsWith(`${t}.`) || path.startsWith(`${t}[`));
}

function headerOf(value: unknown, doc: Document): ObjectHeader | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, any>;
  const r = doc.contents?.range;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return {
    apiVersion: str(v.apiVersion),
    kind: str(v.kind),
    name: str(v.metadata?.name),
    namespace: str(v.metadata?.namespace),
    start: r?.[0] ?? 0,
    end: r?.[1] ?? 0,
  };
}

/** The length of the plain or quoted key that starts at `at`, for underlining a whole duplicate key. */
function keyLength(text: string, at: number): number {
  // Words separated by blanks, without a lazy quantifier before the lookahead (quadratic on a run of blanks).
  const m = text.slice(at, at + 256).match(/^("[^"\n]*"|'[^'\n]*'|[^:,\n{}[\] \t]+(?:[ \t]+[^:,\n{}[\] \t]+)*)(?=[ \t]*:)/);
  return m ? m[0].length : 1;
}

function cleanMessage(m: string): string {
  // The parser appends " at line N, column M:" and a source excerpt; the editor shows the position itself.
  return m.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

export function runRules(kind: TargetKind, value: Record<string, unknown>, doc: Document.Parsed, text: string, options: AnalysisOptions): Problem[] {
  const out: Problem[] = [];
  for (const rule of rules) {
    if (!rule.kinds.includes(kind)) continue;
    if (options.rules[rule.id] === 'off') continue;
    const ctx: RuleContext = {
      kind,
      value,
      doc,
      text,
      options,
      report(path, message, opts) {
        const span = blame(doc, path, opts?.on ?? 'value');
        out.push({
          ruleId: rule.id,
          severity: opts?.severity ?? rule.defaultSeverity,
          ...span,
          message,
          path: formatPath(path),
          fixes: opts?.fixes?.length ? opts.fixes : undefined,
          related: opts?.related,
          tags: opts?.tags,
        });
      },
      span: (path, on) => blame(doc, path, on ?? 'value'),
      has: (path) => locate(doc, path).depth === path.length,
    };
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule bug must not take the other rules (or the server) down with it.
      out.push({
        ruleId: 'internal-error',
        severity: 'information',
        ...blame(doc, []),
        message: `Rule ${rule.id} failed on this document: ${e instanceof Error ? e.message : String(e)}. Please report this.`,
      });
    }
  }
  return out;
}
