// Pure-core fuzzer: analyze() never throws on any text, its offsets stay inside the text, fixes apply cleanly,
// re-using the previous analysis (what the server does on every keystroke) gives exactly a fresh analysis, and the
// on-demand documents behind hovers and fixes can be built at any offset. Seeded and time-boxed (test/fuzz/config.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allDocuments, analyze, applyEdits, documentAt, withDefaults } from '../../server/src/core';
import { applyOp, baseText, editOp } from '../fuzz/arbitraries';
import { fuzzConfig, runParameters } from '../fuzz/config';

const cfg = fuzzConfig('core', 8_000, 0.2);

function checkAnalysis(text: string, a: ReturnType<typeof analyze>): void {
  for (const p of a.problems) {
    assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length, `${p.ruleId} span ${p.start}-${p.end} outside a text of ${text.length}`);
    assert.notEqual(p.ruleId, 'internal-error', `a rule threw: ${p.message}`);
    assert.ok(p.message.length > 0, `${p.ruleId} has an empty message`);
    for (const f of p.fixes ?? []) {
      for (const e of f.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `fix "${f.title}" edit ${e.start}-${e.end} outside the text`);
      assert.doesNotThrow(() => applyEdits(text, f.edits), `fix "${f.title}" has overlapping edits`);
    }
  }
}

test(`core fuzz: analyze never throws and incremental equals fresh (seed ${cfg.seed}, ${cfg.budgetMs} ms)`, { timeout: cfg.budgetMs + 120_000 }, () => {
  const options = withDefaults();
  let runs = 0;
  let texts = 0;
  fc.assert(
    fc.property(baseText, fc.array(editOp, { maxLength: 12 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), (base, ops, probes) => {
      runs++;
      let text = base;
      let prev = analyze(text, options);
      checkAnalysis(text, prev);
      for (const op of ops) {
        text = applyOp(text, op);
        texts++;
        const incremental = analyze(text, options, prev);
        checkAnalysis(text, incremental);
        const fresh = analyze(text, options);
        assert.deepEqual(incremental.problems, fresh.problems, 'incremental analysis differs from a fresh one');
        prev = incremental;
      }
      for (const d of allDocuments(prev)) assert.ok(d.base >= 0 && d.base <= text.length);
      for (const f of probes) documentAt(prev, Math.floor(f * (text.length + 1)));
    }),
    runParameters(cfg),
  );
  console.log(`[fuzz] core: ${runs} edit sequences, ${texts} edited texts analysed, none failed`);
  assert.ok(runs > 0);
});
