// Whether a NetworkPolicy, taken alone, lets its pods reach cluster DNS: the check the DNS quick fix relies on to
// decide what to insert, and the property test uses to prove the inserted rule works.
import type { DnsOptions } from '../types';
import { effectivePolicyTypes, isObj, list, obj, selectorMatches, str } from '../features/explain';

export interface DnsVerdict {
  /** The policy restricts egress (Egress in the effective policyTypes); when false, DNS is not this policy's business. */
  restricted: boolean;
  udp: boolean;
  tcp: boolean;
  /** Index of the first egress rule that allows UDP but not TCP to DNS: where "add TCP" goes. */
  udpOnlyRule?: number;
}

export function dnsVerdict(policy: unknown, dns: DnsOptions, defaultNamespace: string): DnsVerdict {
  const spec = obj(obj(policy).spec);
  const namespace = str(obj(obj(policy).metadata).namespace) ?? defaultNamespace;
  if (!effectivePolicyTypes(spec).has('Egress')) return { restricted: false, udp: true, tcp: true };
  let udp = false;
  let tcp = false;
  let udpOnlyRule: number | undefined;
  list(spec.egress).forEach((rule, i) => {
    const r = obj(rule);
    if (!reachesDns(r.to, dns, namespace)) return;
    const u = portsAllow(r.ports, 'UDP', dns.port);
    const t = portsAllow(r.ports, 'TCP', dns.port);
    udp ||= u;
    tcp ||= t;
    if (u && !t && udpOnlyRule === undefined) udpOnlyRule = i;
  });
  return { restricted: true, udp, tcp, udpOnlyRule: udp && !tcp ? udpOnlyRule : undefined };
}

/** Whether a rule's `ports` list lets `protocol` traffic to `port` through. */
export function portsAllow(ports: unknown, protocol: 'UDP' | 'TCP', port: number): boolean {
  const items = list(ports);
  if (!items.length) return true;
  return items.some((p) => {
    const x = obj(p);
    if ((str(x.protocol) ?? 'TCP') !== protocol) return false;
    const n = x.port;
    if (n === undefined || n === null) return true;
    // The kube-dns/CoreDNS pods name their container ports `dns` (UDP) and `dns-tcp` (TCP).
    if (typeof n === 'string' && !/^\d+$/.test(n)) return n === (protocol === 'UDP' ? 'dns' : 'dns-tcp');
    const lo = Number(n);
    const hi = typeof x.endPort === 'number' ? x.endPort : lo;
    return port >= lo && port <= hi;
  });
}

/** Whether a rule's `to` list includes the cluster DNS pods (or a configured resolver IP). */
export function reachesDns(to: unknown, dns: DnsOptions, namespace: string): boolean {
  const peers = list(to);
  if (!peers.length) return true;
  const nsLabels = { 'kubernetes.io/metadata.name': dns.namespace };
  return peers.some((p) => {
    const x = obj(p);
    if (isObj(x.ipBlock)) return ipBlockCoversDns(x.ipBlock, dns);
    const hasNs = x.namespaceSelector !== undefined;
    const hasPod = x.podSelector !== undefined;
    if (!hasNs && !hasPod) return false;
    const nsOk = hasNs ? selectorMatches(x.namespaceSelector, nsLabels) : namespace === dns.namespace;
    return nsOk && (!hasPod || selectorMatches(x.podSelector, dns.podLabels));
  });
}

function ipBlockCoversDns(block: Record<string, unknown>, dns: DnsOptions): boolean {
  const cidr = str(block.cidr) ?? '';
  const except = list(block.except).map(String);
  // A catch-all block reaches the DNS pods wherever they are (network plugins differ on pod IPs; we take the author's intent).
  if (cidr === '0.0.0.0/0' || cidr === '::/0') return true;
  return dns.ips.some((ip) => inCidr(ip, cidr) && !except.some((e) => inCidr(ip, e)));
}

function ipv4(s: string): number | undefined {
  const m = s.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  if (ip === base && (bitsText === '32' || bitsText === '128')) return true;
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  const bits = Number(bitsText);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}
