import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { clusterIPsPath, serviceView } from '../k8s/defaults';
import { INVALID_IP, parseIP } from '../k8s/ip';

export const serviceClusterIpsInvalid: Rule = {
  id: 'service-cluster-ips-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`clusterIP`/`clusterIPs` are inconsistent or invalid: not an IP address, `clusterIPs[0]` differs from `clusterIP`, `clusterIPs` without `clusterIP`, `None` next to another value, two IPs of one family, or an IP of the wrong family for `ipFamilies[i]`.',
  source: 'validation.go ValidateServiceClusterIPsRelatedFields',
  example: 'spec:\n  clusterIP: 10.0.0.10\n  clusterIPs: [10.0.0.11]',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type === 'ExternalName') return;
    const ips = v.clusterIPs;
    if (v.clusterIP !== '' && v.clusterIPsWritten && ips[0] !== v.clusterIP) {
      ctx.report(['spec', 'clusterIPs'], explain(invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'), 'clusterIPs[0] is the primary cluster IP; keep it equal to clusterIP'), {
        on: 'key',
      });
    }
    if (v.clusterIP === '' && ips.length > 0) {
      ctx.report(
        ['spec', 'clusterIPs'],
        explain(invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'), 'set clusterIP to the first value as well'),
        { on: 'key' },
      );
    }
    let bad = false;
    const parsed = ips.map((ip, i) => {
      if (typeof ip !== 'string') {
        bad = true;
        return undefined;
      }
      if (i === 0 && ip === 'None') {
        if (ips.length > 1) {
          bad = true;
          ctx.report(clusterIPsPath(v), invalid('spec.clusterIPs', ips, "'None' must be the first and only value"), { on: 'key' });
        }
        return undefined;
      }
      const p = parseIP(ip);
      if (!p) {
        bad = true;
        ctx.report(clusterIPsPath(v, i), invalid(`spec.clusterIPs[${i}]`, ip, INVALID_IP));
      }
      return p;
    });
    // Like the server, stop before the family checks when an entry is already invalid: they would only add noise.
    if (bad) return;
    if (ips.length === 2 && parsed[0] && parsed[1] && parsed[0].family === parsed[1].family) {
      ctx.report(
        clusterIPsPath(v),
        explain(invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'), 'a dual-stack Service has one IPv4 and one IPv6 address'),
        { on: 'key' },
      );
    }
    if (v.headless) return;
    parsed.forEach((p, i) => {
      const family = v.ipFamilies[i];
      if (!p || (family !== 'IPv4' && family !== 'IPv6')) return;
      const want = family === 'IPv4' ? 4 : 6;
      if (p.family !== want) {
        ctx.report(clusterIPsPath(v, i), invalid(`spec.clusterIPs[${i}]`, ips[i], `expected an ${family} value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  },
};
