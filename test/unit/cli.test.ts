// The CLI as CI uses it: exit codes, output format, and --config read the way people write settings.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { unflatten } from '../../server/src/cli/config';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BAD = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: Nodeport\n  ports:\n    - port: 80\n';
const GOOD = BAD.replace('Nodeport', 'NodePort');

test('exit code 1 on an error, 0 when clean, 2 on bad usage; file:line:col severity rule message', () => {
  const dir = workspace({ 'bad.yaml': BAD, 'good/svc.yaml': GOOD });
  const bad = run(['check', dir]);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /bad\.yaml:6:9 error schema-enum spec\.type: Unsupported value: "Nodeport"/);
  assert.match(bad.err, /^2 files checked: 1 error, 0 warnings, 0 information$/m);
  assert.equal(run(['check', path.join(dir, 'good')]).code, 0);
  assert.match(run(['check', path.join(dir, 'good')]).err, /^1 file checked: 0 errors/m);
  assert.equal(run(['check', '--format', 'xml', dir]).code, 2);
  assert.equal(run(['check', path.join(dir, 'missing')]).code, 2);
  assert.equal(run(['lint']).code, 2);
});

test('--format json carries positions, rule, message and the API field path', () => {
  const dir = workspace({ 'bad.yaml': BAD });
  const r = run(['check', '--format=json', dir]);
  const [p] = JSON.parse(r.out);
  assert.deepEqual(
    { line: p.line, column: p.column, endColumn: p.endColumn, severity: p.severity, rule: p.rule, path: p.path },
    { line: 6, column: 9, endColumn: 17, severity: 'error', rule: 'schema-enum', path: 'spec.type' },
  );
});

test('--config reads a VS Code settings.json, the nested form and the bare form alike', () => {
  const dir = workspace({ 'bad.yaml': BAD });
  const forms = [
    { 'k8sNetworkLens.rules': { 'schema-enum': 'warning' }, 'editor.tabSize': 2 },
    { k8sNetworkLens: { rules: { 'schema-enum': 'warning' } } },
    { rules: { 'schema-enum': 'warning' } },
  ];
  for (const form of forms) {
    const cfg = path.join(dir, 'settings.json');
    fs.writeFileSync(cfg, JSON.stringify(form));
    const r = run(['check', `--config=${cfg}`, path.join(dir, 'bad.yaml')]);
    assert.equal(r.code, 0, `${JSON.stringify(form)}: ${r.out}`);
    assert.match(r.out, /warning schema-enum/);
    assert.equal(r.err.includes('unknown'), false, r.err);
  }
  assert.deepEqual(unflatten({ 'k8sNetworkLens.dns.port': 5353, 'k8sNetworkLens.dns.namespace': 'dns' }).section, { dns: { port: 5353, namespace: 'dns' } });
});

test('--config reports unknown rule ids, severities and settings instead of ignoring them', () => {
  const dir = workspace({ 'svc.yaml': GOOD });
  const cfg = path.join(dir, 'settings.json');
  fs.writeFileSync(cfg, JSON.stringify({ 'k8sNetworkLens.rules': { 'service-selctor-no-match': 'of' }, 'k8sNetworkLens.clusterDomian': 'x' }));
  const r = run(['check', '--config', cfg, path.join(dir, 'svc.yaml')]);
  assert.match(r.err, /unknown rule id "service-selctor-no-match"/);
  assert.match(r.err, /"of" is not one of error, warning, information, hint, off/);
  assert.match(r.err, /unknown setting "k8sNetworkLens\.clusterDomian"/);
});

test('--config ignore globs skip files, relative to the folder given', () => {
  const dir = workspace({ 'charts/app/bad.yaml': BAD, 'svc.yaml': GOOD });
  const cfg = path.join(os.tmpdir(), `knl-cli-${process.pid}.json`);
  fs.writeFileSync(cfg, JSON.stringify({ 'k8sNetworkLens.ignore': ['charts/**'] }));
  const r = run(['check', '--config', cfg, dir]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.err, /^1 file checked/m);
});

test('JSON manifests and the objects of a List are checked; package.json and tsconfig.json are not reported on', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api' },
    spec: { type: 'Nodeport', selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
  const deployments = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api' },
        spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api', ports: [{ containerPort: 8080 }] }] } } },
      },
    ],
  };
  const dir = workspace({
    'svc.json': JSON.stringify(service, null, 2) + '\n',
    'deploy/list.json': JSON.stringify(deployments, null, 4) + '\n',
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2),
    'tsconfig.json': '{\n  // comments and trailing commas: JSON with comments, not JSON\n  "compilerOptions": { "strict": true, },\n}\n',
    'node_modules/x/svc.json': JSON.stringify(service),
  });
  const r = run(['check', '--format=json', dir]);
  assert.equal(r.code, 1);
  const found = JSON.parse(r.out).map((p: any) => `${path.relative(dir, p.file)}:${p.line}:${p.column} ${p.rule} ${p.path}`);
  // The Service selects the Deployment inside the List in another file: no selector warning, only the typo.
  assert.deepEqual(found, [`svc.json:8:13 schema-enum spec.type`]);
  assert.match(run(['check', dir]).err, /^4 files checked: 1 error, 0 warnings, 0 information$/m);
  // With other labels in the List, the selector matches nothing.
  const other = JSON.stringify(deployments, null, 4).replace(/"app": "api"/g, '"app": "web"');
  fs.writeFileSync(path.join(dir, 'deploy', 'list.json'), other);
  const alone = JSON.parse(run(['check', '--format=json', dir]).out).map((p: any) => p.rule);
  assert.deepEqual(alone.sort(), ['schema-enum', 'service-selector-no-match']);
});

test('--format github prints one workflow command per problem, escaped; --max-warnings fails on too many warnings', () => {
  const warn = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  type: ClusterIP\n  ports:\n    - port: 80\n';
  const dir = workspace({ 'bad.yaml': BAD, 'dup,key.yaml': warn });
  const r = run(['check', '--format', 'github', dir]);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 2, r.out);
  const error = lines.find((l) => l.startsWith('::error '))!;
  assert.match(error, /^::error file=[^,]*bad\.yaml,line=6,col=9,endLine=6,endColumn=17,title=schema-enum::spec\.type: Unsupported value: "Nodeport"/);
  const warning = lines.find((l) => l.startsWith('::warning '))!;
  assert.match(warning, /file=[^,]*dup%2Ckey\.yaml,line=7,col=3,/, 'a comma in a property is escaped');
  assert.match(warning, /title=yaml-duplicate-key::Duplicate key "type"/);

  const warnOnly = workspace({ 'w.yaml': warn });
  assert.equal(run(['check', warnOnly]).code, 0, 'warnings alone pass by default');
  assert.equal(run(['check', '--max-warnings', '1', warnOnly]).code, 0);
  const over = run(['check', '--max-warnings=0', warnOnly]);
  assert.equal(over.code, 1);
  assert.match(over.err, /1 warning, more than --max-warnings 0/);
  assert.equal(run(['check', '--max-warnings', 'many', warnOnly]).code, 2);
});
