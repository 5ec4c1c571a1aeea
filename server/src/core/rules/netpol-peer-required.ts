import type { Rule } from './types';
import { explain, required } from '../k8s/field';
import { networkPolicyView } from '../k8s/defaults';
import { formatPath } from '../yaml/path';

const PEER_KEYS = ['podSelector', 'namespaceSelector', 'ipBlock'];

export const netpolPeerRequired: Rule = {
  id: 'netpol-peer-required',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'A `from`/`to` entry names no peer: it has none of `podSelector`, `namespaceSelector`, `ipBlock` (or only null ones). To allow everyone, omit `from`/`to` instead.',
  source: 'networking validation.go ValidateNetworkPolicyPeer',
  example: 'ingress:\n  - from:\n      - {}',
  check(ctx) {
    for (const { path, peer } of networkPolicyView(ctx.value).peers) {
      // A null selector decodes to nil, which is no peer at all.
      if (PEER_KEYS.some((k) => peer[k] !== undefined && peer[k] !== null)) continue;
      ctx.report(path, explain(required(formatPath(path), 'must specify a peer'), 'use podSelector, namespaceSelector or ipBlock; to allow all sources, leave out `from`/`to`'));
    }
  },
};
