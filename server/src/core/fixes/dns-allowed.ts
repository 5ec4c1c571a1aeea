// Whether one NetworkPolicy, taken alone, lets its pods reach cluster DNS. This reuses the workspace check's own
// predicate (workspace/dns.ts), so the fix inserts a rule exactly when, and exactly what, clears the diagnostic.
import type { Document } from 'yaml';
import type { DnsOptions } from '../types';
import { dnsAllowance } from '../workspace/dns';
import { WorkspaceView } from '../workspace/model';
import { summarizeObject } from '../workspace/summary';
import type { PolicySummary } from '../workspace/summary';

export interface DnsVerdict {
  /** The policy restricts egress (Egress in the effective policyTypes); when false, DNS is not this policy's business. */
  restricted: boolean;
  udp: boolean;
  tcp: boolean;
  /** Index of the first egress rule that allows UDP but not TCP to DNS: where "add TCP" goes. */
  udpOnlyRule?: number;
}

const NOT_RESTRICTED: DnsVerdict = Object.freeze({ restricted: false, udp: true, tcp: true });

/** Judged without the workspace: only the namespace's automatic `kubernetes.io/metadata.name` label is known. */
export function dnsVerdict(policy: unknown, doc: Document, dns: DnsOptions, defaultNamespace: string): DnsVerdict {
  if (!policy || typeof policy !== 'object' || Array.isArray(policy)) return NOT_RESTRICTED;
  const summary = summarizeObject(policy as Record<string, any>, doc);
  if (summary?.type !== 'policy' || !summary.egress) return NOT_RESTRICTED;
  const namespace = summary.namespace ?? defaultNamespace;
  const view = new WorkspaceView([], defaultNamespace);
  const allowance = dnsAllowance(summary, namespace, view, dns);
  let udpOnlyRule: number | undefined;
  if (allowance.udp && !allowance.tcp) {
    // The rule to extend: judge each rule alone with the same predicate.
    udpOnlyRule = summary.egressRules.findIndex((r) => {
      const one: PolicySummary = { ...summary, egressRules: [r] };
      return dnsAllowance(one, namespace, view, dns).udp;
    });
    if (udpOnlyRule < 0) udpOnlyRule = undefined;
  }
  return { restricted: true, udp: allowance.udp, tcp: allowance.tcp, udpOnlyRule };
}
