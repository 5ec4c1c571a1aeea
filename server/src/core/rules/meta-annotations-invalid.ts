import type { Rule } from './types';
import { explain, invalid, tooLong } from '../k8s/field';
import { qualifiedName } from '../k8s/names';
import { byteLength, obj } from '../k8s/values';

/** TotalAnnotationSizeLimitB: the sum of all keys and values, in bytes. */
const ANNOTATIONS_LIMIT = 256 * 1024;

export const metaAnnotationsInvalid: Rule = {
  id: 'meta-annotations-invalid',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'An annotation key is not a qualified name (checked after lower-casing, so `Example.com/Owner` is fine), or all annotations together exceed 256 KiB.',
  source: 'apimachinery objectmeta.go ValidateAnnotations',
  example: 'metadata:\n  annotations:\n    "team owner": alice',
  check(ctx) {
    const annotations = obj(obj(ctx.value.metadata)?.annotations);
    if (!annotations) return;
    let size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      for (const m of qualifiedName(key.toLowerCase())) ctx.report(['metadata', 'annotations', key], invalid('metadata.annotations', key, m), { on: 'key' });
      size += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
    }
    if (size > ANNOTATIONS_LIMIT) {
      ctx.report(
        ['metadata', 'annotations'],
        explain(tooLong('metadata.annotations', ANNOTATIONS_LIMIT), `the annotations add up to ${size} bytes`),
        { on: 'key' },
      );
    }
  },
};
