import type { Rule } from './types';
import { obj, str } from '../k8s/values';

// spec.loadBalancerIP is deprecated since v1.24: its meaning differs between cloud providers and it cannot
// express dual-stack. The API server still accepts it (and ignores it on headless Services, with a warning).
export const serviceDeprecatedLoadBalancerIp: Rule = {
  id: 'service-deprecated-load-balancer-ip',
  category: 'best-practice',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  docs: '`spec.loadBalancerIP` is deprecated since Kubernetes v1.24 (its support depends on the cloud provider, and it cannot express dual-stack); on a headless Service it is ignored (the API server warns).',
  source: 'core/v1 types.go ServiceSpec.LoadBalancerIP; pkg/api/service/warnings.go',
  example: 'type: LoadBalancer\nloadBalancerIP: 203.0.113.10',
  check(ctx) {
    const spec = obj(ctx.value.spec);
    const ip = str(spec?.loadBalancerIP);
    if (!spec || !ip) return;
    const headless = spec.clusterIP === 'None' && (spec.type === undefined || spec.type === null || spec.type === 'ClusterIP');
    ctx.report(
      ['spec', 'loadBalancerIP'],
      headless
        ? 'spec.loadBalancerIP is ignored for headless services'
        : 'spec.loadBalancerIP is deprecated since Kubernetes v1.24: support depends on the cloud provider; use its annotation (e.g. service.beta.kubernetes.io/azure-load-balancer-ipv4, networking.gke.io/load-balancer-ip-addresses) or the LoadBalancer implementation\'s own setting.',
      { on: 'key', tags: ['deprecated'] },
    );
  },
};
