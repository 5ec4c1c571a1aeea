import { sameBuild } from '../evidence';
import { describe, nameList } from '../queries';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'service-duplicate-node-port',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  target: 'service',
  docs: 'Two Services applied together (one file, or one kustomize build) use the same nodePort; node ports are cluster-wide, so the second is rejected ("provided port is already allocated").',
  check(ctx, ref) {
    for (const [i, p] of ref.obj.ports.entries()) {
      if (p.nodePort === undefined || !p.nodePortAt) continue;
      const clash = ctx.view.servicesWithNodePort(p.nodePort).filter((x) => x.o !== ref && (x.o.file === ref.file || sameBuild(ref, x.o)));
      if (!clash.length) continue;
      ctx.report(p.nodePortAt, `spec.ports[${i}].nodePort: ${p.nodePort} is also used by ${nameList(clash.map((x) => x.o))}: node ports are unique in the whole cluster, so the second Service is rejected with "provided port is already allocated".`, {
        related: clash.slice(0, MAX_RELATED).map((x) => ctx.related(x.o, x.q.nodePortAt!, `nodePort of ${describe(x.o.obj)}`)),
      });
    }
  },
});
