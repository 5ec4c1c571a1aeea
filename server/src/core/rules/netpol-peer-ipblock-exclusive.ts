import type { Rule } from './types';
import { explain, forbidden } from '../k8s/field';
import { networkPolicyView } from '../k8s/defaults';
import { formatPath } from '../yaml/path';

export const netpolPeerIpblockExclusive: Rule = {
  id: 'netpol-peer-ipblock-exclusive',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'A peer combines `ipBlock` with `podSelector` or `namespaceSelector`; ipBlock must be a peer of its own (podSelector with namespaceSelector together is fine).',
  source: 'networking validation.go ValidateNetworkPolicyPeer',
  example: 'from:\n  - ipBlock: {cidr: 10.0.0.0/8}\n    podSelector: {}',
  check(ctx) {
    for (const { path, peer } of networkPolicyView(ctx.value).peers) {
      const set = (k: string) => peer[k] !== undefined && peer[k] !== null;
      if (!set('ipBlock') || (!set('podSelector') && !set('namespaceSelector'))) continue;
      ctx.report(
        [...path, 'ipBlock'],
        explain(forbidden(formatPath(path), 'may not specify both ipBlock and another peer'), 'make the ipBlock a separate list item (`- ipBlock: ...`)'),
        { on: 'key' },
      );
    }
  },
};
