import type { Rule } from './types';
import { explain } from '../k8s/field';
import { parseCIDR, strictCIDRProblems } from '../k8s/ip';
import { networkPolicyView } from '../k8s/defaults';
import { list, obj } from '../k8s/values';
import { formatPath } from '../yaml/path';

export const STRICT_GATE_NOTE =
  'the API server accepts it with a warning, and rejects it where the StrictIPCIDRValidation feature gate (alpha since 1.33, off by default) is enabled';

export const netpolCidrNotCanonical: Rule = {
  id: 'netpol-cidr-not-canonical',
  category: 'cluster',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'warning',
  docs: 'An `ipBlock` CIDR is accepted today but ambiguous: host bits set beyond the prefix (`10.0.0.1/8`), leading zeros (`010.0.0.0/8`), or an IPv4-mapped IPv6 address. Rejected under the StrictIPCIDRValidation feature gate.',
  source: 'apimachinery validation/ip.go IsValidCIDRForLegacyField (StrictIPCIDRValidation, KEP-4858)',
  example: 'ipBlock:\n  cidr: 10.0.0.1/8',
  check(ctx) {
    for (const { path, peer } of networkPolicyView(ctx.value).peers) {
      const block = obj(peer.ipBlock);
      if (!block) continue;
      const values: Array<[Array<string | number>, unknown]> = [[[...path, 'ipBlock', 'cidr'], block.cidr]];
      list(block.except).forEach((e, k) => values.push([[...path, 'ipBlock', 'except', k], e]));
      for (const [at, v] of values) {
        // Unparsable values are netpol-cidr-invalid's.
        if (typeof v !== 'string' || !parseCIDR(v)) continue;
        for (const m of strictCIDRProblems(v)) ctx.report(at, explain(`${formatPath(at)}: CIDR value ${JSON.stringify(v)} ${m}`, STRICT_GATE_NOTE));
      }
    }
  },
};
