import { evidenceFor, mayShareNamespace, namespacesOf, nearMiss, selectedInOtherNamespacesNear } from '../evidence';
import { describe, nameList, workloadsSelectedBy } from '../queries';
import { serviceSelector } from '../selection';
import { formatSelector, fromMap, matches } from '../selectors';
import type { Ref } from '../model';
import type { WorkloadSummary } from '../summary';
import { defineCheck, MAX_RELATED } from './types';

const POD_NAME = 'statefulset.kubernetes.io/pod-name';

export default defineCheck({
  id: 'service-selector-no-match',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  target: 'service',
  docs:
    "The Service selector matches no pod in its namespace, so it gets no endpoints. Pods are those of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, objects with a pod template (Argo Rollout...) and well-known operators' custom resources (Prometheus, Alertmanager, RayCluster...), with the labels their controllers add (pod-template-hash, statefulset.kubernetes.io/pod-name within the replicas...). Judged only where the evidence is complete: not for Services without a selector or of type ExternalName, not in kube-system, kube-public or kube-node-lease, not when no pod of the namespace is defined in the Service's folder or kustomize build, a template there may create pods, or a kustomize transform it cannot follow changes labels; information only when a custom resource there may create the pods.",
  example: "selector:\n  app: web   # the Deployment's pods are labelled app: web-server",
  check(ctx, ref) {
    const s = ref.obj;
    // ExternalName Services have no endpoints, and a Service without a selector gets its Endpoints by hand.
    const selector = serviceSelector(ref);
    if (s.serviceType === 'ExternalName' || !selector || !ctx.view.hasWorkloads) return;
    if (namespacesOf(ref).some((ns) => workloadsSelectedBy(ctx.view, ns, selector).length)) return;
    const ev = evidenceFor(ctx.view, ref);
    if (ev.blind) return;
    // Pods whose namespace `kubectl apply -n` decides may be in this namespace (or this object in theirs).
    if (mayShareNamespace(ctx.view, ref, selector)) return;
    const text = formatSelector(selector);
    const byMetadata = (ev.wider ? [] : ev.pods).filter((w) => Object.keys(w.obj.labels).length && matches(selector, w.obj.labels));
    if (byMetadata.length) {
      const w = byMetadata[0];
      const advice = w.obj.createdBy
        ? `not the labels of ${w.obj.createdBy}: a Service selects pods, so it gets no endpoints. Select the pods' labels.`
        : "not its pod template labels: a Service selects pods, so it gets no endpoints. Put the labels under spec.template.metadata.labels, or select the template's labels.";
      ctx.report(s.selectorAt, `spec.selector ${text} matches the labels of ${nameList(byMetadata)} (metadata.labels) but ${advice}`, {
        related: [ctx.related(w, w.obj.podLabelsAt, `the pod template labels of ${describe(w.obj)}`)],
        uncertain: ev.opaque.length > 0,
      });
      return;
    }
    // Pods of another namespace defined next to the Service: a namespace mix-up.
    const elsewhere = selectedInOtherNamespacesNear(ctx.view, ref, selector);
    if (elsewhere.length) {
      ctx.report(s.selectorAt, `spec.selector ${text} matches no pod in namespace ${ref.namespace}; it matches ${nameList(elsewhere)} in namespace ${elsewhere[0].namespace}, but a Service only selects pods of its own namespace.`, {
        related: elsewhere.slice(0, MAX_RELATED).map((w) => ctx.related(w, w.obj.podLabelsAt, `${describe(w.obj)} in namespace ${w.namespace}`)),
        uncertain: ev.opaque.length > 0,
      });
      return;
    }
    const known = ev.pods.filter((w) => w.obj.podLabels);
    if (!known.length || (ev.wider && !nearMiss(selector, known))) return;
    if (ev.opaque.length) {
      ctx.report(s.selectorAt, `spec.selector ${text} matches no pod the workspace defines in namespace ${ref.namespace}; ${nameList(ev.opaque)} may create pods the tool cannot see.`, {
        related: ev.opaque.slice(0, MAX_RELATED).map((o) => ctx.related(o, o.obj.at, `${describe(o.obj)} may create pods`)),
        uncertain: true,
      });
      return;
    }
    const ordinal = podNameHint(selector.matchLabels[POD_NAME], known);
    const templates = [...new Set(known.map((w) => `${w.obj.name} (${podLabelsText(w)})`))];
    const more = templates.length > 5 ? ` and ${templates.length - 5} more` : '';
    const hint = ordinal ?? ` Pod templates in ${ref.namespace}: ${templates.slice(0, 5).join(', ')}${more}.`;
    ctx.report(s.selectorAt, `spec.selector ${text} matches no pod template in namespace ${ref.namespace}: the Service gets no endpoints.${hint}`, {
      related: known.slice(0, MAX_RELATED).map((w) => ctx.related(w, w.obj.podLabelsAt, `pod template labels of ${describe(w.obj)}`)),
    });
  },
});

/** "StatefulSet redis has 3 replicas: redis-0 to redis-2." when the selector names a pod of a StatefulSet out of range. */
function podNameHint(podName: string | undefined, known: ReadonlyArray<{ obj: { kind: string; name: string; ordinals?: { start: number; count?: number } } }>): string | undefined {
  if (podName === undefined) return undefined;
  const set = known.find((w) => w.obj.kind === 'StatefulSet' && podName.startsWith(`${w.obj.name}-`) && w.obj.ordinals?.count !== undefined);
  if (!set) return undefined;
  const { start, count } = set.obj.ordinals!;
  return ` StatefulSet ${set.obj.name} has ${count} replica${count === 1 ? '' : 's'}: pods ${set.obj.name}-${start}${count! > 1 ? ` to ${set.obj.name}-${start + count! - 1}` : ''}, so no pod is named ${podName}.`;
}

/** The pod labels as the kustomize build leaves them (`app=web-v2`; `app=a|b` where builds differ). */
function podLabelsText(w: Ref<WorkloadSummary>): string {
  const labels: Record<string, string> = { ...w.obj.podLabels };
  for (const [k, values] of w.patched?.labels ?? []) labels[k] = [...values].join('|');
  return formatSelector(fromMap(labels));
}
