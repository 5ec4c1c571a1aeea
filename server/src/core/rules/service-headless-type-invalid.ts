import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { clusterIPsPath, serviceView } from '../k8s/defaults';

export const serviceHeadlessTypeInvalid: Rule = {
  id: 'service-headless-type-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A NodePort or LoadBalancer Service is headless (`clusterIP: None`); those types need a cluster IP.',
  source: 'validation.go ValidateService',
  example: 'spec:\n  type: NodePort\n  clusterIP: None',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (!v.headless || (v.type !== 'NodePort' && v.type !== 'LoadBalancer')) return;
    // The server names clusterIPs[0] even when only clusterIP was written: BeginCreate copied it there.
    ctx.report(
      clusterIPsPath(v, 0),
      explain(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${v.type} services`), `a ${v.type} Service routes through its cluster IP; use type ClusterIP for a headless Service`),
    );
  },
};
