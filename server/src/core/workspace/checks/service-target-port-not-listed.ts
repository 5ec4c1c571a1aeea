import { describe } from '../queries';
import { portsBlind } from '../evidence';
import { podPorts, portsList, selectedPods } from '../selection';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'service-target-port-not-listed',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'information',
  target: 'service',
  docs: 'A numeric targetPort that the selected pods do not list while they list other container ports. containerPort is informational, so this may work; often it is a typo.',
  example: 'targetPort: 8008   # containers list 8080',
  check(ctx, ref) {
    const listing = selectedPods(ctx.view, ref).filter((w) => w.obj.portsKnown && podPorts(w).length > 0);
    if (!listing.length || portsBlind([ref, ...listing])) return;
    for (const [i, port] of ref.obj.ports.entries()) {
      const target = port.targetPort;
      if (typeof target !== 'number') continue;
      const missing = listing.filter((w) => !podPorts(w).some((c) => c.port === target));
      if (!missing.length) continue;
      ctx.report(port.targetAt, `spec.ports[${i}].targetPort: ${target} is not among the container ports of ${portsList(missing)}. containerPort is informational, so this works if the process listens on ${target}; check the number.`, {
        related: missing.slice(0, MAX_RELATED).map((m) => ctx.related(m, m.obj.ports[0]?.at ?? m.obj.podLabelsAt, `container ports of ${describe(m.obj)}`)),
      });
    }
  },
});
