import type { Rule } from './types';
import { explain, forbidden } from '../k8s/field';
import { serviceView } from '../k8s/defaults';
import { list, obj } from '../k8s/values';

export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export const serviceLoadBalancerFieldForbidden: Rule = {
  id: 'service-load-balancer-field-forbidden',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A Service that is not of type LoadBalancer sets `allocateLoadBalancerNodePorts`, `loadBalancerClass`, `loadBalancerSourceRanges` or the source-ranges annotation.',
  source: 'validation.go ValidateService, validateLoadBalancerClassField',
  example: 'spec:\n  type: NodePort\n  loadBalancerSourceRanges: [10.0.0.0/8]',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type === undefined || v.type === 'LoadBalancer') return;
    const spec = obj(ctx.value.spec) ?? {};
    const detail = "may only be used when `type` is 'LoadBalancer'";
    const why = `this field only applies to type LoadBalancer, and this Service is ${v.type}`;
    const set = (x: unknown) => x !== undefined && x !== null;
    if (set(spec.allocateLoadBalancerNodePorts)) {
      ctx.report(['spec', 'allocateLoadBalancerNodePorts'], explain(forbidden('spec.allocateLoadBalancerNodePorts', detail), why), { on: 'key' });
    }
    if (set(spec.loadBalancerClass)) ctx.report(['spec', 'loadBalancerClass'], explain(forbidden('spec.loadBalancerClass', detail), why), { on: 'key' });
    // The server's path really is capitalised here (validation.go uses the Go field name).
    if (list(spec.loadBalancerSourceRanges).length > 0) {
      ctx.report(['spec', 'loadBalancerSourceRanges'], explain(forbidden('spec.LoadBalancerSourceRanges', detail), why), { on: 'key' });
    } else if (SOURCE_RANGES_ANNOTATION in v.annotations) {
      ctx.report(
        ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION],
        explain(forbidden(`metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`, detail), why),
        { on: 'key' },
      );
    }
  },
};
