// A headless Service nobody points at, while a StatefulSet of the same unit points at a Service that does not exist:
// almost always one typo. Each alone is common and fine (headless Services serve other clients; the StatefulSet's
// Service may live elsewhere), so only the pair is reported, on both sides, and only within one unit (evidence.ts).
import { blindSpot, isNear } from './evidence';
import type { Ref, WorkspaceView } from './model';
import type { ServiceSummary, WorkloadSummary } from './summary';

export interface OrphanPairs {
  services: Array<Ref<ServiceSummary>>;
  sets: Array<Ref<WorkloadSummary>>;
}

/** The StatefulSets near `ref` naming a missing Service and the unnamed headless Services near it, in its namespace. */
export function orphanPairs(view: WorkspaceView, ref: Ref): OrphanPairs {
  const empty = { services: [], sets: [] };
  if (blindSpot(view, ref)) return empty;
  const services = view.servicesIn(ref.namespace);
  const workloads = view.workloadsIn(ref.namespace);
  const names = new Set(services.map((s) => s.obj.name));
  const sets = workloads.filter((w) => w.obj.kind === 'StatefulSet' && w.obj.serviceName && !names.has(w.obj.serviceName) && isNear(ref, w));
  if (!sets.length) return empty;
  const pointed = new Set(workloads.map((w) => w.obj.serviceName));
  const orphans = services.filter((s) => s.obj.headless && !pointed.has(s.obj.name) && isNear(ref, s));
  return orphans.length ? { services: orphans, sets } : empty;
}
