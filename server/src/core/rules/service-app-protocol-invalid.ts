import type { Rule } from './types';
import { invalid } from '../k8s/field';
import { qualifiedName } from '../k8s/names';
import { serviceView } from '../k8s/defaults';
import { str } from '../k8s/values';

export const serviceAppProtocolInvalid: Rule = {
  id: 'service-app-protocol-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A port `appProtocol` is not a qualified name (`http`, `kubernetes.io/h2c`, `example.com/custom`).',
  source: 'validation.go validateServicePort (IsQualifiedName)',
  example: 'ports:\n  - port: 80\n    appProtocol: "http/2"',
  check(ctx) {
    for (const p of serviceView(ctx.value).ports) {
      const ap = str(p.item.appProtocol);
      if (ap === undefined) continue;
      for (const m of qualifiedName(ap)) ctx.report([...p.path, 'appProtocol'], invalid(`spec.ports[${p.index}].appProtocol`, ap, m));
    }
  },
};
