// The generated schemas (schemas/*.schema.json, written by scripts/gen-schemas.mjs): they compile with Ajv in strict
// mode, accept the seed manifests, reject the classic mistakes with the expected keyword at the expected path, and
// are exactly what the generator produces from the upstream data.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { haveShared } from '../support/shared';

/** The repository root: three levels above the compiled file (test/out/unit/ or out/test/unit/). */
function findRepoRoot(): string {
  const guess = path.resolve(__dirname, '../../..');
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'gen-schemas.mjs'))) return dir;
    if (path.dirname(dir) === dir) return guess;
  }
}

const root = findRepoRoot();
const readSchema = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, 'schemas', name), 'utf8')) as Record<string, unknown>;

const serviceSchema = readSchema('service.schema.json');
const networkPolicySchema = readSchema('networkpolicy.schema.json');

/** The options the validator uses; allowUnionTypes is needed for `"type": ["integer", "string"]` (int-or-string). */
const ajvOptions = { allErrors: true, strict: true, allowUnionTypes: true } as const;

function compile(schema: Record<string, unknown>): ValidateFunction {
  return new Ajv(ajvOptions).compile(schema);
}

const validateService = compile(serviceSchema);
const validateNetworkPolicy = compile(networkPolicySchema);

function errorsOf(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

function describe(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message ?? ''}`).join('; ');
}

function assertValid(validate: ValidateFunction, value: unknown, what: string): void {
  const errors = errorsOf(validate, value);
  assert.deepEqual(errors, [], `${what} should be valid, got: ${describe(errors)}`);
}

/** Asserts an error with `keyword` at `instancePath`, and that every error is at that path. */
function assertError(validate: ValidateFunction, value: unknown, keyword: string, instancePath: string): ErrorObject {
  const errors = errorsOf(validate, value);
  const hit = errors.find((e) => e.keyword === keyword && e.instancePath === instancePath);
  assert.ok(hit, `expected ${keyword} at ${instancePath}, got: ${describe(errors) || 'no error'}`);
  const elsewhere = errors.filter((e) => e.instancePath !== instancePath);
  assert.deepEqual(elsewhere, [], `unexpected errors elsewhere: ${describe(elsewhere)}`);
  return hit;
}

// --- seed manifests (YAML-equivalent JSON) ------------------------------------------------------------------------

const clusterIpService = () => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api-service', namespace: 'default', labels: { app: 'api' } },
  spec: {
    type: 'ClusterIP',
    selector: { app: 'api' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
  },
});

const loadBalancerService = () => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', annotations: { 'example.com/owner': 'team-a' } },
  spec: {
    type: 'LoadBalancer',
    selector: { app: 'web' },
    externalTrafficPolicy: 'Local',
    healthCheckNodePort: 32000,
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'PreferDualStack',
    ipFamilies: ['IPv4', 'IPv6'],
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
    loadBalancerSourceRanges: ['10.0.0.0/8'],
    ports: [
      { name: 'https', port: 443, targetPort: 'https', nodePort: 30443, appProtocol: 'https' },
      { name: 'dns', protocol: 'UDP', port: 53, targetPort: 0 },
    ],
  },
});

const headlessAndExternalName = () => [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db' },
    spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ext' },
    spec: { type: 'ExternalName', externalName: 'db.example.com' },
  },
];

const networkPolicy = () => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'api-allow-frontend', namespace: 'default' },
  spec: {
    podSelector: { matchLabels: { app: 'api' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'frontend' } } },
          {
            namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['web'] }] },
            podSelector: {},
          },
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }, { port: 'metrics' }, { protocol: 'TCP', port: 9000, endPort: 9100 }],
      },
    ],
    egress: [
      {
        to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      },
    ],
  },
});

const defaultDeny = () => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
});

// --- tests --------------------------------------------------------------------------------------------------------

test('both schemas compile with Ajv strict mode + allErrors (allowUnionTypes for int-or-string)', () => {
  for (const schema of [serviceSchema, networkPolicySchema]) {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.match(String(schema.$id), /^https:\/\/k8s-network-lens\/schemas\/(service|networkpolicy)\.schema\.json$/);
    assert.doesNotThrow(() => new Ajv(ajvOptions).compile(schema));
    // Documented requirement: without allowUnionTypes Ajv's strict mode refuses the int-or-string union type.
    assert.throws(() => new Ajv({ allErrors: true, strict: true }).compile(schema), /allowUnionTypes/);
  }
});

test('schemas contain no keyword outside the supported draft-07 subset, and objects are strict', () => {
  const allowed = new Set([
    '$schema', '$id', '$comment', 'description', 'type', 'enum', 'default', 'minimum', 'maximum', 'maxItems',
    'items', 'properties', 'additionalProperties', 'required',
  ]);
  const visit = (node: Record<string, unknown>, where: string): void => {
    for (const key of Object.keys(node)) assert.ok(allowed.has(key), `${where}: unexpected keyword ${key}`);
    const types = ([] as unknown[]).concat(node.type);
    if (node.properties) {
      assert.ok(types.includes('object'), `${where}: properties without type object`);
      assert.equal(node.additionalProperties, false, `${where}: object with properties must be strict`);
      for (const [name, child] of Object.entries(node.properties as Record<string, Record<string, unknown>>)) {
        visit(child, `${where}.${name}`);
      }
    }
    if (node.items) visit(node.items as Record<string, unknown>, `${where}[]`);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      visit(node.additionalProperties as Record<string, unknown>, `${where}{}`);
    }
  };
  visit(serviceSchema, 'Service');
  visit(networkPolicySchema, 'NetworkPolicy');
});

test('seed Services are valid', () => {
  assertValid(validateService, clusterIpService(), 'ClusterIP Service');
  assertValid(validateService, loadBalancerService(), 'LoadBalancer Service');
  for (const svc of headlessAndExternalName()) assertValid(validateService, svc, `Service ${svc.metadata.name}`);
});

test('seed NetworkPolicies are valid', () => {
  assertValid(validateNetworkPolicy, networkPolicy(), 'NetworkPolicy');
  assertValid(validateNetworkPolicy, defaultDeny(), 'default-deny NetworkPolicy');
});

test('keys without a value (null) are accepted where the API server treats them as absent', () => {
  const svc = clusterIpService() as Record<string, any>;
  Object.assign(svc.spec, { type: null, sessionAffinity: null, internalTrafficPolicy: null, ipFamilyPolicy: null });
  svc.spec.ports[0].targetPort = null;
  svc.spec.ports[0].protocol = null;
  svc.metadata.labels.tier = null;
  assertValid(validateService, svc, 'Service with null values');

  const np = networkPolicy() as Record<string, any>;
  np.spec.ingress[0].ports[0].protocol = null;
  np.spec.ingress[0].ports[1].port = null;
  np.spec.egress[0].to[0].namespaceSelector = null;
  assertValid(validateNetworkPolicy, np, 'NetworkPolicy with null values');
  assertValid(validateNetworkPolicy, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: null }, 'spec: null');
});

test('Service: unknown field spec.poarts is an additionalProperties error at /spec', () => {
  const svc = clusterIpService() as Record<string, any>;
  svc.spec.poarts = svc.spec.ports;
  delete svc.spec.ports;
  const e = assertError(validateService, svc, 'additionalProperties', '/spec');
  assert.equal(e.params.additionalProperty, 'poarts');
});

test('Service: type Nodeport is an enum error at /spec/type', () => {
  const svc = clusterIpService() as Record<string, any>;
  svc.spec.type = 'Nodeport';
  const e = assertError(validateService, svc, 'enum', '/spec/type');
  assert.ok((e.params.allowedValues as unknown[]).includes('NodePort'));
});

test('Service: port "abc" is a type error at /spec/ports/0/port', () => {
  const svc = clusterIpService() as Record<string, any>;
  svc.spec.ports[0].port = 'abc';
  assertError(validateService, svc, 'type', '/spec/ports/0/port');
  assert.equal(errorsOf(validateService, svc).length, 1);
});

test('Service: port 70000 is a maximum error, port 0 a minimum error', () => {
  const svc = clusterIpService() as Record<string, any>;
  svc.spec.ports[0].port = 70000;
  assertError(validateService, svc, 'maximum', '/spec/ports/0/port');
  svc.spec.ports[0].port = 0;
  assertError(validateService, svc, 'minimum', '/spec/ports/0/port');
});

test('Service: a port without `port` is a required error at /spec/ports/0', () => {
  const svc = clusterIpService() as Record<string, any>;
  delete svc.spec.ports[0].port;
  const e = assertError(validateService, svc, 'required', '/spec/ports/0');
  assert.equal(e.params.missingProperty, 'port');
});

test('Service: targetPort "http" and 8080 are valid; true gives exactly one type error (no oneOf)', () => {
  for (const targetPort of ['http', 8080, 0, 65535]) {
    const svc = clusterIpService() as Record<string, any>;
    svc.spec.ports[0].targetPort = targetPort;
    assertValid(validateService, svc, `targetPort ${JSON.stringify(targetPort)}`);
  }
  const svc = clusterIpService() as Record<string, any>;
  svc.spec.ports[0].targetPort = true;
  const errors = errorsOf(validateService, svc);
  assert.equal(errors.length, 1, describe(errors));
  assert.equal(errors[0].keyword, 'type');
  assert.equal(errors[0].instancePath, '/spec/ports/0/targetPort');
  svc.spec.ports[0].targetPort = 70000;
  assertError(validateService, svc, 'maximum', '/spec/ports/0/targetPort');
});

test('Service: enums and ranges the API server enforces in code', () => {
  const cases: Array<[(spec: Record<string, any>) => void, string, string]> = [
    [(s) => (s.ports[0].protocol = 'tcp'), 'enum', '/spec/ports/0/protocol'],
    [(s) => (s.sessionAffinity = 'Client'), 'enum', '/spec/sessionAffinity'],
    [(s) => (s.externalTrafficPolicy = 'local'), 'enum', '/spec/externalTrafficPolicy'],
    [(s) => (s.internalTrafficPolicy = ''), 'enum', '/spec/internalTrafficPolicy'],
    [(s) => (s.ipFamilyPolicy = 'DualStack'), 'enum', '/spec/ipFamilyPolicy'],
    [(s) => (s.ipFamilies = ['IPv5']), 'enum', '/spec/ipFamilies/0'],
    [(s) => (s.clusterIPs = ['10.0.0.1', 'fd00::1', '10.0.0.2']), 'maxItems', '/spec/clusterIPs'],
    [(s) => (s.ports[0].nodePort = 70000), 'maximum', '/spec/ports/0/nodePort'],
    [(s) => (s.ports[0].nodePort = -1), 'minimum', '/spec/ports/0/nodePort'],
    [(s) => (s.healthCheckNodePort = 65536), 'maximum', '/spec/healthCheckNodePort'],
  ];
  for (const [mutate, keyword, at] of cases) {
    const svc = clusterIpService() as Record<string, any>;
    mutate(svc.spec);
    assertError(validateService, svc, keyword, at);
  }
  // Values the API server defaults: "" for type/protocol/sessionAffinity/externalTrafficPolicy, 0 for nodePort.
  const svc = clusterIpService() as Record<string, any>;
  Object.assign(svc.spec, { type: '', sessionAffinity: '', externalTrafficPolicy: '' });
  svc.spec.ports[0].protocol = '';
  svc.spec.ports[0].nodePort = 0;
  assertValid(validateService, svc, 'Service with defaulted empty values');
});

test('NetworkPolicy: status is an additionalProperties error at the root', () => {
  const np = networkPolicy() as Record<string, any>;
  np.status = {};
  const e = assertError(validateNetworkPolicy, np, 'additionalProperties', '');
  assert.equal(e.params.additionalProperty, 'status');
  const props = networkPolicySchema.properties as Record<string, unknown>;
  assert.deepEqual(Object.keys(props).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
});

test('NetworkPolicy: policyTypes [Ingres] is an enum error at /spec/policyTypes/0', () => {
  const np = networkPolicy() as Record<string, any>;
  np.spec.policyTypes = ['Ingres'];
  assertError(validateNetworkPolicy, np, 'enum', '/spec/policyTypes/0');
  np.spec.policyTypes = ['Ingress', 'Egress', 'Ingress'];
  assertError(validateNetworkPolicy, np, 'maxItems', '/spec/policyTypes');
});

test('NetworkPolicy: ports, peers and selectors', () => {
  const at = '/spec/ingress/0/ports/0';
  const cases: Array<[(np: Record<string, any>) => void, string, string]> = [
    [(np) => (np.spec.ingress[0].ports[0].port = 0), 'minimum', `${at}/port`],
    [(np) => (np.spec.ingress[0].ports[0].port = 65536), 'maximum', `${at}/port`],
    [(np) => (np.spec.ingress[0].ports[0].port = true), 'type', `${at}/port`],
    [(np) => (np.spec.ingress[0].ports[0].protocol = ''), 'enum', `${at}/protocol`],
    [(np) => (np.spec.ingress[0].ports[0].endPort = 70000), 'maximum', `${at}/endPort`],
    [(np) => (np.spec.ingress[0].ports[0].containerPort = 80), 'additionalProperties', at],
    [(np) => (np.spec.ingress[0].to = []), 'additionalProperties', '/spec/ingress/0'],
    [(np) => delete np.spec.ingress[0].from[2].ipBlock.cidr, 'required', '/spec/ingress/0/from/2/ipBlock'],
    [(np) => (np.spec.ingress[0].from[1].namespaceSelector.matchExpressions[0].operator = 'in'), 'enum',
      '/spec/ingress/0/from/1/namespaceSelector/matchExpressions/0/operator'],
    [(np) => (np.spec.podSelector.matchLabels.app = 1), 'type', '/spec/podSelector/matchLabels/app'],
    [(np) => (np.metadata.clusterName = 'c1'), 'additionalProperties', '/metadata'],
    [(np) => (np.spec.egress[0].to[0].podSelector.matchExpressions = [{ key: 'a', operator: 'Gt', values: ['1'] }]), 'enum',
      '/spec/egress/0/to/0/podSelector/matchExpressions/0/operator'],
  ];
  for (const [mutate, keyword, where] of cases) {
    const np = networkPolicy() as Record<string, any>;
    mutate(np);
    assertError(validateNetworkPolicy, np, keyword, where);
  }
  // A string port is a port name (IANA_SVC_NAME is checked in code); a policy without podSelector selects all pods.
  const np = networkPolicy() as Record<string, any>;
  np.spec.ingress[0].ports[0].port = 'http';
  delete np.spec.podSelector;
  assertValid(validateNetworkPolicy, np, 'named port, no podSelector');
});

test('the generator reproduces schemas/ byte for byte (gen-schemas.mjs --check)', (t) => {
  const upstream = path.resolve(root, process.env.K8S_UPSTREAM_DIR || '../shared/upstream');
  if (!haveShared(t, upstream, 'regenerating schemas/ from the upstream Kubernetes data')) return;
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'gen-schemas.mjs'), '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `gen-schemas.mjs --check failed (run npm run schemas):\n${run.stdout}${run.stderr}`);
});
