import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { clusterIPProblems } from '../k8s/cluster-ips';
import { effectiveIPFamilyPolicy, serviceView } from '../k8s/defaults';
import { obj } from '../k8s/values';

export const serviceSingleStackMultipleFamilies: Rule = {
  id: 'service-single-stack-multiple-families',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A SingleStack Service (the default `ipFamilyPolicy`) lists two IP families or two cluster IPs; dual-stack needs `PreferDualStack` or `RequireDualStack`. Rejected by the IP allocator before validation.',
  source: 'registry/core/service/storage/alloc.go initIPFamilyFields',
  example: 'spec:\n  ipFamilies: [IPv4, IPv6]',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type === 'ExternalName' || v.type === undefined) return;
    // The allocator validates the cluster IP fields first and stops there when they are invalid.
    if (clusterIPProblems(v).length > 0) return;
    const policy = effectiveIPFamilyPolicy(v);
    if (policy !== 'SingleStack') return;
    const written = obj(ctx.value.spec)?.ipFamilyPolicy === 'SingleStack';
    const why = written ? 'ipFamilyPolicy is SingleStack' : 'ipFamilyPolicy is not set and defaults to SingleStack';
    const fix = 'set ipFamilyPolicy: PreferDualStack or RequireDualStack for a dual-stack Service';
    if (v.clusterIPs.length === 2) {
      ctx.report(
        written ? ['spec', 'ipFamilyPolicy'] : ['spec', 'clusterIPs'],
        explain(invalid('spec.ipFamilyPolicy', 'SingleStack', "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"), `${why}; ${fix}`),
        { on: written ? 'value' : 'key' },
      );
    }
    if (v.ipFamilies.length === 2) {
      ctx.report(
        written ? ['spec', 'ipFamilyPolicy'] : ['spec', 'ipFamilies'],
        explain(invalid('spec.ipFamilyPolicy', 'SingleStack', "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"), `${why}; ${fix}`),
        { on: written ? 'value' : 'key' },
      );
    }
  },
};
