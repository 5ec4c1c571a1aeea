import type { Rule } from './types';
import { explain, forbidden } from '../k8s/field';
import { clusterIPsPath, serviceView } from '../k8s/defaults';
import { obj } from '../k8s/values';

export const serviceExternalNameClusterIp: Rule = {
  id: 'service-external-name-cluster-ip',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'An ExternalName Service sets `clusterIP`/`clusterIPs`, `ipFamilies` or `ipFamilyPolicy`; it is only a DNS CNAME and gets no IP.',
  source: 'validation.go ValidateService',
  example: 'spec:\n  type: ExternalName\n  externalName: db.example.com\n  clusterIP: 10.0.0.10',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type !== 'ExternalName') return;
    const why = 'an ExternalName Service is a DNS alias without an IP';
    if (v.clusterIPs.length > 0) ctx.report(clusterIPsPath(v), explain(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'), why), { on: 'key' });
    if (v.ipFamilies.length > 0) ctx.report(['spec', 'ipFamilies'], explain(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'), why), { on: 'key' });
    const policy = obj(ctx.value.spec)?.ipFamilyPolicy;
    if (policy !== undefined && policy !== null) {
      ctx.report(['spec', 'ipFamilyPolicy'], explain(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'), why), { on: 'key' });
    }
  },
};
