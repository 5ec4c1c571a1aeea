import { describe } from '../queries';
import { portsBlind } from '../evidence';
import { podPorts, portsList, selectedPods } from '../selection';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'service-target-port-unknown',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  target: 'service',
  docs:
    'A named targetPort that no container of the selected pods declares as a port name: the EndpointSlice controller finds no port for it on any pod, so traffic to that Service port finds no endpoint. The pods are those of the nearest workloads the selector matches (same file, folder, kustomize build); pods whose containers cannot be read (an operator\'s) are never judged.',
  example: 'targetPort: http   # containers declare only `containerPort: 8080`',
  check(ctx, ref) {
    const selected = selectedPods(ctx.view, ref);
    if (!selected.length || selected.some((w) => !w.obj.portsKnown) || portsBlind([ref, ...selected])) return;
    for (const [i, port] of ref.obj.ports.entries()) {
      const target = port.targetPort;
      if (typeof target !== 'string') continue;
      if (selected.some((w) => podPorts(w).some((c) => c.name === target))) continue;
      ctx.report(port.targetAt, `spec.ports[${i}].targetPort: no container of the selected pods declares a port named "${target}" (${portsList(selected)}): traffic to this Service port finds no endpoint.`, {
        related: selected.slice(0, MAX_RELATED).map((m) => ctx.related(m, m.obj.ports[0]?.at ?? m.obj.podLabelsAt, `containers of ${describe(m.obj)}`)),
      });
    }
  },
});
