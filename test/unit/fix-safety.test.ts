// Fix safety: every code action the server offers, on every fixture and corpus manifest (Helm templates excluded: they
// are not analysed), as written and in CRLF and 4-space-indented variants, must
//   - apply cleanly: valid positions, no overlapping edits, no edit splitting a CRLF or a surrogate pair;
//   - leave every line outside the edited ranges byte-identical, and keep the file's line endings;
//   - leave a file that parses (no YAML syntax error that was not there before);
//   - introduce no new error;
//   - keep a JSON manifest JSON (the objects of every file are also tried as a JSON List, as `kubectl get -o json`).
// A tab-indented variant is not used: tabs are invalid YAML indentation, so such a file is all syntax errors and gets
// no fixes; the 4-space variant covers "indentation other than the fixture's own" instead. Variants are made of the
// files that get at least one fix as written (the others have nothing to apply), to keep the test quick.
// The actions are whatever the running server offers (quick fixes, source actions, fix all), so fixes that land later
// are covered without editing this test.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Problem, withDefaults } from '../../server/src/core';
import { Diagnostic, LspClient } from '../support/lsp-client';
import { CORPUS_DIR, FIXTURES_DIR, listYaml, ROOT } from '../fuzz/corpus';
import { asList } from '../support/as-list';
import { isJson } from '../support/files';

interface LspEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

const files = [...listYaml(FIXTURES_DIR), ...listYaml(CORPUS_DIR, (f) => !/[\\/]templates[\\/]/.test(f))];

/** Doubles every line's leading spaces: the same structure, indented by 4 instead of 2. */
const fourSpaces = (t: string) => t.replace(/^( +)/gm, '$1$1');
const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');

const VARIANTS: Array<[string, (t: string) => string]> = [
  ['as written', (t) => t],
  ['CRLF', crlf],
  ['4-space', fourSpaces],
  ['JSON List', (t) => asList(t, 'json') ?? t],
];


const errors = (ps: readonly Problem[]) => ps.filter((p) => p.severity === 'error');
const key = (p: Problem) => `${p.ruleId}|${p.message}`;

function editsOf(action: any, uri: string): { edits: LspEdit[]; other: number } {
  const edits: LspEdit[] = [];
  let other = 0;
  for (const [u, list] of Object.entries<LspEdit[]>(action?.edit?.changes ?? {})) {
    if (u === uri) edits.push(...list);
    else other++;
  }
  for (const dc of action?.edit?.documentChanges ?? []) {
    if (dc.textDocument?.uri === uri) edits.push(...dc.edits);
    else other++;
  }
  return { edits, other };
}

/** Why `edits` cannot be applied to `doc` as they are, or undefined. */
function applyProblem(doc: TextDocument, edits: LspEdit[]): string | undefined {
  const text = doc.getText();
  const lines = text.split(/\r\n|\r|\n/);
  const spans = edits.map((e) => {
    for (const p of [e.range.start, e.range.end]) {
      if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line].length) return `position ${JSON.stringify(p)} is outside the document`;
      const o = doc.offsetAt(p);
      const c = text.charCodeAt(o - 1);
      if (c >= 0xd800 && c <= 0xdbff) return `position ${JSON.stringify(p)} splits a surrogate pair`;
    }
    const s = doc.offsetAt(e.range.start);
    const en = doc.offsetAt(e.range.end);
    if (s > en) return `range ${JSON.stringify(e.range)} ends before it starts`;
    if (/\r?\n/.test(e.newText) && text.includes('\r\n') && /(^|[^\r])\n/.test(e.newText)) return `inserts LF line breaks into a CRLF file: ${JSON.stringify(e.newText)}`;
    return [s, en] as [number, number];
  });
  const bad = spans.find((s) => typeof s === 'string');
  if (bad) return bad as string;
  const sorted = (spans as Array<[number, number]>).slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) return 'overlapping edits';
  return undefined;
}

/** Every line outside the lines the edits touch is byte-identical in `after` (same order, same line endings). */
function untouchedLinesKept(doc: TextDocument, edits: LspEdit[], after: string): string | undefined {
  const before = doc.getText();
  const lineSpans = (t: string) => t.match(/[^\r\n]*(\r\n|\r|\n|$)/g)!.filter((l, i, a) => l !== '' || i < a.length - 1);
  const a = lineSpans(before);
  const b = lineSpans(after);
  let first = Infinity;
  let last = -1;
  for (const e of edits) {
    first = Math.min(first, e.range.start.line);
    last = Math.max(last, e.range.end.line);
  }
  // Lines before the first edited line and after the last one must be the same bytes.
  for (let i = 0; i < first && i < a.length; i++) if (a[i] !== b[i]) return `line ${i + 1} changed: ${JSON.stringify(a[i])} -> ${JSON.stringify(b[i])}`;
  const tailA = a.length - 1 - last;
  for (let k = 1; k <= tailA; k++) {
    if (a[a.length - k] !== b[b.length - k]) return `line ${a.length - k + 1} (from the end) changed: ${JSON.stringify(a[a.length - k])} -> ${JSON.stringify(b[b.length - k])}`;
  }
  // Between edits, applying them one by one keeps the text between them by construction; check the result agrees.
  const expected = TextDocument.applyEdits(doc, edits);
  if (expected !== after) return 'the edits do not reproduce the result';
  return undefined;
}

test(`fix safety: every offered code action on ${files.length} fixture and corpus files × ${VARIANTS.length} variants`, { timeout: 600_000 }, async () => {
  assert.ok(files.length > 20, `only ${files.length} files found`);
  const client = new LspClient();
  await client.start();
  const options = withDefaults();
  const failures: string[] = [];
  const kinds = new Map<string, number>();
  let actions = 0;
  let docs = 0;
  try {
    for (const file of files) {
      const original = fs.readFileSync(file, 'utf8');
      let offersFixes = false;
      for (const [variant, transform] of VARIANTS) {
        const text = transform(original);
        if (variant !== 'as written' && text === original) continue;
        // The variants have the same problems as the file as written: only files that get fixes are re-tried.
        if (variant !== 'as written' && !offersFixes) continue;
        const name = `${path.relative(ROOT, file)} (${variant})`;
        const json = variant === 'JSON List';
        const uri = `file:///fix-safety/${docs++}/${path.basename(file)}${json ? '.json' : ''}`;
        const doc = TextDocument.create(uri, json ? 'json' : 'yaml', 1, text);
        client.open(uri, text, json ? 'json' : 'yaml');
        const diags: Diagnostic[] = await client.waitForDiagnostics(uri, undefined, 15_000);
        const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
        const offered: any[] = [];
        const ask = async (range: unknown, diagnostics: Diagnostic[]) => {
          const r = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, triggerKind: 1 } }, 15_000);
          for (let a of Array.isArray(r) ? r : []) {
            if (!a.edit && a.data !== undefined && client.capabilities.codeActionProvider?.resolveProvider) a = await client.request('codeAction/resolve', a, 15_000);
            offered.push(a);
          }
        };
        await ask(whole, diags);
        for (const d of diags) await ask(d.range, [d]);
        const seen = new Set<string>();
        const before = analyze(text, options).problems;
        const beforeErrors = new Map<string, number>();
        for (const p of errors(before)) beforeErrors.set(key(p), (beforeErrors.get(key(p)) ?? 0) + 1);
        const beforeSyntax = before.filter((p) => p.ruleId === 'yaml-syntax').length;
        for (const action of offered) {
          const id = JSON.stringify([action.title, action.kind, action.edit]);
          if (seen.has(id)) continue;
          seen.add(id);
          const { edits } = editsOf(action, uri);
          if (!edits.length) continue;
          offersFixes = true;
          actions++;
          kinds.set(action.kind ?? '(none)', (kinds.get(action.kind ?? '(none)') ?? 0) + 1);
          const where = `${name}: "${action.title}"`;
          const why = applyProblem(doc, edits);
          if (why) {
            failures.push(`${where}: does not apply cleanly: ${why}`);
            continue;
          }
          const after = TextDocument.applyEdits(doc, edits);
          const kept = untouchedLinesKept(doc, edits, after);
          if (kept) failures.push(`${where}: ${kept}`);
          if (text.includes('\r\n') && /(^|[^\r])\n/.test(after)) failures.push(`${where}: mixed line endings after the fix`);
          const problems = analyze(after, options).problems;
          const syntax = problems.filter((p) => p.ruleId === 'yaml-syntax');
          if (syntax.length > beforeSyntax) failures.push(`${where}: the result does not parse: ${syntax.map((p) => p.message).join('; ')}`);
          if (json && !isJson(after)) failures.push(`${where}: the result is not JSON any more`);
          const remaining = new Map(beforeErrors);
          for (const p of errors(problems)) {
            const n = remaining.get(key(p)) ?? 0;
            if (n > 0) remaining.set(key(p), n - 1);
            else failures.push(`${where}: introduces a new error: ${p.ruleId}: ${p.message}`);
          }
        }
        client.closeDocument(uri);
      }
    }
  } finally {
    console.log(`[fix-safety] ${docs} documents, ${actions} code actions applied (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ')}), ${failures.length} failures`);
    await client.close();
  }
  assert.ok(actions > 0, 'no code action was offered at all');
  assert.deepEqual(client.loggedErrors(), []);
  assert.deepEqual(failures, []);
});

test('the fix-safety checks catch bad edits (so a passing run means something)', () => {
  const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, 'a: 1\r\nb: 2\r\nc: 😀\r\n');
  const at = (line: number, character: number) => ({ line, character });
  assert.match(applyProblem(doc, [{ range: { start: at(0, 0), end: at(0, 1) }, newText: 'x\ny' }])!, /LF line breaks/);
  assert.match(applyProblem(doc, [{ range: { start: at(0, 0), end: at(0, 3) }, newText: '' }, { range: { start: at(0, 2), end: at(0, 4) }, newText: '' }])!, /overlapping/);
  assert.match(applyProblem(doc, [{ range: { start: at(9, 0), end: at(9, 0) }, newText: '' }])!, /outside/);
  assert.match(applyProblem(doc, [{ range: { start: at(0, 9), end: at(0, 9) }, newText: '' }])!, /outside/);
  assert.match(applyProblem(doc, [{ range: { start: at(2, 4), end: at(2, 4) }, newText: 'x' }])!, /surrogate/);
  const edit = { range: { start: at(1, 3), end: at(1, 4) }, newText: '3' };
  assert.equal(applyProblem(doc, [edit]), undefined);
  assert.equal(untouchedLinesKept(doc, [edit], 'a: 1\r\nb: 3\r\nc: 😀\r\n'), undefined);
  assert.match(untouchedLinesKept(doc, [edit], 'a: 1\nb: 3\r\nc: 😀\r\n')!, /line 1 changed/);
  assert.match(untouchedLinesKept(doc, [edit], 'a: 1\r\nb: 3\r\nc: 😀\n')!, /changed/);
});
