import type { Rule } from './types';
import { labelMapProblems } from '../k8s/labels';
import { obj } from '../k8s/values';

export const serviceSelectorInvalid: Rule = {
  id: 'service-selector-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A `spec.selector` key is not a valid label key, or a value is not a valid label value.',
  source: 'validation.go ValidateService (ValidateLabels)',
  example: 'spec:\n  selector:\n    app: my web',
  check(ctx) {
    const selector = obj(ctx.value.spec)?.selector;
    for (const p of labelMapProblems(selector, ['spec', 'selector'])) ctx.report(p.at, p.message, { on: p.on });
  },
};
