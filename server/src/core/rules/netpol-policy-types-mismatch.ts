import type { Rule } from './types';
import { list, obj } from '../k8s/values';

// policyTypes decides which directions a policy restricts; rules for the other direction are silently ignored,
// and leaving policyTypes out with egress rules defaults it to [Ingress, Egress] (SetDefaults_NetworkPolicySpec),
// which denies all ingress when there is no ingress rule. The API server accepts all of this without a word.
export const netpolPolicyTypesMismatch: Rule = {
  id: 'netpol-policy-types-mismatch',
  category: 'best-practice',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'warning',
  docs: 'policyTypes disagrees with the rules: `[Ingress]` with egress rules (ignored), `[Egress]` with ingress rules (ignored), egress rules without policyTypes (defaulted to [Ingress, Egress]: all ingress is denied unless ingress rules exist), or a type listed twice.',
  source: 'networking/v1 defaults.go SetDefaults_NetworkPolicySpec',
  example: 'policyTypes: [Ingress]\negress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]',
  check(ctx) {
    const spec = obj(ctx.value.spec);
    if (!spec) return;
    const types = list(spec.policyTypes);
    const written = types.length > 0;
    const ingress = list(spec.ingress);
    const egress = list(spec.egress);
    if (written) {
      const seen = new Set<unknown>();
      types.forEach((t, i) => {
        if (typeof t === 'string' && seen.has(t)) {
          ctx.report(['spec', 'policyTypes', i], `spec.policyTypes[${i}]: "${t}" is listed twice; the second entry has no effect.`, { tags: ['unnecessary'] });
        }
        seen.add(t);
      });
      if (egress.length && !types.includes('Egress')) {
        ctx.report(['spec', 'egress'], `spec.egress is ignored: policyTypes does not include "Egress", so ${egress.length === 1 ? 'its rule restricts' : `its ${egress.length} rules restrict`} nothing. Add Egress to policyTypes, or remove the rules.`, {
          on: 'key',
          tags: ['unnecessary'],
        });
      }
      if (ingress.length && !types.includes('Ingress')) {
        ctx.report(['spec', 'ingress'], `spec.ingress is ignored: policyTypes does not include "Ingress", so ${ingress.length === 1 ? 'its rule allows' : `its ${ingress.length} rules allow`} nothing. Add Ingress to policyTypes, or remove the rules.`, {
          on: 'key',
          tags: ['unnecessary'],
        });
      }
    } else if (egress.length && !ingress.length) {
      ctx.report(
        ['spec', 'egress'],
        'No policyTypes: with egress rules it defaults to [Ingress, Egress], and without ingress rules ALL ingress to the selected pods is denied. If you meant to restrict egress only, add `policyTypes: [Egress]`.',
        { on: 'key' },
      );
    }
  },
};
