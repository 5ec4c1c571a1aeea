import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

export const serviceHealthCheckNodePortForbidden: Rule = {
  id: 'service-health-check-node-port-forbidden',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`healthCheckNodePort` is set but the Service is not a LoadBalancer with `externalTrafficPolicy: Local`, the only case with a health check.',
  source: 'validation.go validateServiceExternalTrafficPolicy',
  example: 'spec:\n  type: NodePort\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30100',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type === undefined || v.healthCheckNodePort === 0) return;
    if (v.type === 'LoadBalancer' && v.externalTrafficPolicy === 'Local') return;
    ctx.report(
      ['spec', 'healthCheckNodePort'],
      explain(
        invalid('spec.healthCheckNodePort', v.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
        'remove it, or make this a LoadBalancer with externalTrafficPolicy: Local',
      ),
    );
  },
};
