import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { serviceView } from '../k8s/defaults';
import { obj } from '../k8s/values';

export const serviceExternalTrafficPolicyForbidden: Rule = {
  id: 'service-external-traffic-policy-forbidden',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`externalTrafficPolicy` is set on a Service that is not externally accessible (only LoadBalancer, NodePort, or ClusterIP with `externalIPs` are).',
  source: 'validation.go validateServiceExternalTrafficPolicy',
  example: 'spec:\n  type: ClusterIP\n  externalTrafficPolicy: Local',
  check(ctx) {
    const v = serviceView(ctx.value);
    const etp = obj(ctx.value.spec)?.externalTrafficPolicy;
    if (v.type === undefined || v.externallyAccessible || typeof etp !== 'string' || etp === '') return;
    ctx.report(
      ['spec', 'externalTrafficPolicy'],
      explain(
        invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'),
        `a ${v.type} Service${v.type === 'ClusterIP' ? ' without externalIPs' : ''} receives no external traffic; remove the field`,
      ),
    );
  },
};
