import type { Rule } from './types';
import { isObj, list, obj } from '../k8s/values';

// `namespaceSelector: {}` selects every namespace, kube-system and namespaces created later included: often
// broader than meant. The well-known exception is DNS egress (a rule whose ports are all the DNS port), which
// would be noise to report.
export const netpolNamespaceSelectorAll: Rule = {
  id: 'netpol-namespace-selector-all',
  category: 'best-practice',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'information',
  docs: '`namespaceSelector: {}` selects every namespace (kube-system and future namespaces included). Prefer `matchLabels: {kubernetes.io/metadata.name: <ns>}`. Not reported on rules that only open the DNS port.',
  source: 'NetworkPolicyPeer semantics',
  example: 'from:\n  - namespaceSelector: {}',
  check(ctx) {
    const spec = obj(ctx.value.spec);
    if (!spec) return;
    for (const [dir, key] of [['ingress', 'from'], ['egress', 'to']] as const) {
      list(spec[dir]).forEach((rule, i) => {
        const r = obj(rule);
        if (!r) return;
        const ports = list(r.ports);
        if (ports.length && ports.every((p) => isObj(p) && (p.port === ctx.options.dns.port || p.port === 'dns' || p.port === 'dns-tcp'))) return;
        list(r[key]).forEach((peer, j) => {
          const ns = obj(obj(peer)?.namespaceSelector);
          if (!ns || list(ns.matchExpressions).length || Object.keys(obj(ns.matchLabels) ?? {}).length) return;
          const pods = obj(obj(peer)?.podSelector);
          const what = pods ? 'the pods its podSelector selects in EVERY namespace' : 'every pod of EVERY namespace';
          ctx.report(['spec', dir, i, key, j, 'namespaceSelector'], `spec.${dir}[${i}].${key}[${j}].namespaceSelector: {} selects all namespaces, so this peer is ${what} (kube-system and namespaces created later included). Name the namespaces with matchLabels, e.g. kubernetes.io/metadata.name.`, {
            on: 'key',
          });
        });
      });
    }
  },
};
