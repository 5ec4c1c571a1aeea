import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { cidrContains, isStrictSubset, parseCIDR } from '../k8s/ip';
import { networkPolicyView } from '../k8s/defaults';
import { list, obj, str } from '../k8s/values';
import { formatPath } from '../yaml/path';

export const netpolExceptNotSubset: Rule = {
  id: 'netpol-except-not-subset',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'An `except` entry is not a strict subset of its `cidr`: outside it, of the other IP family, or the whole range itself.',
  source: 'networking validation.go ValidateIPBlock',
  example: 'ipBlock:\n  cidr: 10.0.0.0/16\n  except: [10.1.0.0/24]',
  check(ctx) {
    for (const { path, peer } of networkPolicyView(ctx.value).peers) {
      const block = obj(peer.ipBlock);
      const cidrText = str(block?.cidr);
      const cidr = cidrText ? parseCIDR(cidrText) : undefined;
      if (!block || !cidr) continue;
      list(block.except).forEach((e, k) => {
        const inner = typeof e === 'string' ? parseCIDR(e) : undefined;
        if (!inner || isStrictSubset(inner, cidr)) return;
        const at = [...path, 'ipBlock', 'except', k];
        const why =
          inner.ip.family !== cidr.ip.family
            ? `${e} and ${cidrText} are of different IP families`
            : cidrContains(inner, cidr.ip) && inner.prefix <= cidr.prefix
              ? inner.prefix === cidr.prefix
                ? `${e} is the whole of ${cidrText}, which would exclude everything`
                : `${e} is larger than ${cidrText}`
              : `${e} lies outside ${cidrText}`;
        ctx.report(at, explain(invalid(formatPath(at), e, 'must be a strict subset of `cidr`'), why));
      });
    }
  },
};
