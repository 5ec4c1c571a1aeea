// What the two DNS checks (netpol-dns-egress-blocked, netpol-dns-tcp-missing) say about one policy: computed once
// from the DNS verdict (queries.ts), each check reports its own part.
import type { DnsOptions } from '../types';
import { buildHides } from './evidence';
import type { Ref, WorkspaceView } from './model';
import { describe, dnsVerdict, nameList, type WorkloadDns } from './queries';
import { formatSelector, selectsAll } from './selectors';
import type { PolicySummary } from './summary';

export interface DnsFinding {
  message: string;
  /** Objects to point at, with what to say of each. */
  related: Array<{ ref: Ref; message: string }>;
}

export function dnsFindings(view: WorkspaceView, ref: Ref<PolicySummary>, dns: DnsOptions): { blocked?: DnsFinding; tcpMissing?: DnsFinding } {
  // Policies the build adds that the tool cannot read (a remote resource, a Helm chart) may allow DNS.
  if (buildHides(ref)) return {};
  const v = dnsVerdict(view, ref, dns);
  if (!v || (v.own.udp && v.own.tcp)) return {};
  const port = dns.port;
  const tcpOnly = v.own.tcp ? ' (a port without protocol is TCP only; DNS asks over UDP first)' : '';
  const where = `to ${dns.namespace}/${Object.entries(dns.podLabels).map(([k, val]) => `${k}=${val}`).join(',')} on port ${port}${tcpOnly}`;
  if (v.unknownPods) {
    const a = v.unknownPods.allowed;
    if (a.udp && a.tcp) return {};
    const all = selectsAll(ref.obj.podSelector!);
    const who = all ? `every pod in namespace ${ref.namespace}` : `pods with ${formatSelector(ref.obj.podSelector!)}`;
    const others = v.unknownPods.policies.slice(1);
    const also = others.length ? ` (judged with ${nameList(others)}, which ${others.length === 1 ? 'selects' : 'select'} every pod too)` : '';
    const related = others.map((o) => ({ ref: o as Ref, message: `${describe(o.obj)} also restricts egress of every pod` }));
    if (!a.udp) {
      return { blocked: { message: `Egress is restricted and no egress rule allows DNS (UDP and TCP ${where}): ${who} ${all ? 'loses' : 'lose'} name resolution${also}. No workload in the workspace is selected by this policy.`, related } };
    }
    return { tcpMissing: { message: tcpMessage(who, port, also), related } };
  }
  const blocked = v.workloads.filter((w) => !w.allowed.udp);
  const udpOnly = v.workloads.filter((w) => w.allowed.udp && !w.allowed.tcp);
  const rel = (list: WorkloadDns[]) => list.map((w) => ({ ref: w.workload as Ref, message: `${describe(w.workload.obj)} loses DNS` }));
  return {
    blocked: blocked.length
      ? {
          message: `Egress is restricted and no egress rule allows DNS (UDP and TCP ${where}), nor does any other policy selecting these pods: ${nameList(blocked.map((w) => w.workload))} lose${blocked.length === 1 ? 's' : ''} name resolution.`,
          related: rel(blocked),
        }
      : undefined,
    tcpMissing: udpOnly.length ? { message: tcpMessage(nameList(udpOnly.map((w) => w.workload)), port, ''), related: rel(udpOnly) } : undefined,
  };
}

function tcpMessage(who: string, port: number, also: string): string {
  return `Egress allows DNS over UDP port ${port} only: ${who}${also} cannot fall back to TCP, which resolvers use for large answers (many records, DNSSEC); those lookups fail. Allow TCP port ${port} too.`;
}
