import type { Rule } from './types';
import { invalid } from '../k8s/field';
import { qualifiedName } from '../k8s/names';
import { list, obj } from '../k8s/values';

/** Finalizers the API server knows without a domain prefix (core helper.IsStandardFinalizerName). */
const STANDARD = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export const metaFinalizersInvalid: Rule = {
  id: 'meta-finalizers-invalid',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'A finalizer is not a qualified name, is neither standard (`kubernetes`, `orphan`, `foregroundDeletion`) nor domain-qualified (`example.com/cleanup`), or both `orphan` and `foregroundDeletion` are set.',
  source: 'apimachinery ValidateFinalizers; core validation.go validateKubeFinalizerName',
  example: 'metadata:\n  finalizers: [cleanup]',
  check(ctx) {
    const finalizers = list(obj(ctx.value.metadata)?.finalizers);
    finalizers.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const at = ['metadata', 'finalizers', i];
      for (const m of qualifiedName(f)) ctx.report(at, invalid('metadata.finalizers', f, m));
      if (!f.includes('/') && !STANDARD.has(f)) {
        ctx.report(at, invalid('metadata.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    });
    if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
      ctx.report(['metadata', 'finalizers'], invalid('metadata.finalizers', finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'), {
        on: 'key',
      });
    }
  },
};
