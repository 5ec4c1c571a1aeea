// The injection grammar, tokenized with vscode-textmate + vscode-oniguruma on top of VS Code's own YAML grammar,
// exactly as the editor does: our scopes on kinds, Service types, protocols, CIDRs and DNS names, and nothing on
// keys, comments, block scalars or look-alikes.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const YAML_DIR = path.join(ROOT, 'test/fixtures/grammar/yaml');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributed = manifest.contributes.grammars.find((g: any) => g.injectTo?.includes('source.yaml'));
const YAML_FILES: Record<string, string> = {
  'source.yaml': 'yaml.tmLanguage.json',
  'source.yaml.1.3': 'yaml-1.3.tmLanguage.json',
  'source.yaml.1.2': 'yaml-1.2.tmLanguage.json',
  'source.yaml.1.1': 'yaml-1.1.tmLanguage.json',
  'source.yaml.1.0': 'yaml-1.0.tmLanguage.json',
  'source.yaml.embedded': 'yaml-embedded.tmLanguage.json',
};

let grammar: Promise<textmate.IGrammar | null> | undefined;

function yamlGrammar(): Promise<textmate.IGrammar | null> {
  grammar ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = scopeName === contributed.scopeName ? path.join(ROOT, contributed.path) : YAML_FILES[scopeName] && path.join(YAML_DIR, YAML_FILES[scopeName]);
        return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
      getInjections: (scopeName: string) => (scopeName === 'source.yaml' ? [contributed.scopeName] : undefined),
    });
    return registry.loadGrammar('source.yaml');
  })();
  return grammar;
}

/** `text` tokenized: each non-blank token with its innermost scope. */
async function tokens(text: string): Promise<Array<[string, string]>> {
  const g = (await yamlGrammar())!;
  let state = textmate.INITIAL;
  const out: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.push([s, t.scopes[t.scopes.length - 1]]);
    }
  }
  return out;
}

async function scopeOf(text: string, token: string, nth = 0): Promise<string> {
  const found = (await tokens(text)).filter(([s]) => s === token);
  assert.ok(found[nth], `token ${token} not found in ${JSON.stringify(text)}`);
  return found[nth][1];
}

const KIND = 'support.type.kind.k8s-network-lens';
const TYPE = 'support.constant.service-type.k8s-network-lens';
const PROTOCOL = 'support.constant.protocol.k8s-network-lens';
const CIDR = 'constant.other.cidr.k8s-network-lens';
const DNS = 'constant.other.dns-name.k8s-network-lens';

test('package.json contributes the grammar as an injection into source.yaml', () => {
  assert.ok(contributed, 'contributes.grammars has an entry with injectTo source.yaml');
  const g = JSON.parse(fs.readFileSync(path.join(ROOT, contributed.path), 'utf8'));
  assert.equal(g.scopeName, contributed.scopeName);
  assert.match(g.injectionSelector, /source\.yaml/);
});

test('kinds, Service types and protocols', async () => {
  const text = 'apiVersion: v1\nkind: Service\nspec:\n  type: NodePort\n  ports:\n    - protocol: UDP\n      port: 53\n';
  assert.equal(await scopeOf(text, 'Service'), KIND);
  assert.equal(await scopeOf(text, 'NodePort'), TYPE);
  assert.equal(await scopeOf(text, 'UDP'), PROTOCOL);
  assert.equal(await scopeOf(text, 'kind'), 'entity.name.tag.yaml', 'keys keep the YAML scope');
  assert.equal(await scopeOf(text, '53'), 'constant.numeric.integer.decimal.yaml');
  assert.equal(await scopeOf('kind: NetworkPolicy\nspec:\n  policyTypes: [Egress]\n', 'NetworkPolicy'), KIND);
});

test('quoted values and flow lists', async () => {
  assert.equal(await scopeOf('spec:\n  type: "LoadBalancer"\n', 'LoadBalancer'), TYPE);
  assert.equal(await scopeOf("ports: [{protocol: 'TCP', port: 80}]\n", 'TCP'), PROTOCOL);
  assert.equal(await scopeOf('ports: [{protocol: SCTP, port: 80}]\n', 'SCTP'), PROTOCOL);
});

test('CIDRs', async () => {
  const text = 'to:\n  - ipBlock:\n      cidr: 10.0.0.0/8\n      except:\n        - "10.1.0.0/16"\n        - 2001:db8::/32\nloadBalancerSourceRanges: [192.168.0.0/24]\n';
  assert.equal(await scopeOf(text, '10.0.0.0/8'), CIDR);
  assert.equal(await scopeOf(text, '10.1.0.0/16'), CIDR);
  assert.equal(await scopeOf(text, '2001:db8::/32'), CIDR);
  assert.equal(await scopeOf(text, '192.168.0.0/24'), CIDR);
  assert.notEqual(await scopeOf('x: 10.0.0.0/99\n', '10.0.0.0/99'), CIDR, 'not a CIDR');
});

test('DNS names: cluster names, SRV names, externalName targets', async () => {
  assert.equal(await scopeOf('x: api-service.default.svc.cluster.local\n', 'api-service.default.svc.cluster.local'), DNS);
  assert.equal(await scopeOf('x: _http._tcp.api.default.svc.cluster.local\n', '_http._tcp.api.default.svc.cluster.local'), DNS);
  assert.equal(await scopeOf('spec:\n  type: ExternalName\n  externalName: db.example.com\n', 'db.example.com'), DNS);
  assert.equal(await scopeOf('spec:\n  type: ExternalName\n', 'ExternalName'), TYPE);
});

test('no false colours: keys, comments, block scalars, partial words', async () => {
  assert.equal(await scopeOf('TCP: 1\n', 'TCP'), 'entity.name.tag.yaml');
  assert.equal(await scopeOf('a: TCPX\n', 'TCPX'), 'string.unquoted.plain.out.yaml');
  assert.equal(await scopeOf('a: Service mesh\n', 'Service mesh'), 'string.unquoted.plain.out.yaml');
  assert.ok((await tokens('# kind: Service and TCP\n')).every(([, s]) => !s.endsWith('k8s-network-lens')), 'comments');
  assert.ok((await tokens('a: |\n  TCP\n  kind: Service\n')).every(([, s]) => !s.endsWith('k8s-network-lens')), 'block scalars');
  assert.equal(await scopeOf('name: Service\n', 'Service'), 'string.unquoted.plain.out.yaml', 'a kind only after kind:');
});
