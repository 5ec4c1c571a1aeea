import { evidenceFor, mayShareNamespace, namespacesOf, nearMiss, selectedInOtherNamespacesNear } from '../evidence';
import { describe, nameList, workloadsSelectedBy } from '../queries';
import { formatSelector, selectsAll } from '../selectors';
import { withBuildLabels } from '../selection';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'netpol-pod-selector-no-match',
  category: 'workspace',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'warning',
  target: 'policy',
  docs:
    "spec.podSelector matches no pod in the policy's namespace (the policy has no effect). Says so when it matches pods of another namespace. Judged like service-selector-no-match: not for `podSelector: {}`, not in system namespaces, not without pods of the namespace in the policy's folder or kustomize build, nor where templates or kustomize transforms hide pods; information only when a custom resource there may create them.",
  check(ctx, ref) {
    if (!ref.obj.podSelector || selectsAll(ref.obj.podSelector)) return;
    const selector = withBuildLabels(ref, ref.obj.podSelector);
    if (namespacesOf(ref).some((ns) => workloadsSelectedBy(ctx.view, ns, selector).length)) return;
    const ev = evidenceFor(ctx.view, ref);
    if (ev.blind) return;
    // Pods whose namespace `kubectl apply -n` decides may be in this namespace (or this object in theirs).
    if (mayShareNamespace(ctx.view, ref, selector)) return;
    // Pods of another namespace defined next to the policy: a namespace mix-up.
    const elsewhere = selectedInOtherNamespacesNear(ctx.view, ref, selector);
    // Without pods of its namespace nearby (and no near miss), the policy's pods are defined elsewhere.
    if (!elsewhere.length && (!ev.pods.length || (ev.wider && !nearMiss(selector, ev.pods)))) return;
    if (ev.opaque.length && !elsewhere.length) {
      ctx.report(ref.obj.podSelectorAt, `spec.podSelector ${formatSelector(selector)} matches no pod the workspace defines in namespace ${ref.namespace}; ${nameList(ev.opaque)} may create pods the tool cannot see.`, {
        related: ev.opaque.slice(0, MAX_RELATED).map((o) => ctx.related(o, o.obj.at, `${describe(o.obj)} may create pods`)),
        uncertain: true,
      });
      return;
    }
    const hint = elsewhere.length
      ? ` It matches ${nameList(elsewhere)} in namespace ${elsewhere[0].namespace}, but a NetworkPolicy only selects pods of its own namespace.`
      : ' The policy has no effect.';
    ctx.report(ref.obj.podSelectorAt, `spec.podSelector ${formatSelector(selector)} matches no pod template in namespace ${ref.namespace}.${hint}`, {
      related: elsewhere.slice(0, MAX_RELATED).map((w) => ctx.related(w, w.obj.podLabelsAt, `${describe(w.obj)} in namespace ${w.namespace}`)),
      uncertain: ev.opaque.length > 0,
    });
  },
});
