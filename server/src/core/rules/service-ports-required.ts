import type { Rule } from './types';
import { explain, required } from '../k8s/field';
import { serviceView } from '../k8s/defaults';
import { obj } from '../k8s/values';

export const servicePortsRequired: Rule = {
  id: 'service-ports-required',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'The Service has no ports; only a headless (`clusterIP: None`) or ExternalName Service may omit them.',
  source: 'validation.go ValidateService',
  example: 'spec:\n  selector: {app: web}',
  check(ctx) {
    const v = serviceView(ctx.value);
    const ports = obj(ctx.value.spec)?.ports;
    // A `ports` of the wrong type is the schema's; an unknown type is spec.type's problem.
    if (v.type === undefined || (ports !== undefined && ports !== null && !Array.isArray(ports))) return;
    if ((Array.isArray(ports) && ports.length > 0) || v.headless || v.type === 'ExternalName') return;
    ctx.report(['spec', 'ports'], explain(required('spec.ports'), 'a Service needs at least one port unless it is headless (clusterIP: None) or of type ExternalName'));
  },
};
