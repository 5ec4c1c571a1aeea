import type { Rule } from './types';
import { clusterIPProblems } from '../k8s/cluster-ips';
import { serviceView } from '../k8s/defaults';

export const serviceClusterIpsInvalid: Rule = {
  id: 'service-cluster-ips-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`clusterIP`/`clusterIPs` are inconsistent or invalid: not an IP address, `clusterIPs[0]` differs from `clusterIP`, `clusterIPs` without `clusterIP`, `None` next to another value, two IPs of one family, or an IP of the wrong family for `ipFamilies[i]`.',
  source: 'validation.go ValidateServiceClusterIPsRelatedFields',
  example: 'spec:\n  clusterIP: 10.0.0.10\n  clusterIPs: [10.0.0.11]',
  check(ctx) {
    for (const p of clusterIPProblems(serviceView(ctx.value))) ctx.report(p.at, p.message, { on: p.on });
  },
};
