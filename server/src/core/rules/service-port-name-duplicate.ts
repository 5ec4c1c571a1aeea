import type { Rule } from './types';
import { duplicate, explain } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

export const servicePortNameDuplicate: Rule = {
  id: 'service-port-name-duplicate',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'Two ports of a Service have the same name (even with different protocols).',
  source: 'validation.go validateServicePort',
  example: 'ports:\n  - {name: web, port: 80}\n  - {name: web, port: 443}',
  check(ctx) {
    const seen = new Map<string, number>();
    for (const p of serviceView(ctx.value).ports) {
      if (!p.name) continue;
      const first = seen.get(p.name);
      if (first === undefined) {
        seen.set(p.name, p.index);
        continue;
      }
      ctx.report([...p.path, 'name'], explain(duplicate(`spec.ports[${p.index}].name`, p.name), `spec.ports[${first}] already uses this name`), {
        related: [{ ...ctx.span(['spec', 'ports', first, 'name']), message: 'first use of the name' }],
      });
    }
  },
};
