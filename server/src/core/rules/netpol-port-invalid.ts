import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { portName } from '../k8s/names';
import { networkPolicyView } from '../k8s/defaults';
import { formatPath } from '../yaml/path';

export const netpolPortInvalid: Rule = {
  id: 'netpol-port-invalid',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'A named `port` is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and single hyphens, with at least one letter). A quoted number like `"53"` is a name, not a number.',
  source: 'networking validation.go ValidateNetworkPolicyPort (IsValidPortName)',
  example: 'ports:\n  - port: "8080"',
  check(ctx) {
    for (const { path, port } of networkPolicyView(ctx.value).ports) {
      if (typeof port.port !== 'string') continue;
      const name = port.port;
      for (const m of portName(name)) {
        const message = invalid(formatPath([...path, 'port']), name, m);
        ctx.report([...path, 'port'], /^[0-9]+$/.test(name) ? explain(message, `a quoted number is a port name; write ${name} without quotes`) : message);
      }
    }
  },
};
