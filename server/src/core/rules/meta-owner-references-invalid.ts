import type { Rule } from './types';
import { invalid } from '../k8s/field';
import { isObj, list, obj, str } from '../k8s/values';

export const metaOwnerReferencesInvalid: Rule = {
  id: 'meta-owner-references-invalid',
  category: 'api-server',
  kinds: ['Service', 'NetworkPolicy'],
  defaultSeverity: 'error',
  docs: 'An owner reference has an empty apiVersion version, kind, name or uid, or more than one reference has `controller: true`.',
  source: 'apimachinery objectmeta.go ValidateOwnerReferences',
  example: 'metadata:\n  ownerReferences:\n    - {apiVersion: apps/v1, kind: Deployment, name: web, uid: ""}',
  check(ctx) {
    let controller: string | undefined;
    // The server's path has no index (`metadata.ownerReferences.uid`); we underline the field of the entry at fault.
    list(obj(ctx.value.metadata)?.ownerReferences).forEach((ref, i) => {
      if (!isObj(ref)) return;
      const at = (field: string) => ['metadata', 'ownerReferences', i, field];
      // A missing field or one of the wrong type is the schema's (`Required value`); here only empty strings count.
      const apiVersion = str(ref.apiVersion);
      const parts = (apiVersion ?? '').split('/');
      // schema.ParseGroupVersion: "v1" or "group/version"; anything else has no version.
      const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : '';
      if (apiVersion !== undefined && !version) ctx.report(at('apiVersion'), invalid('metadata.ownerReferences.apiVersion', apiVersion, 'version must not be empty'));
      for (const field of ['kind', 'name', 'uid']) {
        if (ref[field] === '') ctx.report(at(field), invalid(`metadata.ownerReferences.${field}`, '', `${field} must not be empty`));
      }
      if (ref.controller === true) {
        const name = str(ref.name) ?? '';
        if (controller !== undefined) {
          ctx.report(
            ['metadata', 'ownerReferences', i, 'controller'],
            invalid(
              'metadata.ownerReferences',
              name,
              `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${name}`,
            ),
          );
        } else controller = name;
      }
    });
  },
};
