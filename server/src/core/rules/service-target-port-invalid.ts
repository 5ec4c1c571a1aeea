import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { portName } from '../k8s/names';
import { serviceView } from '../k8s/defaults';

export const serviceTargetPortInvalid: Rule = {
  id: 'service-target-port-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A named `targetPort` is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and single hyphens, with at least one letter). A quoted number like `"8080"` is a name, not a number.',
  source: 'validation.go ValidatePortNumOrName (IsValidPortName)',
  example: 'ports:\n  - port: 80\n    targetPort: "8080"',
  check(ctx) {
    for (const p of serviceView(ctx.value).ports) {
      if (typeof p.targetPort !== 'string') continue;
      const name = p.targetPort;
      for (const m of portName(name)) {
        const message = invalid(`spec.ports[${p.index}].targetPort`, name, m);
        ctx.report(
          [...p.path, 'targetPort'],
          /^[0-9]+$/.test(name) ? explain(message, `a quoted number is a port name; write ${name} without quotes`) : message,
        );
      }
    }
  },
};
