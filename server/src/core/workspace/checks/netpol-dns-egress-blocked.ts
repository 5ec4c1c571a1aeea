import { dnsFindings } from '../dns-findings';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'netpol-dns-egress-blocked',
  category: 'workspace',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'warning',
  target: 'policy',
  docs:
    "The policy restricts egress and no egress rule allows DNS (UDP and TCP dns.port to the dns.namespace pods with dns.podLabels, a `to` that is absent or empty, or an ipBlock covering dns.ips), nor does any other policy selecting the same pods: the message names the workloads that lose name resolution. Policies are additive, so a deny-all next to per-app policies that allow egress blocks nobody. When the policy selects no known workload, it is judged with the namespace's policies that select every pod.",
  example: 'policyTypes: [Egress]\negress: []',
  check(ctx, ref) {
    const f = dnsFindings(ctx.view, ref, ctx.options.dns).blocked;
    if (f) ctx.report(ref.obj.egressAt, f.message, { related: f.related.slice(0, MAX_RELATED).map((r) => ctx.related(r.ref, r.ref.obj.at, r.message)) });
  },
});
