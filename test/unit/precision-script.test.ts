// scripts/precision.mjs on a tiny corpus of its own: a finding without a verdict fails with a stub to paste, a judged
// finding shows in the report with its precision, a verdict that matches nothing is reported, and the key survives a
// line shift but not a changed claim.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../support/lsp-client';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'precision.mjs');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
`;
const service = (selector: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: ${selector}
  ports:
    - port: 80
`;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function setup(): { dir: string; corpus: string; verdicts: string; out: string; run: (...args: string[]) => Run } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-precision-'));
  const corpus = path.join(dir, 'corpus');
  // Two workspaces: in `alpha` the Service's selector has a typo (a warning), `beta` is clean. Each folder is checked
  // on its own, so beta's Deployment does not count for alpha.
  fs.mkdirSync(path.join(corpus, 'alpha', 'app'), { recursive: true });
  fs.mkdirSync(path.join(corpus, 'beta'), { recursive: true });
  fs.writeFileSync(path.join(corpus, 'alpha', 'app', 'web.yaml'), `${DEPLOYMENT}---\n${service('wbe')}`);
  fs.writeFileSync(path.join(corpus, 'beta', 'web.yaml'), `${DEPLOYMENT}---\n${service('web')}`);
  const verdicts = path.join(dir, 'verdicts.json');
  const out = path.join(dir, 'precision.md');
  const run = (...args: string[]): Run => {
    const env = { ...process.env };
    delete env.CI;
    const r = spawnSync(process.execPath, [SCRIPT, '--corpus', corpus, '--verdicts', verdicts, '--out', out, ...args], { encoding: 'utf8', cwd: dir, env });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  return { dir, corpus, verdicts, out, run };
}

/** The verdict keys printed as stubs, with what each stub says. */
function stubs(stdout: string): Map<string, { verdict: string; reason: string; message: string }> {
  const found = new Map();
  for (const line of stdout.split('\n')) {
    const m = line.match(/^\s*("[^"]+"): (\{.*\}),?$/);
    if (m) found.set(JSON.parse(m[1]), JSON.parse(m[2]));
  }
  return found;
}

test('a finding without a verdict fails with a stub to paste into the verdict file', (t) => {
  const { dir, verdicts, out, run } = setup();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(verdicts, '{}\n');
  const r = run();
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /1 finding has no verdict/);
  assert.match(r.out, /alpha\/app\/web\.yaml:23:3 warning service-selector-no-match \(Service\/web\)/);
  const found = stubs(r.out);
  assert.equal(found.size, 1, r.out);
  const [[key, stub]] = [...found];
  assert.match(key, /^alpha\/app\/web\.yaml\|service-selector-no-match\|Service\/web\|[0-9a-f]{8}$/);
  assert.equal(stub.verdict, 'TODO');
  assert.match(stub.message, /spec\.selector app=wbe matches no pod template/);
  // The report is still written, with the finding marked as unjudged; nothing absolute is in it.
  const text = fs.readFileSync(out, 'utf8');
  assert.match(text, /### alpha\n\n#### app\/web\.yaml\n\n- `app\/web\.yaml:23:3 warning service-selector-no-match` \(Service\/web\) — \*\*no verdict\*\*/);
  assert.match(text, /not met \(1 without a verdict/);
  for (const word of text.split(/[\s`()[\]]+/)) assert.ok(word.length < 2 || !path.isAbsolute(word), `an absolute path in the report: ${word}`);
  // A TODO verdict fails just the same.
  fs.writeFileSync(verdicts, JSON.stringify({ [key]: stub }));
  const todo = run('--check');
  assert.equal(todo.code, 1, todo.out);
  assert.match(todo.out, /1 verdict is still TODO/);
});

test('every finding judged: exit 0, the report lists the finding with its verdict and the precision; stale verdicts are reported and pruned', (t) => {
  const { dir, corpus, verdicts, out, run } = setup();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const [key] = [...stubs(run().out).keys()];
  const stale = 'beta/web.yaml|service-selector-no-match|Service/web|00000000';
  fs.writeFileSync(
    verdicts,
    JSON.stringify({
      [key]: { verdict: 'right', reason: 'the selector app=wbe is a typo of app=web', message: 'm' },
      [stale]: { verdict: 'wrong', reason: 'fixed since' },
    }),
  );
  fs.rmSync(out);
  const r = run();
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /1 stale verdict matches no finding any more \(run with --prune/);
  assert.ok(r.out.includes(stale));
  const text = fs.readFileSync(out, 'utf8');
  assert.match(text, /`app\/web\.yaml:23:3 warning service-selector-no-match` \(Service\/web\) — \*\*right\*\*: the selector app=wbe is a typo of app=web/);
  assert.match(text, /spec\.selector app=wbe matches no pod template/);
  assert.match(text, /\| alpha \| 1 \| 1 \| 0 \| 0 \| 0 \| 100\.0% \| 100\.0% \| 0 \|/);
  assert.match(text, /\| beta \| 0 \| 0 \| 0 \| 0 \| 0 \| – \| – \| 0 \|/);
  assert.match(text, /Goal: at least 95% of warnings and errors right, no wrong error — met/);

  // --check writes nothing and passes; --prune drops the stale verdict and keeps the rest.
  fs.rmSync(out);
  assert.equal(run('--check').code, 0);
  assert.ok(!fs.existsSync(out), '--check writes no report');
  assert.equal(run('--check', '--prune').code, 0);
  assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(verdicts, 'utf8'))), [key]);

  // A line shift keeps the verdict; a different claim (another selector) needs a new one, and the old is named.
  const file = path.join(corpus, 'alpha', 'app', 'web.yaml');
  fs.writeFileSync(file, `# a comment\n# and another\n${fs.readFileSync(file, 'utf8')}`);
  assert.equal(run('--check').code, 0);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('app: wbe', 'app: webb'));
  const changed = run('--check');
  assert.equal(changed.code, 1, changed.out);
  assert.match(changed.out, /alpha\/app\/web\.yaml:25:3 warning service-selector-no-match/);
  assert.match(changed.out, /reworded\? the stale verdict .* \(right\) is about the same file, rule and object/);
});

test('a wrong error and a debatable warning count against the goal', (t) => {
  const { dir, corpus, verdicts, out, run } = setup();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // An unsupported Service type is an error.
  fs.writeFileSync(path.join(corpus, 'beta', 'bad.yaml'), service('web').replace('name: web', 'name: other').replace('spec:\n', 'spec:\n  type: Nodeport\n'));
  const keys = [...stubs(run().out).keys()];
  assert.equal(keys.length, 2, keys.join('\n'));
  const error = keys.find((k) => k.startsWith('beta/'))!;
  const warning = keys.find((k) => k.startsWith('alpha/'))!;
  fs.writeFileSync(verdicts, JSON.stringify({ [error]: { verdict: 'wrong', reason: 'for the test' }, [warning]: { verdict: 'debatable', reason: 'for the test' } }));
  assert.equal(run().code, 0);
  const text = fs.readFileSync(out, 'utf8');
  assert.match(text, /\| \*\*all\*\* \| 2 \| 0 \| 1 \| 1 \| 0 \| 0\.0% \| 0\.0% \| 1 \|/);
  assert.match(text, /— not met \(0\.0% right, 1 wrong error\)/);
  // A verdict without a reason is malformed.
  fs.writeFileSync(verdicts, JSON.stringify({ [error]: { verdict: 'wrong', reason: '' }, [warning]: { verdict: 'right', reason: 'x' } }));
  const bad = run('--check');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /a wrong verdict needs a reason/);
});

test('without the corpus the script skips, unless --require or CI=true', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-precision-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (env: Record<string, string | undefined>, ...args: string[]) => {
    const e = { ...process.env, ...env };
    if (env.CI === undefined) delete e.CI;
    return spawnSync(process.execPath, [SCRIPT, '--corpus', path.join(dir, 'absent'), '--out', path.join(dir, 'p.md'), ...args], { encoding: 'utf8', cwd: dir, env: e });
  };
  const skipped = run({});
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stdout, /no corpus at absent .*: skipped/);
  assert.equal(run({}, '--require').status, 1);
  const ci = run({ CI: 'true' });
  assert.equal(ci.status, 1);
  assert.match(ci.stderr, /required \(CI=true\)/);
  assert.ok(!fs.existsSync(path.join(dir, 'p.md')));
});
