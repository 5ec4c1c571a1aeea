// The precompiled validators (server/src/core/schema/validators.generated.ts, written by scripts/gen-validators.mjs
// with Ajv's standalone code generation): they are up to date with schemas/ and with the installed Ajv, and they
// return exactly the error objects that compiling the schemas at run time returns, on every manifest of the fixtures,
// the examples and the shared corpus and on thousands of seeded mutations of them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import serviceSchema from '../../schemas/service.schema.json';
import networkPolicySchema from '../../schemas/networkpolicy.schema.json';
import * as generated from '../../server/src/core/schema/validators.generated';
import { validators, type Validator } from '../../server/src/core/schema/validate';
import { parseSegment } from '../../server/src/core/yaml/parse';
import { rng, type Rng } from '../support/rng';
import { yamlFiles } from '../support/files';

const ROOT = path.resolve(__dirname, '../../..');
const GENERATED = path.join(ROOT, 'server/src/core/schema/validators.generated.ts');

test('validators.generated.ts is up to date with schemas/ and Ajv (UPDATE_GOLDEN=1 rewrites it)', () => {
  const args = [path.join(ROOT, 'scripts/gen-validators.mjs')];
  if (!process.env.UPDATE_GOLDEN) args.push('--check');
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test('the generated module reads the imported schemas instead of carrying copies, and requires nothing', () => {
  const text = fs.readFileSync(GENERATED, 'utf8');
  assert.match(text, /^\/\/ @ts-nocheck\n/);
  assert.doesNotMatch(text, /"\$schema"|"\$id"/, 'a schema literal is embedded: the bundle would hold it twice');
  assert.doesNotMatch(text, /\brequire\(|from 'ajv/);
  assert.deepEqual(generated.ajvOptions, { allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  // validate.ts maps what verbose errors carry: the offending data and the schema the keyword belongs to.
  const v = validators().Service;
  assert.equal(v({ apiVersion: 'v1', kind: 'Service', spec: { type: 'Nodeport' } }), false);
  const e = v.errors![0];
  assert.equal(e.keyword, 'enum');
  assert.equal(e.data, 'Nodeport');
  assert.equal(e.parentSchema, (serviceSchema as any).properties.spec.properties.type, 'parentSchema is the imported schema node itself');
});

// ---- the same error objects as a run-time compile ----

/** Every mapping of every document of the fixtures, the examples and the shared corpus (when present). */
function manifests(): unknown[] {
  const files = [
    ...yamlFiles(path.join(ROOT, 'test', 'fixtures')),
    ...yamlFiles(path.join(ROOT, 'examples')),
    ...yamlFiles(path.resolve(ROOT, '..', 'shared', 'corpus')),
  ];
  const values: unknown[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('{{')) continue;
    for (const segment of text.split(/^---.*$/m)) {
      for (const parsed of parseSegment(segment)) {
        if (parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) values.push(parsed.value);
      }
    }
  }
  return values;
}

const LEAVES: unknown[] = [null, '', 'x', 'TCP', 'tcp', 'Nodeport', 'Ingres', 0, -1, 1, 80, 65536, 1.5, true, false, [], {}, [1, 'a', null], { a: 1 }];
const KEYS = ['poarts', 'selectr', 'port', 'type', 'spec', 'unknown', 'matchLabels', 'from', ''];

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Replaces, deletes or adds one random field somewhere in `value` (in place). */
function mutate(value: unknown, r: Rng): void {
  let node = value as any;
  for (let depth = 0; depth < 8; depth++) {
    const keys = node && typeof node === 'object' ? Object.keys(node) : [];
    if (!keys.length) break;
    const key = r.pick(keys);
    const child = node[key];
    if (child && typeof child === 'object' && r.next() < 0.7) {
      node = child;
      continue;
    }
    const what = r.int(0, 3);
    if (what === 0 && !Array.isArray(node)) delete node[key];
    else if (what === 1 && !Array.isArray(node)) node[r.pick(KEYS)] = clone(r.pick(LEAVES));
    else node[key] = clone(r.pick(LEAVES));
    return;
  }
  if (node && typeof node === 'object' && !Array.isArray(node)) node[r.pick(KEYS)] = clone(r.pick(LEAVES));
}

function run(v: Validator, value: unknown): { valid: boolean; errors: ErrorObject[] | null | undefined } {
  const valid = v(value);
  return { valid, errors: v.errors };
}

test('precompiled and run-time compiled validators give identical results and error objects', () => {
  const ajv = new Ajv(generated.ajvOptions);
  const runtime: Record<string, Validator> = {
    Service: ajv.compile(serviceSchema as object),
    NetworkPolicy: ajv.compile(networkPolicySchema as object),
  };
  const precompiled = validators() as Record<string, Validator>;
  const values = manifests();
  assert.ok(values.length > 200, `only ${values.length} manifests found`);
  const r = rng(20240607);
  let invalid = 0;
  let compared = 0;
  const compare = (value: unknown, what: string) => {
    for (const kind of ['Service', 'NetworkPolicy']) {
      const want = run(runtime[kind], value);
      const got = run(precompiled[kind], value);
      assert.deepStrictEqual(got, want, `${kind} validator differs on ${what}: ${JSON.stringify(value).slice(0, 300)}`);
      compared++;
      if (!want.valid) invalid += want.errors!.length;
    }
  };
  values.forEach((value, i) => {
    compare(value, `manifest #${i}`);
    for (let m = 0; m < 8; m++) {
      const copy = clone(value);
      for (let n = r.int(1, 3); n > 0; n--) mutate(copy, r);
      compare(copy, `mutation ${m} of manifest #${i}`);
    }
  });
  assert.ok(compared > 3000 && invalid > 3000, `too little coverage: ${compared} comparisons, ${invalid} errors`);
});
