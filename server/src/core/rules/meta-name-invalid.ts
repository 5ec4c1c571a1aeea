import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { dns1035Label, dns1123Label, dns1123Subdomain } from '../k8s/names';
import { gateEnabled, gateSince } from '../k8s/version';
import { obj, str } from '../k8s/values';

export const metaNameInvalid: Rule = {
  id: 'meta-name-invalid',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs:
    'The name (or `generateName` prefix) is not a valid object name: a Service name is a DNS-1035 label (lowercase, starts with a letter, at most 63 characters; a leading digit is allowed from Kubernetes 1.36, setting `kubernetesVersion`), a NetworkPolicy name a DNS-1123 subdomain.',
  source: 'validation.go ValidateServiceName (NameIsDNS1035Label, RelaxedServiceNameValidation), networking ValidateNetworkPolicyName',
  example: 'metadata:\n  name: My_Service',
  check(ctx) {
    const meta = obj(ctx.value.metadata);
    const generateName = str(meta?.generateName);
    if (generateName) {
      // A prefix may end in '-': the server masks it before checking (maskTrailingDash).
      const masked = generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
      const check = ctx.kind === 'NetworkPolicy' ? dns1123Subdomain : gateEnabled('RelaxedServiceNameValidation', ctx.options.kubernetesVersion) ? dns1123Label : dns1035Label;
      for (const m of check(masked)) ctx.report(['metadata', 'generateName'], invalid('metadata.generateName', generateName, m));
    }
    const name = str(meta?.name);
    if (!name) return;
    if (ctx.kind === 'NetworkPolicy') {
      for (const m of dns1123Subdomain(name)) ctx.report(['metadata', 'name'], invalid('metadata.name', name, m));
      return;
    }
    const version = ctx.options.kubernetesVersion;
    const relaxed = gateEnabled('RelaxedServiceNameValidation', version);
    const errs = relaxed ? dns1123Label(name) : dns1035Label(name);
    for (const m of errs) {
      const onlyLeadingDigit = !relaxed && dns1123Label(name).length === 0;
      const message = onlyLeadingDigit
        ? explain(
            invalid('metadata.name', name, m),
            `a Service name must start with a letter before Kubernetes ${gateSince('RelaxedServiceNameValidation')} (feature gate RelaxedServiceNameValidation); this check assumes Kubernetes ${version} (setting k8sNetworkLens.kubernetesVersion)`,
          )
        : invalid('metadata.name', name, m);
      ctx.report(['metadata', 'name'], message);
    }
  },
};
