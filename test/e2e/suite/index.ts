// Mocha entry point loaded by the extension host through --extensionTestsPath
// (the @vscode/test-electron contract: export run(): Promise<void>).
// Test files run in name order (`1-…`, `2-…`, … `9-lifecycle`): the lifecycle suite restarts
// and kills the language server, so it goes last.
// Env (set on the VS Code / code-server process, inherited by the extension host):
//   E2E_RESULTS_FILE  write a JSON summary there (e2e/run-all.sh reads it)
//   E2E_GREP          only run tests whose full title matches this regular expression
//   E2E_FORCE_FAIL=1  add a failing test (checks that failures reach the runner's exit code)
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Result { title: string; state: 'passed' | 'failed' | 'pending'; ms?: number; error?: string }

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.E2E_GREP) mocha.grep(new RegExp(process.env.E2E_GREP));
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  if (process.env.E2E_FORCE_FAIL) {
    mocha.suite.addTest(new Mocha.Test('forced failure (E2E_FORCE_FAIL)', () => { throw new Error('forced'); }));
  }
  const results: Result[] = [];
  const resultsFile = process.env.E2E_RESULTS_FILE;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = results.filter((r) => r.state === 'passed').length;
      const summary = `${passed} passed, ${failures} failed`;
      console.log(summary);
      if (resultsFile) {
        fs.writeFileSync(resultsFile, JSON.stringify({ summary, passed, failed: failures, results }, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
