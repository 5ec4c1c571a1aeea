import type { Rule } from './types';
import { explain, invalid, required } from '../k8s/field';
import { INVALID_CIDR, parseCIDR, parseIP } from '../k8s/ip';
import { networkPolicyView } from '../k8s/defaults';
import { list, obj } from '../k8s/values';
import { formatPath } from '../yaml/path';
import type { Path } from '../types';

export const netpolCidrInvalid: Rule = {
  id: 'netpol-cidr-invalid',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'An `ipBlock.cidr` is empty, or `cidr` or an `except` entry is not a CIDR (a bare IP needs a prefix length such as `/32`).',
  source: 'networking validation.go ValidateIPBlock (IsValidCIDRForLegacyField)',
  example: 'ipBlock:\n  cidr: 10.0.0.1',
  check(ctx) {
    const bad = (at: Path, value: string) => {
      const message = invalid(formatPath(at), value, INVALID_CIDR);
      const ip = parseIP(value);
      ctx.report(at, ip ? explain(message, `a single address needs a prefix length: ${value}/${value.includes(':') ? 128 : 32}`) : message);
    };
    for (const { path, peer } of networkPolicyView(ctx.value).peers) {
      const block = obj(peer.ipBlock);
      if (!block) continue;
      const at = [...path, 'ipBlock'];
      const cidr = block.cidr;
      if (cidr === '') {
        ctx.report([...at, 'cidr'], explain(required(formatPath([...at, 'cidr'])), 'an ipBlock needs the address range it allows'));
        continue;
      }
      if (typeof cidr !== 'string') continue;
      if (!parseCIDR(cidr)) {
        bad([...at, 'cidr'], cidr);
        // The server checks `except` only against a valid cidr.
        continue;
      }
      list(block.except).forEach((e, k) => {
        if (typeof e === 'string' && !parseCIDR(e)) bad([...at, 'except', k], e);
      });
    }
  },
};
