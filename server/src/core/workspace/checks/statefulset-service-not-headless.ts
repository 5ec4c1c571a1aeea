import { describe } from '../queries';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'statefulset-service-not-headless',
  category: 'workspace',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  target: 'workload',
  docs: 'A StatefulSet names in serviceName a Service that exists but is not headless (`clusterIP: None`): DNS publishes per-pod names (`<pod>.<service>.<namespace>.svc`) only for headless Services, so the pods get no stable names. Not reported when a headless Service of that name exists anywhere in the workspace (an alternative variant).',
  example: 'serviceName: db   # Service db has a cluster IP',
  check(ctx, ref) {
    const w = ref.obj;
    if (w.kind !== 'StatefulSet' || !w.serviceName || !w.serviceNameAt) return;
    const named = ctx.view.servicesNamed(ref.namespace, w.serviceName);
    if (!named.length || named.some((s) => s.obj.headless || s.obj.serviceType === 'ExternalName')) return;
    ctx.report(w.serviceNameAt, `spec.serviceName: Service ${w.serviceName} is not headless (no clusterIP: None): its pods get no per-pod DNS names such as ${w.name}-0.${w.serviceName}.${ref.namespace}.svc.`, {
      related: named.slice(0, MAX_RELATED).map((o) => ctx.related(o, o.obj.at, `${describe(o.obj)}, not headless`)),
    });
  },
});
