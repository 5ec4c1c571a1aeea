import { describe, nameList } from '../queries';
import { portsBlind } from '../evidence';
import { podPorts, selectedPods } from '../selection';
import { defineCheck, MAX_RELATED } from './types';

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

export default defineCheck({
  id: 'service-port-protocol-mismatch',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  target: 'service',
  docs: 'The Service port protocol differs from the protocol of every container port it targets (a UDP Service in front of a TCP-only container).',
  example: 'protocol: UDP   # containerPort 53 is TCP',
  check(ctx, ref) {
    const selected = selectedPods(ctx.view, ref).filter((w) => w.obj.portsKnown);
    if (!selected.length || portsBlind([ref, ...selected])) return;
    for (const [i, port] of ref.obj.ports.entries()) {
      const target = port.targetPort;
      if (target === undefined) continue;
      const found = selected.flatMap((w) => podPorts(w).filter((c) => (typeof target === 'string' ? c.name === target : c.port === target)).map((c) => ({ w, c })));
      const wrong = found.filter((x) => x.c.protocol !== port.protocol);
      if (!wrong.length || wrong.length !== found.length) continue;
      // An unsupported value (`tcp`) is the schema check's error already; comparing it would only add noise.
      if (!PROTOCOLS.has(port.protocol) || wrong.some((x) => !PROTOCOLS.has(x.c.protocol))) continue;
      const c = wrong[0].c;
      ctx.report(port.protocolAt, `spec.ports[${i}].protocol: the Service port is ${port.protocol} but container port ${c.name ?? c.port} of ${nameList(wrong.map((x) => x.w))} is ${c.protocol}: ${port.protocol} traffic reaches no ${port.protocol} listener.`, {
        related: wrong.slice(0, MAX_RELATED).map((x) => ctx.related(x.w, x.w.obj.ports.includes(x.c) ? x.c.at : x.w.obj.podLabelsAt, `${x.c.protocol} port of ${describe(x.w.obj)}`)),
      });
    }
  },
});
