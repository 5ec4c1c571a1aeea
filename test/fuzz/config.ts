// Budgets and seeds of the fuzzers. `npm test` runs each for a fixed, short budget; `npm run fuzz -- --minutes N`
// (scripts/fuzz.mjs) sets FUZZ_BUDGET_MS for longer runs. FUZZ_SEED replays a run; FUZZ_PATH replays one failing case.
export interface FuzzConfig {
  seed: number;
  /** Milliseconds this fuzzer may run before it stops generating new cases. */
  budgetMs: number;
  /** fast-check's replay path of a failing case, from a previous report. */
  path?: string;
}

/** `share` is this fuzzer's part of FUZZ_BUDGET_MS; `defaultMs` its budget inside `npm test`. */
export function fuzzConfig(name: string, defaultMs: number, share: number): FuzzConfig {
  const envSeed = process.env.FUZZ_SEED;
  const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) | 0 : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const total = Number(process.env.FUZZ_BUDGET_MS);
  const budgetMs = Number.isFinite(total) && total > 0 ? Math.round(total * share) : defaultMs;
  const path = process.env.FUZZ_PATH || undefined;
  // Printed first so that a crash of the test process itself can still be replayed.
  console.log(`[fuzz] ${name}: seed ${seed}, budget ${(budgetMs / 1000).toFixed(0)} s (replay: FUZZ_SEED=${seed}${path ? ` FUZZ_PATH=${path}` : ''})`);
  return { seed, budgetMs, path };
}

/** fast-check parameters for a time-boxed run: as many cases as fit in the budget, interrupted without failing. */
export function runParameters(cfg: FuzzConfig): Record<string, unknown> {
  return {
    seed: cfg.seed,
    path: cfg.path,
    numRuns: cfg.path ? 1 : 1_000_000,
    interruptAfterTimeLimit: cfg.budgetMs,
    markInterruptAsFailure: false,
    verbose: 0,
    includeErrorInReport: true,
  };
}
