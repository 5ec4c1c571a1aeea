import { orphanPairs } from '../orphans';
import { describe, nameList } from '../queries';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'service-headless-no-statefulset',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  target: 'service',
  docs: 'A headless Service that no StatefulSet names in serviceName, while a StatefulSet next to it (same folder or kustomize build, same namespace) names a Service that does not exist: likely a typo on one side.',
  check(ctx, ref) {
    if (!ref.obj.headless) return;
    const { services, sets } = orphanPairs(ctx.view, ref);
    if (!services.includes(ref)) return;
    ctx.report(ref.obj.at, `No StatefulSet names this headless Service in spec.serviceName, while ${nameList(sets)} names ${[...new Set(sets.map((s) => `"${s.obj.serviceName}"`))].join(', ')}, which does not exist: pods get no stable DNS names (such as ${sets[0].obj.name}-0.${ref.obj.name}). A typo?`, {
      related: sets.slice(0, MAX_RELATED).map((s) => ctx.related(s, s.obj.serviceNameAt ?? s.obj.at, `serviceName of ${describe(s.obj)}`)),
    });
  },
});
