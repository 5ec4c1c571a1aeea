// Conventions of the rule registry, checked rather than remembered: one file per rule named after its id, every file
// registered, unique kebab-case ids, docs, and a fixture folder with a valid and an invalid example for every rule
// (including the ids the pipeline reports itself, rules/builtin.ts). Also keeps the README rules table and
// docs/rules.md in sync with the registry (UPDATE_GOLDEN=1 rewrites them).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules } from '../../server/src/core/rules/index';
import { builtinRules } from '../../server/src/core/rules/builtin';
import { allRuleMeta } from '../../server/src/core';
import { FIXTURES, listFixtures, parseAnnotations, ROOT } from '../support/fixtures';

const RULES_SRC = path.join(ROOT, 'server', 'src', 'core', 'rules');
/** Files of rules/ that are not rules. */
const NOT_RULES = new Set(['index.ts', 'types.ts', 'builtin.ts', 'registry.ts']);
/** Built-in ids that no fixture can produce, each with the reason. */
const NO_FIXTURE: Record<string, string> = {
  'internal-error': 'reported only when a rule throws, which no valid rule does on any input (the fuzz tests look for it)',
};

const ruleFiles = fs
  .readdirSync(RULES_SRC)
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
  .map((f) => f.slice(0, -3));

test('every rule file is registered in rules/index.ts', () => {
  const ids = new Set(rules.map((r) => r.id));
  const missing = ruleFiles.filter((f) => !ids.has(f));
  assert.deepEqual(missing, [], `rule files not registered (or whose id differs from the file name): ${missing.join(', ')}`);
});

test('every registered rule lives in rules/<id>.ts and is exported from there', () => {
  for (const rule of rules) {
    const file = path.join(__dirname, '..', '..', 'server', 'src', 'core', 'rules', `${rule.id}.js`);
    assert.ok(fs.existsSync(path.join(RULES_SRC, `${rule.id}.ts`)), `${rule.id}: no file rules/${rule.id}.ts`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(file) as Record<string, unknown>);
    assert.ok(exported.includes(rule), `${rule.id}: rules/${rule.id}.ts does not export the registered rule`);
  }
});

test('rule ids are unique, kebab-case and documented', () => {
  const seen = new Set<string>();
  for (const meta of [...builtinRules, ...rules]) {
    assert.match(meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${meta.id} is not kebab-case`);
    assert.ok(!seen.has(meta.id), `duplicate rule id ${meta.id}`);
    seen.add(meta.id);
    assert.ok(meta.docs.trim().length > 10, `${meta.id} has no docs`);
    assert.ok(meta.kinds.length > 0, `${meta.id} applies to no kind`);
  }
  for (const rule of rules) {
    assert.match(rule.id, /^(service|netpol|meta)-/, `${rule.id}: a rule id starts with service-, netpol- or meta-`);
    assert.ok(rule.source, `${rule.id} names no source`);
    assert.ok(rule.example, `${rule.id} has no example`);
  }
});

test('every rule has a fixture folder with a valid and an invalid example', () => {
  const problems: string[] = [];
  for (const meta of [...builtinRules, ...rules]) {
    if (NO_FIXTURE[meta.id]) continue;
    const files = listFixtures(path.join(FIXTURES, 'rules', meta.id));
    const annotations = files.map((f) => parseAnnotations(fs.readFileSync(f, 'utf8')));
    if (!annotations.some((a) => a.length === 0)) problems.push(`${meta.id}: no valid fixture (a file without annotations)`);
    if (!annotations.some((a) => a.some((e) => e.ruleId === meta.id))) problems.push(`${meta.id}: no invalid fixture (an annotation of ${meta.id})`);
  }
  assert.deepEqual(problems, []);
});

test('fixture exemptions name existing built-in ids', () => {
  for (const id of Object.keys(NO_FIXTURE)) assert.ok(builtinRules.some((r) => r.id === id), `${id} is not a built-in id`);
});

test('README rules table and docs/rules.md match the registry (UPDATE_GOLDEN=1 rewrites them)', async () => {
  const gen = await import(pathToFileURL(path.join(ROOT, 'scripts', 'gen-rules-table.mjs')).href);
  const metas = allRuleMeta();
  const readme = fs.readFileSync(gen.README, 'utf8');
  assert.match(readme, /<!-- rules:start -->\n[\s\S]*<!-- rules:end -->/, 'README.md lacks the rules markers');
  const nextReadme: string = gen.withTable(readme, gen.rulesTable(metas));
  const nextDocs: string = gen.rulesDoc(metas);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (nextReadme !== readme) fs.writeFileSync(gen.README, nextReadme);
    fs.mkdirSync(path.dirname(gen.DOCS), { recursive: true });
    fs.writeFileSync(gen.DOCS, nextDocs);
    return;
  }
  assert.equal(readme, nextReadme, 'README.md rules table is stale: run `npm run rules-table`');
  assert.equal(fs.existsSync(gen.DOCS) ? fs.readFileSync(gen.DOCS, 'utf8') : '', nextDocs, 'docs/rules.md is stale: run `npm run rules-table`');
});
