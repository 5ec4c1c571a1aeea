import type { Rule } from './types';
import { explain, invalid, required } from '../k8s/field';
import { dns1123Subdomain } from '../k8s/names';
import { serviceView } from '../k8s/defaults';
import { obj } from '../k8s/values';

export const serviceExternalNameInvalid: Rule = {
  id: 'service-external-name-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'An ExternalName Service has no `externalName`, or it is not a lowercase DNS name (one trailing dot is allowed).',
  source: 'validation.go ValidateService (ValidateDNS1123Subdomain)',
  example: 'spec:\n  type: ExternalName\n  externalName: My_DB.example.com',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type !== 'ExternalName') return;
    const raw = obj(ctx.value.spec)?.externalName;
    if (raw !== undefined && raw !== null && typeof raw !== 'string') return;
    // The value is a CNAME target and may be written fully qualified, with one trailing dot.
    const cname = (raw ?? '').replace(/\.$/, '');
    if (cname === '') {
      ctx.report(['spec', 'externalName'], explain(required('spec.externalName'), 'an ExternalName Service needs the DNS name it aliases'));
      return;
    }
    for (const m of dns1123Subdomain(cname)) ctx.report(['spec', 'externalName'], invalid('spec.externalName', cname, m));
  },
};
