// A headless Service nobody points at, while a StatefulSet of the same unit points at a Service that does not exist:
// almost always one typo. Each alone is common and fine (headless Services serve other clients; the StatefulSet's
// Service may live elsewhere), so only the pair is reported, on both sides, and only within one unit (evidence.ts).
import { blindSpot, isNear } from './evidence';
import type { Ref, WorkspaceView } from './model';
import type { ServiceSummary, WorkloadSummary } from './summary';

const serviceNames = new WeakMap<readonly unknown[], Set<string>>();
const namedByStatefulSets = new WeakMap<readonly unknown[], Set<string>>();

export interface OrphanPairs {
  services: Array<Ref<ServiceSummary>>;
  sets: Array<Ref<WorkloadSummary>>;
}

/** The StatefulSets near `ref` naming a missing Service and the unnamed headless Services near it, in its namespace. */
export function orphanPairs(view: WorkspaceView, ref: Ref): OrphanPairs {
  const empty = { services: [], sets: [] };
  const services = view.servicesIn(ref.namespace);
  const workloads = view.workloadsIn(ref.namespace);
  // The names of the namespace, once per view (the lists are the view's own, so they key the memo).
  let names = serviceNames.get(services);
  if (!names) serviceNames.set(services, (names = new Set(services.map((s) => s.obj.name))));
  let pointed = namedByStatefulSets.get(workloads);
  if (!pointed) namedByStatefulSets.set(workloads, (pointed = new Set(workloads.map((w) => w.obj.serviceName).filter((n): n is string => !!n))));
  // Most objects are not half of a pair: a Service some StatefulSet names, a StatefulSet whose Service exists.
  const o = ref.obj;
  if (o.type === 'service' && pointed.has(o.name)) return empty;
  if (o.type === 'workload' && (!o.serviceName || names.has(o.serviceName))) return empty;
  if (blindSpot(view, ref)) return empty;
  const sets = workloads.filter((w) => w.obj.kind === 'StatefulSet' && w.obj.serviceName && !names!.has(w.obj.serviceName) && isNear(ref, w));
  if (!sets.length) return empty;
  const orphans = services.filter((s) => s.obj.headless && !pointed!.has(s.obj.name) && isNear(ref, s));
  return orphans.length ? { services: orphans, sets } : empty;
}
