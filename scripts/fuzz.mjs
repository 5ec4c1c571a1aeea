// Runs the fuzzers (out/test/unit/fuzz-*.test.js, compiled by `tsc -p test`) for longer than `npm test` does:
//   npm run fuzz -- --minutes 30 [--seed 1234] [--only lsp]
// The budget is shared between the fuzzers (core 20 %, protocol 80 %). Each prints its seed; a failure prints
// fast-check's counterexample and replay path: FUZZ_SEED=<seed> FUZZ_PATH=<path> npm run fuzz -- --only <name>.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
};
const minutes = Number(opt('minutes') ?? 5);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('usage: npm run fuzz -- --minutes N [--seed S] [--only core|lsp]');
  process.exit(2);
}
const dir = 'out/test/unit';
const only = opt('only');
const files = readdirSync(dir)
  .filter((f) => /^fuzz-.*\.test\.js$/.test(f) && (!only || f.includes(only)))
  .map((f) => join(dir, f));
if (!files.length) {
  console.error(`no fuzzers found in ${dir} (run \`tsc -p test\` first)`);
  process.exit(2);
}
const env = { ...process.env, FUZZ_BUDGET_MS: String(Math.round(minutes * 60_000)) };
const seed = opt('seed');
if (seed !== undefined) env.FUZZ_SEED = seed;
console.log(`fuzzing for ${minutes} min: ${files.join(', ')}`);
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
