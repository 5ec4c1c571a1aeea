import type { Rule } from './types';
import { list, obj } from '../k8s/values';

// The API server's own warnings (pkg/api/service/warnings.go): externalIPs do nothing on an ExternalName Service
// (a DNS CNAME) or a headless Service (no virtual IP to route to).
export const serviceExternalIpsIgnored: Rule = {
  id: 'service-external-ips-ignored',
  category: 'best-practice',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  docs: '`spec.externalIPs` on an ExternalName or headless Service is ignored; the API server warns on apply.',
  source: 'pkg/api/service/warnings.go GetWarningsForService',
  example: 'type: ExternalName\nexternalName: db.example.com\nexternalIPs: [203.0.113.10]',
  check(ctx) {
    const spec = obj(ctx.value.spec);
    if (!spec || list(spec.externalIPs).length === 0) return;
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') {
      ctx.report(['spec', 'externalIPs'], 'spec.externalIPs is ignored when spec.type is "ExternalName"', { on: 'key', tags: ['unnecessary'] });
    } else if (type === 'ClusterIP' && spec.clusterIP === 'None') {
      ctx.report(['spec', 'externalIPs'], 'spec.externalIPs is ignored for headless services', { on: 'key', tags: ['unnecessary'] });
    }
  },
};
