// The pods a Service sends traffic to, as its port checks judge them: the workloads its selector may select in its
// namespace, narrowed to the nearest unit (evidence.ts), since an unrelated example elsewhere may reuse the labels.
import { nearest } from './evidence';
import type { Ref, WorkspaceView } from './model';
import { workloadsSelectedBy } from './queries';
import { fromMap } from './selectors';
import type { ContainerPort, ServiceSummary, WorkloadSummary } from './summary';

export function selectedPods(view: WorkspaceView, ref: Ref<ServiceSummary>): Array<Ref<WorkloadSummary>> {
  const s = ref.obj;
  if (s.serviceType === 'ExternalName' || !s.selector) return [];
  return nearest(ref, workloadsSelectedBy(view, ref.namespace, fromMap(s.selector)));
}

/** `Deployment api (http 8080/TCP, 9090/TCP)`, one entry per workload even when two share a name. */
export function portsOf(w: Ref<WorkloadSummary>): string {
  const ports = w.obj.ports.map((c: ContainerPort) => (c.name ? `${c.name} ${c.port}/${c.protocol}` : `${c.port}/${c.protocol}`));
  return `${w.obj.kind} ${w.obj.name || '(unnamed)'} (${ports.join(', ') || 'no ports'})`;
}

/** Distinct `portsOf` entries, at most `max`, then "and N more". */
export function portsList(list: ReadonlyArray<Ref<WorkloadSummary>>, max = 3): string {
  const all = [...new Set(list.map(portsOf))];
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}
