// Reads YAML fixtures with inline annotations and compares them with what the core reports.
//
//   ports:
//     - port: 80
//       nodePort: 30000
//   #   ^^^^^^^^ error service-nodeport-on-clusterip: may not be used
//
// An annotation is a comment line of carets under the line it marks, then `severity rule-id: message substring`.
// For a target at column 0 the `#` itself counts as the first caret (`#^^^^`).
// A first line `# options: {json}` overrides analysis options for the file.
// A `.json` fixture carries the same annotation lines; JSON has no comments, so they are removed before analysis
// (nothing else is) and line numbers still refer to the file as written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleMeta, analyze, AnalysisOptions, applyEdits, Problem, withDefaults } from '../../server/src/core';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface Expected {
  line: number; // 0-based line of the target
  startCol: number;
  endCol: number;
  severity: string;
  ruleId: string;
  message: string;
}

const ANNOTATION = /^(\s*)#(\s*)(\^+)\s+(error|warning|information|hint)\s+([\w-]+)(?::\s?(.*))?$/;
const CARETS_AT_HASH = /^(\s*)#(\^+)\s+(error|warning|information|hint)\s+([\w-]+)(?::\s?(.*))?$/;

export function parseAnnotations(text: string): Expected[] {
  const lines = text.split(/\r?\n/);
  const out: Expected[] = [];
  let target = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m = line.match(CARETS_AT_HASH);
    if (m) {
      const col = m[1].length;
      out.push({ line: target, startCol: col, endCol: col + 1 + m[2].length, severity: m[3], ruleId: m[4], message: (m[5] ?? '').trim() });
      continue;
    }
    m = line.match(ANNOTATION);
    if (m) {
      const col = m[1].length + 1 + m[2].length;
      out.push({ line: target, startCol: col, endCol: col + m[3].length, severity: m[4], ruleId: m[5], message: (m[6] ?? '').trim() });
      continue;
    }
    target = i;
  }
  return out;
}

export function optionsFor(text: string): AnalysisOptions {
  const m = text.match(/^# options: (\{.*\})\s*$/m);
  return withDefaults(m ? JSON.parse(m[1]) : undefined);
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

export function toLineCol(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, col: offset - starts[lo] };
}

/** What a fixture file is analysed as: a JSON fixture without its annotation lines; `line` maps a line of that text back. */
export interface FixtureSource {
  text: string;
  line(analysedLine: number): number;
}

export function fixtureSource(file: string, raw: string): FixtureSource {
  if (!/\.json$/i.test(file)) return { text: raw, line: (l) => l };
  const kept: number[] = [];
  raw.split(/\r?\n/).forEach((l, i) => {
    if (!ANNOTATION.test(l) && !CARETS_AT_HASH.test(l)) kept.push(i);
  });
  return { text: stripAnnotations(raw), line: (l) => kept[l] ?? l };
}

/** The problems of a fixture's analysed text as annotations of the fixture as written. */
export function sourceAnnotations(source: FixtureSource, problems: readonly Problem[]): Expected[] {
  return actualAnnotations(source.text, problems).map((a) => ({ ...a, line: source.line(a.line) }));
}

export function actualAnnotations(text: string, problems: readonly Problem[]): Expected[] {
  const starts = lineStarts(text);
  return problems.map((p) => {
    const s = toLineCol(starts, p.start);
    const e = toLineCol(starts, p.end);
    const lineEnd = (starts[s.line + 1] ?? text.length + 1) - 1;
    const endCol = e.line === s.line ? e.col : lineEnd - starts[s.line] - (text[lineEnd - 1] === '\r' ? 1 : 0);
    return { line: s.line, startCol: s.col, endCol: Math.max(endCol, s.col + 1), severity: p.severity, ruleId: p.ruleId, message: p.message };
  });
}

/** Re-renders the fixture with the actual problems as annotations, to show a failure at a glance. */
export function render(text: string, actual: Expected[]): string {
  const lines = text.split(/\r?\n/).filter((l) => !ANNOTATION.test(l) && !CARETS_AT_HASH.test(l));
  // Annotation lines were removed, so map original line numbers to the kept ones by content.
  const original = text.split(/\r?\n/);
  const keptIndex = new Map<number, number>();
  let k = 0;
  original.forEach((l, i) => {
    if (!ANNOTATION.test(l) && !CARETS_AT_HASH.test(l)) keptIndex.set(i, k++);
  });
  const under = new Map<number, string[]>();
  for (const a of actual) {
    const idx = keptIndex.get(a.line) ?? 0;
    const width = Math.max(1, a.endCol - a.startCol);
    const text = a.startCol === 0 ? `#${'^'.repeat(Math.max(1, width - 1))}` : `${' '.repeat(a.startCol - 1)}#${'^'.repeat(width)}`;
    under.set(idx, [...(under.get(idx) ?? []), `${text} ${a.severity} ${a.ruleId}: ${a.message}`]);
  }
  return lines.flatMap((l, i) => [l, ...(under.get(i) ?? [])]).join('\n');
}

export function listFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFixtures(p));
    else if (/\.(ya?ml|json)$/.test(e.name) && !/\.fix\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

export interface FixtureResult {
  ok: boolean;
  report: string;
}

const BEST_PRACTICE = new Set(allRuleMeta().filter((m) => m.category === 'best-practice').map((m) => m.id));

/**
 * A fixture of rules/<id>/ is compared with every problem, except best-practice advice (accepted, likely not meant)
 * of OTHER rules that the fixture does not annotate: a minimal example for an API-server rule need not be a
 * model manifest. In their own folder, and wherever a fixture annotates them, they count like any rule.
 */
export function relevantProblems(file: string, expected: readonly Expected[], problems: readonly Problem[]): Problem[] {
  const folderRule = path.basename(path.dirname(file));
  const annotated = new Set(expected.map((e) => e.ruleId));
  return problems.filter((p) => !BEST_PRACTICE.has(p.ruleId) || p.ruleId === folderRule || annotated.has(p.ruleId));
}

export function checkFixture(file: string): FixtureResult {
  const text = fs.readFileSync(file, 'utf8');
  const expected = parseAnnotations(text);
  const source = fixtureSource(file, text);
  const problems = relevantProblems(file, expected, analyze(source.text, optionsFor(text)).problems);
  const actual = sourceAnnotations(source, problems);
  const report = compareAnnotations(file, text, expected, actual);
  return { ok: !report, report };
}

/**
 * The expected annotations of a fixture against the reported ones: '' when they match, else a report that lists
 * what is missing and what is unexpected, and renders the file with what was reported.
 */
export function compareAnnotations(file: string, text: string, expected: readonly Expected[], actual: readonly Expected[]): string {
  const unmatched = [...actual];
  const missing: Expected[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex(
      (a) => a.line === e.line && a.startCol === e.startCol && a.endCol === e.endCol && a.severity === e.severity && a.ruleId === e.ruleId && a.message.includes(e.message),
    );
    if (i >= 0) unmatched.splice(i, 1);
    else missing.push(e);
  }
  if (missing.length === 0 && unmatched.length === 0) return '';
  const fmt = (a: Expected) => `  line ${a.line + 1}, cols ${a.startCol + 1}-${a.endCol}: ${a.severity} ${a.ruleId}: ${a.message}`;
  return (
    `${path.relative(ROOT, file)}\n` +
    (missing.length ? `expected but not reported:\n${missing.map(fmt).join('\n')}\n` : '') +
    (unmatched.length ? `reported but not expected:\n${unmatched.map(fmt).join('\n')}\n` : '') +
    `actual, rendered:\n${render(text, [...actual])}`
  );
}

/** `<name>.fix.yaml` (`<name>.fix.json`) next to a fixture holds the expected text after applying every preferred fix. */
export function fixFileFor(file: string): string {
  return /\.json$/i.test(file) ? file.replace(/\.json$/i, '.fix.json') : file.replace(/\.ya?ml$/, '.fix.yaml');
}

/** The text without annotation lines, line endings kept. */
export function stripAnnotations(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((l) => {
      const bare = l.replace(/\r?\n$/, '');
      return !ANNOTATION.test(bare) && !CARETS_AT_HASH.test(bare);
    })
    .join('');
}

/**
 * Applies every preferred fix of the fixture at once (as "Fix all" does), compares the result without annotation
 * lines to `<name>.fix.yaml` (`UPDATE_GOLDEN=1` rewrites it), and checks that the fixed problems are gone on re-analysis.
 */
export function checkFixFixture(file: string): FixtureResult {
  const raw = fs.readFileSync(file, 'utf8');
  const options = optionsFor(raw);
  const text = fixtureSource(file, raw).text;
  const before = analyze(text, options).problems;
  const fixed = before.filter((p) => p.fixes?.some((f) => f.isPreferred));
  const edits = fixed.flatMap((p) => p.fixes!.filter((f) => f.isPreferred).flatMap((f) => f.edits));
  let after: string;
  try {
    after = applyEdits(text, edits);
  } catch (e) {
    return { ok: false, report: `${path.relative(ROOT, file)}: preferred fixes overlap: ${String(e)}` };
  }
  const reported: string[] = [];
  const count = (ps: readonly Problem[], id: string) => ps.filter((p) => p.ruleId === id).length;
  const again = analyze(after, options).problems;
  for (const id of new Set(fixed.map((p) => p.ruleId))) {
    const left = count(again, id);
    const expected = count(before, id) - count(fixed, id);
    if (left > expected) reported.push(`${id}: ${left} problem(s) left after fixing, expected at most ${expected}`);
  }
  const expectedFile = fixFileFor(file);
  const actual = stripAnnotations(after);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(expectedFile, actual);
  const expectedText = fs.readFileSync(expectedFile, 'utf8');
  if (actual !== expectedText) reported.push(`fixed text differs from ${path.relative(ROOT, expectedFile)}; actual:\n${actual}`);
  return { ok: reported.length === 0, report: reported.length ? `${path.relative(ROOT, file)}\n${reported.join('\n')}` : '' };
}
