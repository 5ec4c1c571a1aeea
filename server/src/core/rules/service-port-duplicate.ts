import type { Rule } from './types';
import { explain } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

export const servicePortDuplicate: Rule = {
  id: 'service-port-duplicate',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'Two ports of a Service have the same port number and protocol (TCP 53 and UDP 53 together are fine). An omitted protocol is TCP.',
  source: 'validation.go ValidateService',
  example: 'ports:\n  - {name: a, port: 80}\n  - {name: b, port: 80}',
  check(ctx) {
    const seen = new Map<string, number>();
    for (const p of serviceView(ctx.value).ports) {
      if (p.port === undefined || p.protocol === undefined) continue;
      const key = `${p.protocol}/${p.port}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, p.index);
        continue;
      }
      // The server prints the whole Go struct; the protocol and port are what matter.
      ctx.report(
        [...p.path, 'port'],
        explain(`spec.ports[${p.index}]: Duplicate value: {"protocol":"${p.protocol}","port":${p.port}}`, `spec.ports[${first}] already exposes ${p.port}/${p.protocol}`),
        { related: [{ ...ctx.span(['spec', 'ports', first, 'port']), message: 'first use of this port' }] },
      );
    }
  },
};
