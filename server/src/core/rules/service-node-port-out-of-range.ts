import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

export const serviceNodePortOutOfRange: Rule = {
  id: 'service-node-port-out-of-range',
  category: 'cluster',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A `nodePort` (or the `healthCheckNodePort` of a LoadBalancer with `externalTrafficPolicy: Local`) is outside the cluster\'s node port range, setting `k8sNetworkLens.nodePortRange` (Kubernetes default 30000-32767).',
  source: 'registry/core/service/storage/alloc.go initNodePorts, allocHealthCheckNodePort (--service-node-port-range)',
  example: 'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080',
  check(ctx) {
    const v = serviceView(ctx.value);
    // Only NodePort and LoadBalancer Services allocate node ports; on ClusterIP a nodePort is forbidden outright.
    if (v.type !== 'NodePort' && v.type !== 'LoadBalancer') return;
    const [lo, hi] = ctx.options.nodePortRange;
    const range = `${lo}-${hi}`;
    const why = `this depends on the cluster's --service-node-port-range, here ${range} (setting k8sNetworkLens.nodePortRange)`;
    const outside = (n: number) => n !== 0 && (n < lo || n > hi);
    for (const p of v.ports) {
      if (!outside(p.nodePort)) continue;
      ctx.report(
        [...p.path, 'nodePort'],
        explain(
          invalid(`spec.ports[${p.index}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${range}`),
          `${why}; omit nodePort to get a free one`,
        ),
      );
    }
    if (v.type === 'LoadBalancer' && v.externalTrafficPolicy === 'Local' && outside(v.healthCheckNodePort)) {
      // The allocator turns this one into an HTTP 500, with no field path.
      ctx.report(
        ['spec', 'healthCheckNodePort'],
        explain(
          `spec.healthCheckNodePort: Internal error occurred: failed to allocate requested HealthCheck NodePort ${v.healthCheckNodePort}: provided port is not in the valid range. The range of valid ports is ${range}`,
          why,
        ),
      );
    }
  },
};
