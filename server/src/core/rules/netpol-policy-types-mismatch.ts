import type { Rule } from './types';
import type { Fix, TextEdit } from '../types';
import { list, obj } from '../k8s/values';
import { removePair } from '../edits';
import { addPolicyType, removePolicyType, writeEgressOnly } from '../fixes/policy-types';

/** A fix, when its edits could be built (an anchor, a merge key or an odd layout may prevent it). */
const fix = (title: string, edits: TextEdit[] | TextEdit | undefined, isPreferred = false): Fix[] =>
  edits ? [{ title, edits: Array.isArray(edits) ? edits : [edits], isPreferred }] : [];

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
          ctx.report(['spec', 'policyTypes', i], `spec.policyTypes[${i}]: "${t}" is listed twice; the second entry has no effect.`, {
            tags: ['unnecessary'],
            fixes: fix(`Remove the duplicate "${t}"`, removePolicyType(ctx.text, ctx.doc, i), true),
          });
        }
        seen.add(t);
      });
      if (egress.length && !types.includes('Egress')) {
        ctx.report(['spec', 'egress'], `spec.egress is ignored: policyTypes does not include "Egress", so ${egress.length === 1 ? 'its rule restricts' : `its ${egress.length} rules restrict`} nothing. Add Egress to policyTypes, or remove the rules.`, {
          on: 'key',
          tags: ['unnecessary'],
          // Neither is certain: adding Egress also cuts every egress the rules do not allow.
          fixes: [
            ...fix('Add Egress to policyTypes (the egress rules then apply, and all other egress is denied)', addPolicyType(ctx.text, ctx.doc, 'Egress')),
            ...fix('Remove the ignored egress rules', removePair(ctx.doc, ctx.text, ['spec', 'egress'])),
          ],
        });
      }
      if (ingress.length && !types.includes('Ingress')) {
        ctx.report(['spec', 'ingress'], `spec.ingress is ignored: policyTypes does not include "Ingress", so ${ingress.length === 1 ? 'its rule allows' : `its ${ingress.length} rules allow`} nothing. Add Ingress to policyTypes, or remove the rules.`, {
          on: 'key',
          tags: ['unnecessary'],
          fixes: [
            ...fix('Add Ingress to policyTypes (the ingress rules then apply, and all other ingress is denied)', addPolicyType(ctx.text, ctx.doc, 'Ingress')),
            ...fix('Remove the ignored ingress rules', removePair(ctx.doc, ctx.text, ['spec', 'ingress'])),
          ],
        });
      }
    } else if (egress.length && !ingress.length) {
      ctx.report(
        ['spec', 'egress'],
        'No policyTypes: with egress rules it defaults to [Ingress, Egress], and without ingress rules ALL ingress to the selected pods is denied. If you meant to restrict egress only, add `policyTypes: [Egress]`.',
        { on: 'key', fixes: fix('Restrict egress only: add policyTypes [Egress]', writeEgressOnly(ctx.text, ctx.doc)) },
      );
    }
  },
};
