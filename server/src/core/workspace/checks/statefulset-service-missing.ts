import { orphanPairs } from '../orphans';
import { describe, nameList } from '../queries';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'statefulset-service-missing',
  category: 'workspace',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  target: 'workload',
  docs: 'A StatefulSet names in serviceName a Service that does not exist, while a headless Service next to it (same folder or kustomize build, same namespace) is named by no StatefulSet: its pods get no stable DNS names.',
  check(ctx, ref) {
    if (ref.obj.kind !== 'StatefulSet' || !ref.obj.serviceNameAt) return;
    const { services, sets } = orphanPairs(ctx.view, ref);
    if (!sets.includes(ref)) return;
    ctx.report(ref.obj.serviceNameAt, `spec.serviceName: no Service named "${ref.obj.serviceName}" in namespace ${ref.namespace}, but headless ${nameList(services)} exists and no StatefulSet names it: pods get no stable DNS names. A typo?`, {
      related: services.slice(0, MAX_RELATED).map((s) => ctx.related(s, s.obj.at, `headless ${describe(s.obj)}`)),
    });
  },
});
