import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

const MODE = 'service.kubernetes.io/topology-mode';
const HINTS = 'service.kubernetes.io/topology-aware-hints';

export const serviceTopologyAnnotationMismatch: Rule = {
  id: 'service-topology-annotation-mismatch',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: `The annotations \`${MODE}\` and the deprecated \`${HINTS}\` are both set, to different values.`,
  source: 'validation.go ValidateService',
  example: `metadata:\n  annotations:\n    ${MODE}: Auto\n    ${HINTS}: Disabled`,
  check(ctx) {
    const a = serviceView(ctx.value).annotations;
    const mode = a[MODE];
    const hints = a[HINTS];
    if (typeof mode !== 'string' || typeof hints !== 'string' || mode === hints) return;
    ctx.report(
      ['metadata', 'annotations', MODE],
      explain(invalid(`metadata.annotations[${MODE}]`, mode, `must match annotations[${HINTS}] when both are specified`), `remove the deprecated ${HINTS}`),
    );
  },
};
