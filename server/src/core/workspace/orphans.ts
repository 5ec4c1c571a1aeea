// A headless Service nobody points at, while a StatefulSet of the same unit points at a Service that does not exist:
// almost always one typo. Each alone is common and fine (headless Services serve other clients; the StatefulSet's
// Service may live elsewhere), so only the pair is reported, on both sides, and only within one unit (evidence.ts).
import { blindSpot, sharesRoot, similar } from './evidence';
import { folderOf } from './paths';
import { maySelect } from './pods';
import { fromMap } from './selectors';
import type { Ref, WorkspaceView } from './model';
import type { ServiceSummary, WorkloadSummary } from './summary';

/** One unit: the same file or folder, or one kustomize build. */
function together(a: Ref, b: Ref): boolean {
  return a.file === b.file || folderOf(a.file.file) === folderOf(b.file.file) || sharesRoot(a, b);
}

/** Whether a headless Service is plausibly the one a StatefulSet meant: it selects the pods, or its name is one typo off. */
function partners(s: Ref<ServiceSummary>, w: Ref<WorkloadSummary>): boolean {
  if (s.obj.selector && maySelect(fromMap(s.obj.selector), w.obj, w.patched)) return true;
  return !!w.obj.serviceName && similar(s.obj.name, w.obj.serviceName);
}

const serviceNames = new WeakMap<readonly unknown[], Set<string>>();
const namesMissing = new WeakMap<readonly unknown[], boolean>();

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
  let missing = namesMissing.get(workloads);
  if (missing === undefined) namesMissing.set(workloads, (missing = workloads.some((w) => w.obj.kind === 'StatefulSet' && !!w.obj.serviceName && !names!.has(w.obj.serviceName))));
  // Most objects are not half of a pair: no StatefulSet of the namespace names a missing Service, or this one's exists.
  const o = ref.obj;
  if (!missing) return empty;
  if (o.type === 'workload' && (!o.serviceName || names.has(o.serviceName))) return empty;
  if (blindSpot(view, ref)) return empty;
  // A pair is one unit (file, folder, kustomize build) whose StatefulSet names a missing Service and whose headless
  // Service selects that StatefulSet's pods (or is named like it): a generated copy elsewhere naming the Service
  // does not hide the typo, and a headless Service of another workload is not its partner.
  const sets = workloads.filter((w) => w.obj.kind === 'StatefulSet' && w.obj.serviceName && !names!.has(w.obj.serviceName) && together(ref, w));
  if (!sets.length) return empty;
  const orphans = services.filter(
    (s) =>
      s.obj.headless &&
      together(ref, s) &&
      !workloads.some((w) => w.obj.kind === 'StatefulSet' && w.obj.serviceName === s.obj.name && together(s, w)) &&
      sets.some((w) => partners(s, w)),
  );
  if (!orphans.length) return empty;
  return { services: orphans, sets: sets.filter((w) => orphans.some((s) => partners(s, w))) };
}
