import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { dns1123Label } from '../k8s/names';
import { serviceView } from '../k8s/defaults';

export const servicePortNameInvalid: Rule = {
  id: 'service-port-name-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A Service port name is not a DNS-1123 label (lowercase letters, digits and `-`, at most 63 characters). Unlike container port names, digits-only and long names are fine.',
  source: 'validation.go validateServicePort (ValidateDNS1123Label)',
  example: 'ports:\n  - name: HTTP_Web\n    port: 80',
  check(ctx) {
    for (const p of serviceView(ctx.value).ports) {
      if (!p.name) continue;
      for (const m of dns1123Label(p.name)) {
        const hint = /[A-Z]/.test(p.name) && dns1123Label(p.name.toLowerCase()).length === 0 ? `write it in lowercase: "${p.name.toLowerCase()}"` : '';
        const message = invalid(`spec.ports[${p.index}].name`, p.name, m);
        ctx.report([...p.path, 'name'], hint ? explain(message, hint) : message);
      }
    }
  },
};
