import type { Rule } from './types';
import type { Fix } from '../types';
import { explain, invalid } from '../k8s/field';
import { networkPolicyView } from '../k8s/defaults';
import { int } from '../k8s/values';
import { replaceValue } from '../edits';
import { formatPath } from '../yaml/path';

export const netpolEndPortInvalid: Rule = {
  id: 'netpol-end-port-invalid',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: '`endPort` is below `port`, or is set while `port` is missing or a named port (quick fix: raise `endPort` to `port`).',
  source: 'networking validation.go ValidateNetworkPolicyPort',
  example: 'ports:\n  - port: 8080\n    endPort: 80',
  check(ctx) {
    for (const { path, port } of networkPolicyView(ctx.value).ports) {
      const end = int(port.endPort);
      if (end === undefined) continue;
      const at = [...path, 'endPort'];
      const where = formatPath(at);
      const p = port.port;
      if (p === undefined || p === null) {
        ctx.report(at, explain(invalid(where, end, 'may not be specified when `port` is not specified'), 'endPort ends a range that starts at port'), { on: 'key' });
      } else if (typeof p === 'string') {
        ctx.report(at, explain(invalid(where, end, 'may not be specified when `port` is non-numeric'), 'a range needs a numeric port'), { on: 'key' });
      } else if (typeof p === 'number' && Number.isInteger(p) && end < p) {
        const edit = replaceValue(ctx.doc, at, String(p));
        const fixes: Fix[] = edit ? [{ title: `Raise endPort to ${p}`, edits: [edit], isPreferred: true }] : [];
        // The server prints `port`'s value here, not endPort's.
        ctx.report(at, explain(invalid(where, p, 'must be greater than or equal to `port`'), `the range ${p}-${end} is empty`), { fixes });
      }
    }
  },
};
