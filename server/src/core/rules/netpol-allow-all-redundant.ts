import type { Rule } from './types';
import { isObj, list, obj } from '../k8s/values';

// `- {}` in ingress/egress allows all traffic in that direction (no peers = everyone, no ports = every port):
// next to it, every other rule of the same direction adds nothing. Usually a leftover of a broader policy.
const PEERS = { ingress: 'from', egress: 'to' } as const;

function allowsAll(rule: unknown, peersKey: string): boolean {
  return isObj(rule) && list(rule[peersKey]).length === 0 && list(rule.ports).length === 0;
}

export const netpolAllowAllRedundant: Rule = {
  id: 'netpol-allow-all-redundant',
  category: 'best-practice',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'information',
  docs: 'An `ingress: [{}]` / `egress: [{}]` rule (no peers, no ports: allow all) next to other rules of the same direction: the others are redundant. (`from: []` or no `from` = every source; `ingress: []` = none.)',
  source: 'NetworkPolicy semantics (rules are ORed)',
  example: 'ingress:\n  - {}\n  - from: [{podSelector: {matchLabels: {app: web}}}]',
  check(ctx) {
    const spec = obj(ctx.value.spec);
    if (!spec) return;
    for (const dir of ['ingress', 'egress'] as const) {
      const rules = list(spec[dir]);
      if (rules.length < 2) continue;
      const all = rules.findIndex((r) => allowsAll(r, PEERS[dir]));
      if (all < 0) continue;
      rules.forEach((r, i) => {
        if (i === all || allowsAll(r, PEERS[dir])) return;
        ctx.report(['spec', dir, i], `spec.${dir}[${i}] is redundant: spec.${dir}[${all}] (no ${PEERS[dir]}, no ports) already allows all ${dir} traffic of the selected pods.`, {
          tags: ['unnecessary'],
        });
      });
    }
  },
};
