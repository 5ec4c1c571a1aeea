import type { Rule } from './types';
import { networkPolicyView } from '../k8s/defaults';
import { selectorProblems } from '../k8s/labels';

export const netpolSelectorInvalid: Rule = {
  id: 'netpol-selector-invalid',
  category: 'api-server',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'A `podSelector` or `namespaceSelector` is invalid: a bad label key or value in `matchLabels` or `matchExpressions`, `values` missing for `In`/`NotIn`, or `values` given for `Exists`/`DoesNotExist`.',
  source: 'apimachinery ValidateLabelSelector (AllowInvalidLabelValueInSelector=false)',
  example: 'podSelector:\n  matchExpressions:\n    - {key: app, operator: In}',
  check(ctx) {
    for (const s of networkPolicyView(ctx.value).selectors) {
      for (const p of selectorProblems(s.selector, s.path)) ctx.report(p.at, p.message, { on: p.on });
    }
  },
};
