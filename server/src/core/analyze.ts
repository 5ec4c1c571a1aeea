// The analysis pipeline: split into `---` documents, parse each as YAML 1.1, validate the Services and
// NetworkPolicies, run the rules, then apply severities and suppression comments. Never throws on user input.
import { type Document, isMap, isScalar, isSeq, visit, type Scalar } from 'yaml';
import { splitDocuments, templateMarks, type Segment, type SplitText } from './yaml/documents';
import { jsonStartsLikeManifest, looksLikeJson, parseSegment, ParsedDocument } from './yaml/parse';
import { validateSchema } from './schema/validate';
import { kindProblems } from './schema/kind';
import { rules } from './rules/index';
import type { RuleContext, TargetKind } from './rules/types';
import { blame, findPair, formatPath, locate } from './yaml/path';
import { jsonSafe } from './fixes/json';
import type { AnalysisOptions, Problem } from './types';
import { applySettings, suppressionsIn, suppressionsOf, type Suppression } from './suppress';
import { summarizeParsed, type SegmentSummary } from './workspace/summary';

/** What one `---` document yields; cached by its text, so an edit re-analyses only the documents it touched. */
export interface SegmentResult {
  readonly text: string;
  /** Problems in offsets relative to the segment, before severity settings and suppression. */
  readonly problems: readonly Problem[];
  /** YAML syntax problems and duplicate keys, reported only in files that hold a Service or NetworkPolicy. */
  readonly syntax: readonly Problem[];
  readonly targets: number;
  readonly objects: readonly ObjectHeader[];
  /** What the cross-file checks need of this segment, taken from the same parse (see workspace/summary.ts). */
  readonly summary?: SegmentSummary;
  /** Facts of the text that the whole file's verdicts combine, so that an edit does not scan the whole file again. */
  readonly scan: SegmentScan;
}

export interface SegmentScan {
  /** Whether a line says `kind: Service` or `kind: NetworkPolicy` (syntax errors are then reported). */
  readonly mentionsTarget: boolean;
  /** The first `{{` and the last `}}` (-1 when absent): a Go template is not analysed. */
  readonly templateOpen: number;
  readonly templateClose: number;
  /** Suppression comments, relative to the segment. */
  readonly suppressions: readonly Suppression[];
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
  /** The whole text; an analysis of a split text joins it on first use (see SplitText), so hot paths avoid it. */
  readonly text: string;
  readonly length: number;
  readonly options: AnalysisOptions;
  readonly template: boolean;
  readonly segments: readonly AnalyzedSegment[];
  /** Final problems, in offsets into `text`, sorted by position. */
  readonly problems: readonly Problem[];
  /** The file's suppression comments, in offsets into `text`: cross-file problems honour them too. */
  readonly suppressions: readonly Suppression[];
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
 * Analyses a text, given whole or as its `---` documents (what the language server keeps for an open file), re-using
 * the results of `previous` for the documents whose text did not change. The result never depends on `previous`.
 */
export function analyze(input: string | SplitText, options: AnalysisOptions, previous?: Analysis): Analysis {
  const length = input.length;
  if (length > options.maxFileSize) {
    const head = typeof input === 'string' ? input.slice(0, 200) : (input.segments[0]?.text.slice(0, 200) ?? '');
    // A big JSON file that is no manifest (package-lock.json) is none of our business: not even a word.
    if (looksLikeJson(head) && !jsonStartsLikeManifest(head)) return analysis(input, options, false, [], [], []);
    return analysis(input, options, false, [], [
      {
        ruleId: 'analysis-limit',
        severity: 'information',
        start: 0,
        end: 0,
        message: `This file is ${mb(length)} and was not analysed: the limit is ${mb(options.maxFileSize)} (setting k8sNetworkLens.maxFileSizeMB).`,
      },
    ], []);
  }
  const all = typeof input === 'string' ? splitDocuments(input) : input.segments;
  const limited = all.length > options.maxDocuments ? all.slice(0, options.maxDocuments) : all;
  const known = reusable(limited, options, previous);
  // Facts of the text outside the analysed documents (a file cut at maxDocuments) still count for the whole file.
  const scans = all.map((seg, i) => known[i]?.scan ?? (i < limited.length ? undefined : scanOf(seg.text)));
  // A template is not YAML until rendered: it is neither parsed nor reported on.
  if (isTemplateScan(all, scans)) return analysis(input, options, true, [], [], []);
  const segments: AnalyzedSegment[] = limited.map((seg, i) => ({
    start: seg.start,
    result: known[i] ?? analyzeSegment(seg.text, options, scans[i]),
  }));
  for (let i = 0; i < segments.length; i++) scans[i] = segments[i].result.scan;
  const problems: Problem[] = [];
  const holdsTarget = segments.some((s) => s.result.targets > 0) || scans.some((s) => s!.mentionsTarget);
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
  // A parser error at the very end of the text reports one character past it: keep every span inside the text.
  const inside = problems.map((p) => (p.end <= length ? p : { ...p, start: Math.min(p.start, length), end: length }));
  // Most files have no suppression comment: then a keystroke builds nothing per document here.
  const suppressions = scans.some((s) => s!.suppressions.length)
    ? suppressionsOf(all.map((seg, i) => ({ start: seg.start, text: seg.text, suppressions: scans[i]!.suppressions })))
    : [];
  return analysis(input, options, false, segments, applySettings(suppressions, inside, options), suppressions);
}

function analysis(input: string | SplitText, options: AnalysisOptions, template: boolean, segments: AnalyzedSegment[], problems: Problem[], suppressions: Suppression[]): Analysis {
  let text = typeof input === 'string' ? input : undefined;
  return {
    get text() {
      return (text ??= (input as SplitText).segments.map((s) => s.text).join(''));
    },
    length: input.length,
    options,
    template,
    segments,
    problems,
    suppressions,
  };
}

/**
 * The results of `previous` for the segments whose text is unchanged (same options only). Unchanged documents of
 * a split text are the same string objects, so matching the unchanged ends is mostly identity checks.
 */
function reusable(segs: readonly Segment[], options: AnalysisOptions, previous?: Analysis): (SegmentResult | undefined)[] {
  const known: (SegmentResult | undefined)[] = new Array(segs.length);
  const prev = previous?.options === options ? previous.segments : [];
  if (!prev.length) return known;
  let head = 0;
  while (head < segs.length && head < prev.length && prev[head].result.text === segs[head].text) {
    known[head] = prev[head].result;
    head++;
  }
  let tail = 0;
  while (tail < segs.length - head && tail < prev.length - head && prev[prev.length - 1 - tail].result.text === segs[segs.length - 1 - tail].text) {
    known[segs.length - 1 - tail] = prev[prev.length - 1 - tail].result;
    tail++;
  }
  if (head + tail < segs.length) {
    const byText = new Map<string, SegmentResult>();
    for (let i = head; i < prev.length - tail; i++) byText.set(prev[i].result.text, prev[i].result);
    for (let i = head; i < segs.length - tail; i++) known[i] = byText.get(segs[i].text);
  }
  return known;
}

/** Exactly `isTemplate(text)` (a `{{` with a `}}` after it), from the segments' scans. */
function isTemplateScan(segs: readonly Segment[], scans: (SegmentScan | undefined)[]): boolean {
  let open = -1;
  for (let i = 0; i < segs.length; i++) {
    const s = (scans[i] ??= scanOf(segs[i].text));
    if (open < 0 && s.templateOpen >= 0) open = segs[i].start + s.templateOpen;
    if (open >= 0 && s.templateClose >= 0 && segs[i].start + s.templateClose > open) return true;
  }
  return false;
}

function scanOf(text: string): SegmentScan {
  const { open, close } = templateMarks(text);
  return { mentionsTarget: MENTIONS_TARGET.test(text), templateOpen: open, templateClose: close, suppressions: suppressionsIn(text) };
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

export function analyzeSegment(text: string, options: AnalysisOptions, scan: SegmentScan = scanOf(text)): SegmentResult {
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
    return { text, problems, syntax, targets, objects, summary: { objects: [] }, scan };
  }
  // Summarised before validation and rules see the values, from the same parse.
  const summary = summarizeParsed(parsed, text);
  for (const p of parsed) {
    // A broken document that says it is a Service or NetworkPolicy (JSON, or a List's item) gets its syntax errors.
    if (p.value === undefined && !p.conversionError && mentionsTargetIn(p.doc)) targets++;
    // Duplicate keys, like syntax errors, are reported only in files that hold a Service or NetworkPolicy; in a
    // document with syntax errors they are the parser's reading of broken indentation, not keys the author repeated.
    const broken = p.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
    for (const e of p.doc.errors) {
      const [start, end] = e.pos;
      if (e.code !== 'DUPLICATE_KEY') {
        syntax.push({ ruleId: 'yaml-syntax', severity: 'error', start, end: Math.max(end, start + 1), message: cleanMessage(e.message) });
      } else if (!broken) {
        syntax.push({
          ruleId: 'yaml-duplicate-key',
          severity: 'warning',
          start,
          end: Math.max(end, start + keyLength(text, start)),
          message: duplicateKeyMessage(text, start, p.doc),
        });
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
    // A List is no object of its own: its items follow as documents of their own.
    if (p.list) continue;
    const kind = targetKind(value);
    if (!kind) {
      problems.push(...jsonSafe(kindProblems(value, p.doc), p.doc, text));
      continue;
    }
    targets++;
    const schema = validateSchema(kind, value, p.doc, text);
    const ruled = runRules(kind, value as Record<string, unknown>, p.doc, text, options);
    // `poarts:` also leaves `ports` missing; one typo deserves one problem (the API server too stops at the
    // unknown field), so rules say nothing about a field that a misspelt key was meant to be.
    const own = [...schema.problems, ...(schema.intended.length ? ruled.filter((r) => !aboutIntended(r.path, schema.intended)) : ruled)];
    problems.push(...jsonSafe(own, p.doc, text));
  }
  return { text, problems: withoutPlaceholders(text, problems), syntax, targets, objects, summary, scan };
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

/** Whether a document's tree (broken, so without a value) has `kind: Service` or `NetworkPolicy` at its root or in a List's items. */
function mentionsTargetIn(doc: Document): boolean {
  const root = doc.contents;
  if (!isMap(root)) return false;
  const kind = findPair(doc, root, 'kind')?.value;
  const says = (k: unknown) => isScalar(k) && (k.value === 'Service' || k.value === 'NetworkPolicy');
  if (says(kind)) return true;
  const items = findPair(doc, root, 'items')?.value;
  return isScalar(kind) && typeof kind.value === 'string' && kind.value.endsWith('List') && isSeq(items) && items.items.some((i) => isMap(i) && says(findPair(doc, i, 'kind')?.value));
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

/** The duplicate-key warning; when both values are written the same, nothing is lost, but kustomize still refuses the file. */
function duplicateKeyMessage(text: string, start: number, doc: Document): string {
  const key = text.slice(start, start + keyLength(text, start));
  const values = duplicateValues(doc, text, start);
  if (values && values.length > 1 && values.every((v) => v === values[0])) {
    return `Duplicate key ${JSON.stringify(key)}, with the same value each time: kubectl keeps one, so nothing is lost, but kustomize and strict parsers refuse the file. Remove the repetition.`;
  }
  return `Duplicate key ${JSON.stringify(key)}: kubectl keeps only the last value of a key, so the earlier one is silently lost (kustomize refuses the file).`;
}

/** The texts of the values of the key at `start` and of its namesakes in the same mapping. */
function duplicateValues(doc: Document, text: string, start: number): string[] | undefined {
  let out: string[] | undefined;
  visit(doc, {
    Map(_, map) {
      const hit = map.items.find((it) => isScalar(it.key) && it.key.range?.[0] === start);
      if (!hit) return undefined;
      const name = String((hit.key as Scalar).value);
      out = map.items
        .filter((it) => isScalar(it.key) && String(it.key.value) === name)
        .map((it) => {
          const r = (it.value as { range?: [number, number, number] } | null)?.range;
          return r ? text.slice(r[0], r[1]).trim() : '';
        });
      return visit.BREAK;
    },
  });
  return out;
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
