import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { INVALID_CIDR, parseCIDR, parseIP } from '../k8s/ip';
import { serviceView } from '../k8s/defaults';
import { list, obj } from '../k8s/values';
import { SOURCE_RANGES_ANNOTATION } from './service-load-balancer-field-forbidden';

export const serviceSourceRangesInvalid: Rule = {
  id: 'service-source-ranges-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: `A \`loadBalancerSourceRanges\` entry (or an entry of the \`${SOURCE_RANGES_ANNOTATION}\` annotation, consulted only when the field is empty) is not a CIDR. A bare IP needs a prefix length (\`/32\`).`,
  source: 'validation.go ValidateService (IsValidCIDRForLegacyField)',
  example: 'spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.7]',
  check(ctx) {
    const ranges = list(obj(ctx.value.spec)?.loadBalancerSourceRanges);
    const hint = (value: string) => (parseIP(value) ? `a single address needs a prefix length: ${value}/${value.includes(':') ? 128 : 32}` : undefined);
    if (ranges.length > 0) {
      ranges.forEach((r, i) => {
        if (typeof r !== 'string') return;
        // Historical accident kept for compatibility: entries may be padded with spaces.
        const value = r.trim();
        if (parseCIDR(value)) return;
        const message = invalid(`spec.LoadBalancerSourceRanges[${i}]`, value, INVALID_CIDR);
        const h = hint(value);
        ctx.report(['spec', 'loadBalancerSourceRanges', i], h ? explain(message, h) : message);
      });
      return;
    }
    const annotation = serviceView(ctx.value).annotations[SOURCE_RANGES_ANNOTATION];
    if (typeof annotation !== 'string' || annotation.trim() === '') return;
    for (const part of annotation.trim().split(',')) {
      const value = part.trim();
      if (parseCIDR(value)) continue;
      const message = invalid(`metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`, value, INVALID_CIDR);
      const h = hint(value);
      ctx.report(['metadata', 'annotations', SOURCE_RANGES_ANNOTATION], h ? explain(message, h) : message);
    }
  },
};
