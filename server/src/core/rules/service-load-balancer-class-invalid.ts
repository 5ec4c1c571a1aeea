import type { Rule } from './types';
import { invalid } from '../k8s/field';
import { qualifiedName } from '../k8s/names';
import { obj, str } from '../k8s/values';

export const serviceLoadBalancerClassInvalid: Rule = {
  id: 'service-load-balancer-class-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`loadBalancerClass` is not a qualified name (e.g. `example.com/internal-vip`).',
  source: 'validation.go validateLoadBalancerClassField (ValidateQualifiedName)',
  example: 'spec:\n  type: LoadBalancer\n  loadBalancerClass: "internal vip"',
  check(ctx) {
    const cls = str(obj(ctx.value.spec)?.loadBalancerClass);
    if (cls === undefined) return;
    for (const m of qualifiedName(cls)) ctx.report(['spec', 'loadBalancerClass'], invalid('spec.loadBalancerClass', cls, m));
  },
};
