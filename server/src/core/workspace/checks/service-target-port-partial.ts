import { describe, nameList } from '../queries';
import { portsBlind } from '../evidence';
import { podPorts, selectedPods } from '../selection';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'service-target-port-partial',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'information',
  target: 'service',
  docs:
    'A named targetPort that some of the selected pods declare and others do not: the EndpointSlice controller resolves the name per pod, so the pods without it get no traffic on that Service port. Often deliberate (a canary, a migration); says which pods are left out.',
  example: 'targetPort: metrics   # only one of the two Deployments the selector matches names a port metrics',
  check(ctx, ref) {
    const selected = selectedPods(ctx.view, ref);
    if (selected.length < 2 || selected.some((w) => !w.obj.portsKnown) || portsBlind([ref, ...selected])) return;
    for (const [i, port] of ref.obj.ports.entries()) {
      const target = port.targetPort;
      if (typeof target !== 'string') continue;
      const missing = selected.filter((w) => !podPorts(w).some((c) => c.name === target));
      if (!missing.length || missing.length === selected.length) continue;
      ctx.report(port.targetAt, `spec.ports[${i}].targetPort: pods of ${nameList(missing)} declare no port named "${target}" and get no traffic on this Service port; the other selected pods do.`, {
        related: missing.slice(0, MAX_RELATED).map((m) => ctx.related(m, m.obj.ports[0]?.at ?? m.obj.podLabelsAt, `containers of ${describe(m.obj)}`)),
      });
    }
  },
});
