import type { Rule } from './types';
import type { Path } from '../types';
import { explain } from '../k8s/field';
import { parseCIDR, parseIP, strictCIDRProblems, strictIPProblems } from '../k8s/ip';
import { clusterIPsPath, serviceView } from '../k8s/defaults';
import { list, obj } from '../k8s/values';
import { STRICT_GATE_NOTE } from './netpol-cidr-not-canonical';

export const serviceIpNotCanonical: Rule = {
  id: 'service-ip-not-canonical',
  category: 'cluster',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  docs: 'A cluster IP, external IP or load balancer source range is accepted today but ambiguous: leading zeros (`010.0.0.1`), an IPv4-mapped IPv6 address, or a source range with host bits set (`10.0.0.1/8`). Rejected under the StrictIPCIDRValidation feature gate.',
  source: 'apimachinery validation/ip.go IsValidIPForLegacyField, IsValidCIDRForLegacyField (StrictIPCIDRValidation, KEP-4858)',
  example: 'spec:\n  externalIPs: [203.0.113.010]',
  check(ctx) {
    const v = serviceView(ctx.value);
    const ip = (at: Path, where: string, value: unknown) => {
      if (typeof value !== 'string' || !parseIP(value)) return;
      for (const m of strictIPProblems(value)) ctx.report(at, explain(`${where}: IP address ${JSON.stringify(value)} ${m}`, STRICT_GATE_NOTE));
    };
    if (v.type !== 'ExternalName') v.clusterIPs.forEach((x, i) => ip(clusterIPsPath(v, i), `spec.clusterIPs[${i}]`, x));
    v.externalIPs.forEach((x, i) => ip(['spec', 'externalIPs', i], `spec.externalIPs[${i}]`, x));
    list(obj(ctx.value.spec)?.loadBalancerSourceRanges).forEach((r, i) => {
      const value = typeof r === 'string' ? r.trim() : undefined;
      if (!value || !parseCIDR(value)) return;
      for (const m of strictCIDRProblems(value)) {
        ctx.report(['spec', 'loadBalancerSourceRanges', i], explain(`spec.LoadBalancerSourceRanges[${i}]: CIDR value ${JSON.stringify(value)} ${m}`, STRICT_GATE_NOTE));
      }
    });
  },
};
