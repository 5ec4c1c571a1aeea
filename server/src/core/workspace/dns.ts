// Whether a NetworkPolicy's egress rules let a pod reach cluster DNS.
//
// A rule allows DNS when its destinations include the DNS pods and its ports include the DNS port:
// - destinations: `to` absent or empty (everywhere); a peer whose namespaceSelector selects the DNS namespace
//   (its automatic `kubernetes.io/metadata.name` label, labels of a Namespace object in the workspace, `{}`, or
//   any matchLabels value equal to the namespace's name: people label namespaces `name: kube-system` by hand,
//   and we would rather miss a mistake than cry wolf) and whose podSelector, if any, selects the DNS pods
//   (setting dns.podLabels, `k8s-app: kube-dns`); a podSelector alone, when the policy lives in the DNS namespace;
//   an ipBlock covering a configured DNS address (setting dns.ips) or everything (`/0`);
// - ports: absent or empty (every port); an entry whose port is dns.port (or a range covering it) or absent,
//   counted for its protocol only (no protocol = TCP, so `port: 53` alone does NOT allow UDP DNS);
//   a named port `dns` or `dns-tcp` (the names CoreDNS and kube-dns give their ports) counts for the entry's
//   protocol: we cannot see the DNS pods' port names, and a named port elsewhere would be a deliberate choice.
// A malformed rule or peer counts as allowing DNS: the schema checks report it, this check stays quiet.
import type { DnsOptions } from '../types';
import { cidrContains, parseCIDR, parseIP } from '../k8s/ip';
import type { WorkspaceView } from './model';
import { matches, selectsAll } from './selectors';
import type { Peer, PolicyRule, PolicySummary } from './summary';

export interface DnsAllowance {
  udp: boolean;
  tcp: boolean;
}

export const ALL_DNS: DnsAllowance = Object.freeze({ udp: true, tcp: true });
const NO_DNS: DnsAllowance = Object.freeze({ udp: false, tcp: false });
const DNS_PORT_NAMES = new Set(['dns', 'dns-tcp']);

export function orAllowance(a: DnsAllowance, b: DnsAllowance): DnsAllowance {
  return { udp: a.udp || b.udp, tcp: a.tcp || b.tcp };
}

/** What DNS traffic a policy lets the pods it selects send. A policy that does not restrict egress allows all. */
export function dnsAllowance(policy: PolicySummary, policyNamespace: string, view: WorkspaceView, dns: DnsOptions): DnsAllowance {
  if (!policy.egress) return ALL_DNS;
  let out = NO_DNS;
  for (const rule of policy.egressRules) {
    out = orAllowance(out, ruleAllowance(rule, policyNamespace, view, dns));
    if (out.udp && out.tcp) break;
  }
  return out;
}

function ruleAllowance(rule: PolicyRule, policyNamespace: string, view: WorkspaceView, dns: DnsOptions): DnsAllowance {
  if (rule.unknown) return ALL_DNS;
  if (rule.peers && !rule.peers.some((p) => peerReachesDns(p, policyNamespace, view, dns))) return NO_DNS;
  if (!rule.ports) return ALL_DNS;
  let udp = false;
  let tcp = false;
  for (const p of rule.ports) {
    const port = p.port;
    const ok =
      port === undefined ||
      port === dns.port ||
      (typeof port === 'number' && p.endPort !== undefined && port <= dns.port && dns.port <= p.endPort) ||
      (typeof port === 'string' && DNS_PORT_NAMES.has(port));
    if (!ok) continue;
    if (p.protocol === 'UDP') udp = true;
    else if (p.protocol === 'TCP') tcp = true;
  }
  return { udp, tcp };
}

export function peerReachesDns(peer: Peer, policyNamespace: string, view: WorkspaceView, dns: DnsOptions): boolean {
  if (peer.unknown) return true;
  if (peer.ipBlock) return ipBlockCoversDns(peer.ipBlock, dns.ips);
  const podsOk = !peer.pods || matches(peer.pods, dns.podLabels);
  if (!peer.namespaces) return policyNamespace === dns.namespace && podsOk;
  const ns = peer.namespaces;
  const nsOk =
    matches(ns, view.namespaceLabels(dns.namespace)) ||
    (!selectsAll(ns) && ns.requirements.length === 0 && Object.values(ns.matchLabels).every((v) => v === dns.namespace));
  return nsOk && podsOk;
}

function ipBlockCoversDns(block: { cidr: string; except: string[] }, ips: readonly string[]): boolean {
  const c = parseCIDR(block.cidr.trim());
  if (!c) return true;
  // `0.0.0.0/0` is how people write "anywhere"; whether it also matches pod IPs depends on the CNI.
  if (c.prefix === 0) return true;
  return ips.some((s) => {
    const ip = parseIP(s.trim());
    if (!ip || !cidrContains(c, ip)) return false;
    return !block.except.some((e) => {
      const x = parseCIDR(e.trim());
      return !!x && cidrContains(x, ip);
    });
  });
}
