import type { Rule } from './types';
import { labelMapProblems } from '../k8s/labels';
import { obj } from '../k8s/values';

export const metaLabelsInvalid: Rule = {
  id: 'meta-labels-invalid',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'A label key is not a qualified name (`[prefix/]name`, name at most 63 characters) or a label value is not a valid label value (at most 63 alphanumerics, `-`, `_`, `.`).',
  source: 'apimachinery ValidateLabels (IsQualifiedName, IsValidLabelValue)',
  example: 'metadata:\n  labels:\n    app: my app',
  check(ctx) {
    const labels = obj(ctx.value.metadata)?.labels;
    for (const p of labelMapProblems(labels, ['metadata', 'labels'])) ctx.report(p.at, p.message, { on: p.on });
  },
};
