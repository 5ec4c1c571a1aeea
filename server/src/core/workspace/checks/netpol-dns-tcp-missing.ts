import { dnsFindings } from '../dns-findings';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'netpol-dns-tcp-missing',
  category: 'workspace',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'warning',
  target: 'policy',
  docs: 'Egress allows DNS over UDP only: resolvers retry over TCP for large answers (many records, DNSSEC), and those lookups fail. A port entry without protocol is TCP only.',
  example: 'ports:\n  - port: 53\n    protocol: UDP',
  check(ctx, ref) {
    const f = dnsFindings(ctx.view, ref, ctx.options.dns).tcpMissing;
    if (f) ctx.report(ref.obj.egressAt, f.message, { related: f.related.slice(0, MAX_RELATED).map((r) => ctx.related(r.ref, r.ref.obj.at, r.message)) });
  },
});
