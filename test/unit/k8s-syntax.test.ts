// Table tests of the API server's syntax helpers (server/src/core/k8s), against values from apimachinery's own tests.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, portName, portNumber, qualifiedName } from '../../server/src/core/k8s/names';
import { cidrContains, formatIP, hasHostBits, isStrictSubset, maskedCIDR, parseCIDR, parseIP, specialIPProblem, strictCIDRProblems, strictIPProblems } from '../../server/src/core/k8s/ip';
import { effectiveIPFamilyPolicy, networkPolicyView, serviceView } from '../../server/src/core/k8s/defaults';
import { gateEnabled, minorOf } from '../../server/src/core/k8s/version';
import { byteLength } from '../../server/src/core/k8s/values';
import { goValue, invalid, notSupported } from '../../server/src/core/k8s/field';

const valid = (f: (s: string) => string[], xs: string[]) => xs.forEach((x) => assert.deepEqual(f(x), [], `${JSON.stringify(x)} should be valid`));
const invalidAll = (f: (s: string) => string[], xs: string[]) => xs.forEach((x) => assert.ok(f(x).length > 0, `${JSON.stringify(x)} should be invalid`));

test('DNS-1123 labels', () => {
  valid(dns1123Label, ['a', 'ab', 'a-b', '0', '1-2', 'a'.repeat(63), '123']);
  invalidAll(dns1123Label, ['', 'A', 'a_b', '-a', 'a-', 'a.b', 'a'.repeat(64), 'ä']);
  assert.deepEqual(dns1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.match(dns1123Label('A')[0], /^a lowercase RFC 1123 label must consist of .* \(e\.g\. 'my-name',  or '123-abc', regex used for validation is/);
});

test('DNS-1123 subdomains and DNS-1035 labels', () => {
  valid(dns1123Subdomain, ['a', 'a.b', 'example.com', '10.1.2.3', '1-2.a-b', `${'a'.repeat(63)}.${'b'.repeat(63)}`]);
  invalidAll(dns1123Subdomain, ['', 'a..b', '.a', 'a.', 'A.com', 'a_b.com', 'a'.repeat(254)]);
  valid(dns1035Label, ['a', 'a1', 'a-1', 'abc-123']);
  invalidAll(dns1035Label, ['1a', '-a', 'a-', 'A', 'a.b', 'a'.repeat(64), '']);
});

test('qualified names (label keys, annotation keys, appProtocol)', () => {
  valid(qualifiedName, ['a', 'A', 'a-b_c.d', 'example.com/Name', 'kubernetes.io/h2c', `${'a'.repeat(253)}/b`, 'HTTP']);
  invalidAll(qualifiedName, ['', '/a', 'a/', 'a/b/c', '-a', 'a b', 'Example.com/x', 'a'.repeat(64), `${'a'.repeat(254)}/b`, 'a=b']);
  assert.deepEqual(qualifiedName('example.com/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.match(qualifiedName('/a')[0], /^prefix part must be non-empty/);
  assert.match(qualifiedName('a/b/c')[0], /^a qualified name must consist of/);
});

test('label values', () => {
  valid(labelValue, ['', 'a', 'A1', 'a-b_c.d', '1.0', 'v'.repeat(63)]);
  invalidAll(labelValue, ['-a', 'a-', 'a b', 'v'.repeat(64), 'a/b']);
});

test('IANA service names (named ports) and port numbers', () => {
  valid(portName, ['http', 'h2c', 'dns-tcp', 'a1', 'x'.repeat(15)]);
  assert.deepEqual(portName('8080'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(portName('http--web'), ['must not contain consecutive hyphens']);
  assert.deepEqual(portName('-http'), ['must not begin or end with a hyphen']);
  assert.deepEqual(portName('x'.repeat(16)), ['must be no more than 15 characters']);
  assert.deepEqual(portName('HTTP'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']);
  assert.equal(portName('').length, 2);
  assert.deepEqual(portNumber(1), []);
  assert.deepEqual(portNumber(65535), []);
  assert.deepEqual(portNumber(0), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(portNumber(65536), ['must be between 1 and 65535, inclusive']);
});

test('IP parsing follows ParseIPSloppy', () => {
  for (const ok of ['1.2.3.4', '0.0.0.0', '255.255.255.255', '010.001.002.003', '::', '::1', '2001:db8::1', 'fe80::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1::', '::1.2.3.4']) {
    assert.ok(parseIP(ok), ok);
  }
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-1', 'a.b.c.d', '1.2.3.4/32', '2001:db8::1%eth0', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '1.2.3.4::', ' 1.2.3.4', 'garbage-ip']) {
    assert.equal(parseIP(bad), undefined, bad);
  }
  assert.deepEqual(parseIP('010.001.002.003')?.bytes.slice(12), [10, 1, 2, 3]);
  assert.equal(parseIP('::ffff:1.2.3.4')?.family, 4, 'IPv4-mapped IPv6 counts as IPv4, like Go');
  assert.equal(parseIP('2001:db8::1')?.family, 6);
});

test('CIDRs and strict subsets', () => {
  for (const ok of ['10.0.0.0/8', '0.0.0.0/0', '10.0.0.1/32', '2001:db8::/32', '::/0', '10.0.0.0/08']) assert.ok(parseCIDR(ok), ok);
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '2001:db8::/129', '/8', '10.0.0.0/', 'foo.bar', '']) assert.equal(parseCIDR(bad), undefined, bad);
  const c = (s: string) => parseCIDR(s)!;
  assert.ok(isStrictSubset(c('192.168.3.0/24'), c('192.168.0.0/16')));
  assert.ok(!isStrictSubset(c('192.168.0.0/16'), c('192.168.0.0/16')), 'equal is not strict');
  assert.ok(!isStrictSubset(c('192.0.0.0/8'), c('192.168.0.0/16')), 'larger');
  assert.ok(!isStrictSubset(c('10.0.0.0/24'), c('192.168.0.0/16')), 'outside');
  assert.ok(!isStrictSubset(c('192.168.9.1/24'), c('192.168.8.0/24')), 'outside, host bits set');
  assert.ok(isStrictSubset(c('fd00:192:168:3::/64'), c('fd00:192:168::/48')));
  assert.ok(!isStrictSubset(c('fd00:192:168:2::/64'), c('fd00:192:168:1::/64')));
  assert.ok(!isStrictSubset(c('fd00::/64'), c('0.0.0.0/0')), 'never across families');
  assert.ok(cidrContains(c('10.0.0.0/8'), parseIP('10.255.0.1')!));
  assert.ok(hasHostBits(c('10.0.0.1/8')));
  assert.ok(!hasHostBits(c('10.0.0.0/8')));
  assert.ok(!hasHostBits(c('2001:db8::/32')));
});

test('special IPs of externalIPs (ValidateNonSpecialIP)', () => {
  const p = (s: string) => specialIPProblem(parseIP(s)!, s);
  assert.equal(p('0.0.0.0'), 'may not be unspecified (0.0.0.0)');
  assert.equal(p('::'), 'may not be unspecified (::)');
  assert.match(p('127.1.2.3')!, /loopback/);
  assert.match(p('::1')!, /loopback/);
  assert.match(p('::ffff:127.0.0.1')!, /loopback/);
  assert.match(p('169.254.1.1')!, /link-local range/);
  assert.match(p('fe80::1')!, /link-local range/);
  assert.match(p('224.0.0.1')!, /link-local multicast/);
  assert.match(p('ff02::1')!, /link-local multicast/);
  assert.equal(p('224.0.1.1'), undefined);
  assert.equal(p('203.0.113.10'), undefined);
  assert.equal(p('2001:db8::1'), undefined);
});

test('Service defaulting (SetDefaults_Service, normalizeClusterIPs)', () => {
  const v = serviceView({
    spec: {
      type: '',
      ports: [{ port: 80, protocol: '', targetPort: 0 }, { port: 81, targetPort: '' }, { port: 82, targetPort: 'http' }, 'junk'],
      clusterIP: '10.0.0.1',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
    },
  });
  assert.equal(v.type, 'ClusterIP');
  assert.deepEqual(v.ports.map((p) => [p.protocol, p.targetPort]), [['TCP', 80], ['TCP', 81], ['TCP', 'http']]);
  assert.deepEqual(v.clusterIPs, ['10.0.0.1']);
  assert.equal(v.clusterIPsWritten, false);
  assert.equal(v.sessionAffinity, 'None');
  assert.equal(v.sessionAffinityConfig, undefined, 'dropped when the affinity is None');
  assert.equal(v.externalTrafficPolicy, undefined);
  const np = serviceView({ spec: { type: 'NodePort', externalTrafficPolicy: '' } });
  assert.equal(np.externalTrafficPolicy, 'Cluster');
  assert.equal(serviceView({ spec: { externalIPs: ['1.2.3.4'] } }).externallyAccessible, true);
  assert.equal(serviceView({ spec: { type: 7 } }).type, undefined, 'a wrong type is left to the schema');
  assert.equal(effectiveIPFamilyPolicy(serviceView({ spec: { clusterIP: 'None' } })), 'RequireDualStack');
  assert.equal(effectiveIPFamilyPolicy(serviceView({ spec: { clusterIP: 'None', selector: { a: 'b' } } })), 'SingleStack');
  assert.doesNotThrow(() => serviceView({ spec: null, metadata: 'x' } as never));
});

test('NetworkPolicy defaulting (policyTypes) and traversal', () => {
  assert.deepEqual(networkPolicyView({ spec: {} }).policyTypes, ['Ingress']);
  assert.deepEqual(networkPolicyView({ spec: { egress: [{}] } }).policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual(networkPolicyView({ spec: { egress: [{}], policyTypes: ['Egress'] } }).policyTypes, ['Egress']);
  const v = networkPolicyView({
    spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {}, namespaceSelector: null }, 'x'], ports: [{ port: 80 }] }], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] },
  });
  assert.deepEqual(v.peers.map((p) => p.path.join('.')), ['spec.ingress.0.from.0', 'spec.egress.0.to.0']);
  assert.deepEqual(v.selectors.map((s) => s.path.join('.')), ['spec.podSelector', 'spec.ingress.0.from.0.podSelector']);
  assert.deepEqual(v.ports.map((p) => p.path.join('.')), ['spec.ingress.0.ports.0']);
});

test('feature gates by Kubernetes version', () => {
  assert.equal(minorOf('1.33'), 33);
  assert.equal(minorOf('v1.36.2'), 36);
  assert.equal(minorOf('latest'), 99);
  assert.equal(gateEnabled('RelaxedServiceNameValidation', '1.35'), false);
  assert.equal(gateEnabled('RelaxedServiceNameValidation', '1.36'), true);
  assert.equal(gateEnabled('ServiceTrafficDistribution', '1.30'), false);
  assert.equal(gateEnabled('ServiceTrafficDistribution', '1.31'), true);
  assert.equal(gateEnabled('PreferSameTrafficDistribution', '1.33'), false);
  assert.equal(gateEnabled('PreferSameTrafficDistribution', '1.34'), true);
});

test('server wording helpers', () => {
  assert.equal(byteLength('aä€😀'), 1 + 2 + 3 + 4);
  assert.equal(goValue('x'), '"x"');
  assert.equal(goValue(3), '3');
  assert.equal(goValue(['a']), '["a"]');
  assert.equal(invalid('spec.x', 'v', 'bad'), 'spec.x: Invalid value: "v": bad');
  assert.equal(notSupported('spec.t', 'X', ['A', 'B']), 'spec.t: Unsupported value: "X": supported values: "A", "B"');
});

test('StrictIPCIDRValidation: what the strict parser would reject, and canonical forms', () => {
  const f = (s: string) => formatIP(parseIP(s)!.bytes, parseIP(s)!.dotted ? 4 : 6);
  assert.equal(f('010.001.002.003'), '10.1.2.3');
  assert.equal(f('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
  assert.equal(f('1:0:0:2:0:0:0:3'), '1:0:0:2::3');
  assert.equal(f('::'), '::');
  assert.equal(f('1:2:3:4:5:6:7:8'), '1:2:3:4:5:6:7:8');
  assert.equal(maskedCIDR(parseCIDR('10.1.2.3/8')!), '10.0.0.0/8');
  assert.equal(maskedCIDR(parseCIDR('2001:db8::1/32')!), '2001:db8::/32');
  assert.deepEqual(strictIPProblems('10.0.0.1'), []);
  assert.deepEqual(strictIPProblems('2001:0db8::1'), [], 'hex groups may have leading zeros');
  assert.deepEqual(strictIPProblems('10.0.0.01'), ['must not have leading 0s']);
  assert.deepEqual(strictIPProblems('::ffff:10.0.0.1'), ['must not be an IPv4-mapped IPv6 address']);
  assert.deepEqual(strictCIDRProblems('10.0.0.0/8'), []);
  assert.deepEqual(strictCIDRProblems('10.0.0.0/08'), ['must not have leading 0s in IP or prefix length']);
  assert.deepEqual(strictCIDRProblems('10.0.0.1/8'), ['must not have bits set beyond the prefix length (did you mean "10.0.0.0/8"?)']);
  assert.deepEqual(strictCIDRProblems('nonsense'), []);
});
