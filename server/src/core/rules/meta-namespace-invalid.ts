import type { Rule } from './types';
import { invalid } from '../k8s/field';
import { dns1123Label } from '../k8s/names';
import { obj, str } from '../k8s/values';

export const metaNamespaceInvalid: Rule = {
  id: 'meta-namespace-invalid',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'The namespace is not a DNS-1123 label (lowercase letters, digits and `-`, at most 63 characters). A missing namespace is fine: kubectl fills in the current one.',
  source: 'apimachinery objectmeta.go ValidateObjectMeta (ValidateNamespaceName)',
  example: 'metadata:\n  namespace: Team_A',
  check(ctx) {
    const ns = str(obj(ctx.value.metadata)?.namespace);
    if (!ns) return;
    for (const m of dns1123Label(ns)) ctx.report(['metadata', 'namespace'], invalid('metadata.namespace', ns, m));
  },
};
