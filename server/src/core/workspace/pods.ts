// Which pods a selector may select. A pod template's labels are only part of the pod's labels: controllers stamp
// their own (`pod-template-hash`, `controller-revision-hash`, a StatefulSet's `statefulset.kubernetes.io/pod-name`),
// operators add theirs, and a kustomize build may add more. A selector asking for such a label may match, so the
// checks that say "matches nothing" must count it as a match; a StatefulSet pod name whose ordinal is out of range is
// still no match.
import type { PatchEffects } from './patches';
import type { Selector } from './selectors';
import type { WorkloadSummary } from './summary';

const POD_NAME = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX = 'apps.kubernetes.io/pod-index';

type Extra = PatchEffects['labels'];

/**
 * Labels that admission webhooks of service meshes add to the pods they inject (Istio's canonical service labels,
 * Linkerd's proxy labels): whether a pod has them depends on the cluster, so a selector asking for them may match.
 */
const INJECTED = /^(service\.istio\.io\/canonical-(name|revision)|security\.istio\.io\/tlsMode|linkerd\.io\/(control-plane-ns|proxy-[a-z]+|workload-ns))$/;

export const isInjectedLabel = (key: string): boolean => INJECTED.test(key);

/** Whether a pod of `w` can carry `key=value`. `extra`: labels a kustomize build or patch may add, with their values. */
function canHave(w: WorkloadSummary, key: string, value: string, extra?: Extra): boolean {
  const labels = w.podLabels!;
  if (extra?.get(key)?.has(value) || w.altLabels?.[key]?.includes(value) || INJECTED.test(key)) return true;
  if (Object.prototype.hasOwnProperty.call(labels, key)) return labels[key] === value;
  if (!w.anyValue?.includes(key)) return false;
  if (w.kind === 'StatefulSet' && w.ordinals && (key === POD_NAME || key === POD_INDEX)) {
    const digits = key === POD_NAME ? (value.startsWith(`${w.name}-`) ? value.slice(w.name.length + 1) : '') : value;
    if (!/^(0|[1-9][0-9]{0,8})$/.test(digits)) return false;
    const i = Number(digits);
    const { start, count } = w.ordinals;
    return i >= start && (count === undefined || i < start + count);
  }
  return true;
}

function hasKey(w: WorkloadSummary, key: string, extra?: Extra): boolean {
  return Object.prototype.hasOwnProperty.call(w.podLabels!, key) || !!extra?.has(key) || !!w.anyValue?.includes(key) || !!w.altLabels?.[key] || INJECTED.test(key);
}

/**
 * Whether `selector` may select pods of `w` (false when the pod template's labels are malformed); `patched`: what
 * the kustomize build does to them (patches.ts).
 */
export function maySelect(selector: Selector, w: WorkloadSummary, patched?: PatchEffects): boolean {
  if (!w.podLabels) return false;
  if (patched?.unknownLabels) return true;
  const extra = patched?.labels;
  for (const [k, v] of Object.entries(selector.matchLabels)) if (!canHave(w, k, v, extra)) return false;
  for (const r of selector.requirements) {
    switch (r.op) {
      case 'In':
        if (!r.values.some((v) => canHave(w, r.key, v, extra))) return false;
        break;
      case 'NotIn': {
        // Only a fixed value can be known to be excluded.
        const labels = w.podLabels;
        if (Object.prototype.hasOwnProperty.call(labels, r.key) && r.values.includes(labels[r.key]) && !extra?.has(r.key)) return false;
        break;
      }
      case 'Exists':
        if (!hasKey(w, r.key, extra)) return false;
        break;
      case 'DoesNotExist':
        if (Object.prototype.hasOwnProperty.call(w.podLabels, r.key) || w.anyValue?.includes(r.key) || extra?.has(r.key)) return false;
        break;
    }
  }
  return true;
}

/** Whether a pod of `w` may carry `key=value` (for near misses). */
export function mayHave(w: WorkloadSummary, key: string, value: string, patched?: PatchEffects): boolean {
  return !!w.podLabels && canHave(w, key, value, patched?.labels);
}
