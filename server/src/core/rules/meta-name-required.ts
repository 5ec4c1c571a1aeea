import type { Rule } from './types';
import { explain, required } from '../k8s/field';
import { obj, str } from '../k8s/values';

export const metaNameRequired: Rule = {
  id: 'meta-name-required',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'The object has no `metadata.name` (kubectl apply needs a name; `generateName` only works with kubectl create).',
  source: 'apimachinery objectmeta.go ValidateObjectMeta; kubectl apply',
  example: 'metadata:\n  labels: {app: web}',
  check(ctx) {
    const meta = obj(ctx.value.metadata);
    const name = meta?.name;
    // A name of the wrong type is the schema's; only a missing, null or empty one is "Required".
    if (name !== undefined && name !== null && name !== '') return;
    const generated = str(meta?.generateName);
    ctx.report(
      ['metadata', 'name'],
      explain(
        required('metadata.name', 'name or generateName is required'),
        generated ? '`generateName` works with kubectl create only; kubectl apply refuses an object without a name' : 'every object needs a name',
      ),
    );
  },
};
