// `check --format sarif`: valid SARIF 2.1.0 (the official schema and Microsoft's validator), locations relative to
// the checked folder, related places, rules with their docs, and fingerprints that survive a line shift.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { runCli } from '../../server/src/cli/run';
import { haveShared, SHARED } from '../support/shared';

const ROOT = path.resolve(__dirname, '../../..');

function sarifOf(dir: string): any {
  let out = '';
  const code = runCli(['check', '--format', 'sarif', dir], { write: (s: string) => (out += s) }, { write: () => undefined });
  assert.ok(code === 0 || code === 1);
  return JSON.parse(out);
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: Nodeport\n  selector: {app: web}\n  ports:\n    - port: 80\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web-server}}\n  template:\n    metadata:\n      labels: {app: web-server}\n    spec:\n      containers: [{name: web, image: nginx}]\n';

function workspace(svc: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-sarif-'));
  fs.mkdirSync(path.join(dir, 'k8s'));
  fs.writeFileSync(path.join(dir, 'k8s', 'svc.yaml'), svc);
  fs.writeFileSync(path.join(dir, 'k8s', 'app.yaml'), DEPLOYMENT);
  return dir;
}

test('SARIF: rules with docs and links, results relative to the checked folder, related places, levels', () => {
  const log = sarifOf(workspace(SERVICE));
  const run = log.runs[0];
  assert.equal(log.version, '2.1.0');
  assert.equal(run.tool.driver.name, 'k8s-network-lens');
  const rule = run.tool.driver.rules.find((r: any) => r.id === 'service-selector-no-match');
  assert.match(rule.helpUri, /docs\/rules\.md#service-selector-no-match$/);
  assert.ok(rule.fullDescription.text.length > 20);
  const enumResult = run.results.find((r: any) => r.ruleId === 'schema-enum');
  assert.equal(enumResult.level, 'error');
  assert.deepEqual(enumResult.locations[0].physicalLocation.artifactLocation, { uri: 'k8s/svc.yaml', uriBaseId: 'SRCROOT' });
  assert.deepEqual(enumResult.locations[0].physicalLocation.region, { startLine: 6, startColumn: 9, endLine: 6, endColumn: 17 });
  assert.equal(run.tool.driver.rules[enumResult.ruleIndex].id, 'schema-enum');
  const selector = run.results.find((r: any) => r.ruleId === 'service-selector-no-match');
  assert.equal(selector.level, 'warning');
  assert.equal(selector.relatedLocations[0].physicalLocation.artifactLocation.uri, 'k8s/app.yaml');
  assert.ok(!JSON.stringify(run.results).includes(os.tmpdir()), 'result locations carry no absolute path');
});

test('SARIF: a finding keeps its fingerprint when the lines above it move, and changes when the claim does', () => {
  const fp = (svc: string) => {
    const r = sarifOf(workspace(svc)).runs[0].results.find((x: any) => x.ruleId === 'schema-enum');
    return r.partialFingerprints['k8sNetworkLensFinding/v1'];
  };
  const a = fp(SERVICE);
  assert.equal(fp('# a comment\n# and another\n' + SERVICE), a);
  assert.notEqual(fp(SERVICE.replace('Nodeport', 'Loadbalancer')), a);
});

test('SARIF: valid against the official 2.1.0 schema', (t) => {
  const schemaFile = path.join(SHARED, 'upstream', 'sarif', 'sarif-schema-2.1.0.json');
  if (!haveShared(t, schemaFile, 'SARIF output against the official schema')) return;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // The schema is written for draft-04 (`id`); Ajv reads it as draft-07 once the root `id` is its `$id`.
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const validate = ajv.compile(schema);
  const log = sarifOf(workspace(SERVICE));
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.ok(!validate({ ...(log as object), version: '2.0.0' }), 'the schema does reject a wrong log');
});

test("SARIF: Microsoft's SARIF validator (sarif-multitool) reports no error", { timeout: 120_000 }, (t) => {
  const bin = path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
  assert.ok(fs.existsSync(bin), '@microsoft/sarif-multitool is a dev dependency');
  const dir = workspace(SERVICE);
  const file = path.join(dir, 'out.sarif');
  fs.writeFileSync(file, JSON.stringify(sarifOf(dir)));
  const r = spawnSync(process.execPath, [bin, 'validate', file, '--output', path.join(dir, 'validation.sarif')], { encoding: 'utf8', timeout: 110_000 });
  if (r.error && /ENOENT|EACCES/.test(String(r.error))) return t.skip(`the validator could not start: ${String(r.error)}`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /: error /, r.stdout);
});
