// The pods a Service sends traffic to, as its port checks judge them: the workloads its selector may select in its
// namespace, narrowed to the nearest unit (evidence.ts), since an unrelated example elsewhere may reuse the labels.
import { nearest } from './evidence';
import type { Ref, WorkspaceView } from './model';
import { workloadsSelectedBy } from './queries';
import { fromMap, type Selector } from './selectors';
import type { ContainerPort, ServiceSummary, WorkloadSummary } from './summary';

export function selectedPods(view: WorkspaceView, ref: Ref<ServiceSummary>): Array<Ref<WorkloadSummary>> {
  const selector = serviceSelector(ref);
  if (ref.obj.serviceType === 'ExternalName' || !selector) return [];
  return nearest(ref, workloadsSelectedBy(view, ref.namespace, selector));
}

/** A Service's selector as its kustomize builds leave it (commonLabels are added to selectors); undefined when none. */
export function serviceSelector(ref: Ref<ServiceSummary>): Selector | undefined {
  const s = ref.obj.selector;
  if (!s) return undefined;
  const added = ref.build?.selectorLabels;
  return fromMap(added && Object.keys(added).length ? { ...s, ...added } : s);
}

/** A selector of a NetworkPolicy as its kustomize builds leave it (commonLabels are added to podSelectors too). */
export function withBuildLabels(ref: Ref, selector: Selector): Selector {
  const added = ref.build?.selectorLabels;
  return added && Object.keys(added).length ? { ...selector, matchLabels: { ...selector.matchLabels, ...added } } : selector;
}

/** The container ports of a workload's pods: its template's and those a kustomize patch adds. */
export function podPorts(w: Ref<WorkloadSummary>): readonly ContainerPort[] {
  return w.patched?.ports ? [...w.obj.ports, ...w.patched.ports] : w.obj.ports;
}

/** `Deployment api (http 8080/TCP, 9090/TCP)`, one entry per workload even when two share a name. */
export function portsOf(w: Ref<WorkloadSummary>): string {
  const ports = podPorts(w).map((c: ContainerPort) => (c.name ? `${c.name} ${c.port}/${c.protocol}` : `${c.port}/${c.protocol}`));
  return `${w.obj.kind} ${w.obj.name || '(unnamed)'} (${ports.join(', ') || 'no ports'})`;
}

/** Distinct `portsOf` entries, at most `max`, then "and N more". */
export function portsList(list: ReadonlyArray<Ref<WorkloadSummary>>, max = 3): string {
  const all = [...new Set(list.map(portsOf))];
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}
