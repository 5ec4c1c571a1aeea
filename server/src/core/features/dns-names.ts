// The DNS names a Service gets from cluster DNS (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
// `<svc>.<ns>.svc.<domain>` and its search-path short forms, SRV records of named ports, per-pod names of the
// StatefulSets that use a headless Service as their `serviceName`, and the CNAME target of an ExternalName Service.
import type { DnsOptions } from '../types';
import type { Ref, WorkspaceView } from '../workspace/model';
import { dnsVerdict, refAt, refsInFile, workloadsSelectedBy } from '../workspace/queries';
import { toSelector } from '../workspace/selectors';
import type { PolicySummary, WorkloadSummary } from '../workspace/summary';
import { list, obj, str } from './explain';

/** A workload of the workspace, as the editor features need it (filled from the workspace index by the caller). */
export interface WorkloadInfo {
  kind: string;
  name: string;
  namespace: string;
  /** The file it is in, as the caller names files (a workspace-relative path in hovers). */
  file: string;
  replicas?: number;
}

/**
 * What the editor features may ask of the workspace. Every method is optional in effect: without a workspace index the
 * features still work on the file alone and say nothing about other files.
 */
export interface WorkspaceLookup {
  /** Workloads whose pod template labels `selector` selects in `namespace`; undefined when no workloads are known at all. */
  workloadsSelectedBy(namespace: string, selector: unknown): WorkloadInfo[] | undefined;
  /** StatefulSets in `namespace` whose `serviceName` is `service`. */
  statefulSetsNaming(namespace: string, service: string): WorkloadInfo[];
  /**
   * The effective namespace of the object whose document starts at or before `offset` (kustomization `namespace:`).
   * Objects that share one document (a List's items) are told apart by the offset of their `metadata.name` (the
   * span `blame` gives it, where the workspace summary points too): pass that offset to get the right one.
   */
  namespaceAt?(offset: number): string | undefined;
  /** The workspace's one-line verdict for the NetworkPolicy at `offset` (its `metadata.name`, as for namespaceAt). */
  policySummaryAt?(offset: number): string | undefined;
  /** Pod template labels of the workspace's workloads (for completion). */
  podLabels?(): ReadonlyArray<Readonly<Record<string, string>>>;
}

export interface DnsNames {
  fqdn: string;
  /** Every name worth copying, most useful first: the FQDN, short forms, SRV names, per-pod names, the CNAME target. */
  names: string[];
  headless: boolean;
  externalName?: string;
  podNames: number;
}

/** More per-pod names than this are summarised: a quick pick of 500 names helps nobody. */
const MAX_POD_NAMES = 50;

export function serviceDnsNames(service: unknown, namespace: string, clusterDomain: string, lookup?: WorkspaceLookup): DnsNames | undefined {
  const v = obj(service);
  const name = str(obj(v.metadata).name);
  if (!name) return undefined;
  const spec = obj(v.spec);
  const fqdn = `${name}.${namespace}.svc.${clusterDomain}`;
  const names = [fqdn, name, `${name}.${namespace}`, `${name}.${namespace}.svc`];
  for (const p of list(spec.ports).map(obj)) {
    const portName = str(p.name);
    if (portName) names.push(`_${portName}._${(str(p.protocol) ?? 'TCP').toLowerCase()}.${fqdn}`);
  }
  const headless = spec.clusterIP === 'None';
  let podNames = 0;
  if (headless && lookup) {
    for (const sts of lookup.statefulSetsNaming(namespace, name)) {
      const replicas = typeof sts.replicas === 'number' && sts.replicas >= 0 ? sts.replicas : 1; // the API server's default
      for (let i = 0; i < replicas && podNames < MAX_POD_NAMES; i++, podNames++) names.push(`${sts.name}-${i}.${fqdn}`);
    }
  }
  const externalName = spec.type === 'ExternalName' ? str(spec.externalName) : undefined;
  if (externalName) names.push(externalName);
  return { fqdn, names: [...new Set(names)], headless, externalName, podNames };
}

/** File names in hovers: the last two path segments are enough to tell files apart and stay short. */
function shortFile(file: string): string {
  const parts = file.split(/[\\/]/).filter(Boolean);
  const tail = parts.slice(-2).join('/');
  try {
    return decodeURIComponent(tail);
  } catch {
    return tail;
  }
}

const info = (r: Ref<WorkloadSummary>): WorkloadInfo => ({ kind: r.obj.kind, name: r.obj.name, namespace: r.namespace, file: shortFile(r.file.uri || r.file.file), replicas: r.obj.replicas });

/**
 * Answers worth keeping for as long as the view lives (the view is immutable and rebuilt after a change): a CodeLens
 * request asks them for every object of a file, again on every request.
 */
interface ViewMemo {
  /** dns options -> policy -> its one-line workspace verdict */
  summaries: WeakMap<DnsOptions, Map<Ref, string | undefined>>;
  /** namespace -> serviceName -> StatefulSets, in workloadsIn order */
  statefulSets?: Map<string, Map<string, Array<Ref<WorkloadSummary>>>>;
  /** file -> offset of an object's `metadata.name` -> the object */
  byName?: Map<string, Map<number, Ref>>;
}

const memos = new WeakMap<WorkspaceView, ViewMemo>();

function memoOf(view: WorkspaceView): ViewMemo {
  let m = memos.get(view);
  if (!m) memos.set(view, (m = { summaries: new WeakMap() }));
  return m;
}

/**
 * The object of `file` at `offset`: the one whose `metadata.name` is there, else the one whose document starts at
 * or before it (refAt). The objects of a List share their document, so only the name tells them apart.
 */
function refFor(view: WorkspaceView, file: string, offset: number): Ref | undefined {
  const m = memoOf(view);
  m.byName ??= new Map();
  let byName = m.byName.get(file);
  if (!byName) {
    byName = new Map();
    for (const r of refsInFile(view, file)) byName.set(r.base + r.obj.at.start, r);
    m.byName.set(file, byName);
  }
  return byName.get(offset) ?? refAt(view, file, offset);
}

/** Same as statefulSetsNaming(view, namespace, service), from an index built once per view. */
function statefulSetsNamingIndexed(view: WorkspaceView, namespace: string, service: string): ReadonlyArray<Ref<WorkloadSummary>> {
  const m = memoOf(view);
  if (!m.statefulSets) {
    m.statefulSets = new Map();
    for (const [ns, refs] of view.workloads) {
      const byService = new Map<string, Array<Ref<WorkloadSummary>>>();
      for (const w of refs) {
        if (w.obj.kind !== 'StatefulSet' || typeof w.obj.serviceName !== 'string') continue;
        const l = byService.get(w.obj.serviceName);
        if (l) l.push(w);
        else byService.set(w.obj.serviceName, [w]);
      }
      m.statefulSets.set(ns, byService);
    }
  }
  return m.statefulSets.get(namespace)?.get(service) ?? [];
}

function policySummary(view: WorkspaceView, r: Ref<PolicySummary>, dns: DnsOptions): string | undefined {
  const m = memoOf(view);
  let byRef = m.summaries.get(dns);
  if (!byRef) m.summaries.set(dns, (byRef = new Map()));
  if (byRef.has(r)) return byRef.get(r);
  const summary = dnsVerdict(view, r, dns)?.summary;
  byRef.set(r, summary);
  return summary;
}

/** The editor features' view of the workspace index, for the file `file` (as the index keys it). */
export function lookupFromView(view: WorkspaceView, file: string, dns: DnsOptions): WorkspaceLookup {
  return {
    workloadsSelectedBy(namespace, selector) {
      const s = toSelector(selector);
      // Without any workload, or with a malformed selector, "matches none" would be a guess: say nothing.
      if (!view.hasWorkloads || !s) return undefined;
      return workloadsSelectedBy(view, namespace, s).map(info);
    },
    statefulSetsNaming: (namespace, service) => statefulSetsNamingIndexed(view, namespace, service).map(info),
    namespaceAt: (offset) => refFor(view, file, offset)?.namespace,
    policySummaryAt(offset) {
      const r = refFor(view, file, offset);
      return r?.obj.type === 'policy' ? policySummary(view, r as Ref<PolicySummary>, dns) : undefined;
    },
    podLabels: () => [...view.workloads.values()].flatMap((refs) => refs.flatMap((r) => (r.obj.podLabels ? [r.obj.podLabels] : []))),
  };
}
