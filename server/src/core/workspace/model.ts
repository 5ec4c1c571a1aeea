// The workspace index: one FileSummary per file, keyed by the caller (paths in the CLI, normalised URIs in the
// server), and a view grouped by namespace that the checks and queries read. Pure: the caller reads the files.
import type { FileSummary, NamespaceSummary, ObjectSummary, PolicySummary, ServicePort, ServiceSummary, WorkloadSummary } from './summary';

/** An object of the workspace with its file and effective namespace. Spans of `obj` are relative to `base`. */
export interface Ref<T extends ObjectSummary = ObjectSummary> {
  readonly file: FileSummary;
  readonly base: number;
  readonly obj: T;
  readonly namespace: string;
}

/** The folder of a path or URI (`a/b/c.yaml` -> `a/b`): kustomize namespaces and duplicate-name checks are per folder. */
export function folderOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(0, i) : '';
}

export class WorkspaceIndex {
  private readonly byFile = new Map<string, FileSummary>();
  private version = 0;
  private cached?: { version: number; defaultNamespace: string; view: WorkspaceView };

  get size(): number {
    return this.byFile.size;
  }

  files(): IterableIterator<FileSummary> {
    return this.byFile.values();
  }

  get(file: string): FileSummary | undefined {
    return this.byFile.get(file);
  }

  /**
   * Adds or replaces a file. Returns whether what OTHER files' checks see changed (labels, selectors, ports, names):
   * a change of positions only does not need the dependents re-checked.
   */
  set(summary: FileSummary): boolean {
    const before = this.byFile.get(summary.file);
    this.byFile.set(summary.file, summary);
    this.version++;
    // A file seen for the first time (an open, the workspace scan, the CLI) is new to everyone: nothing to compare.
    return !before || !sameObjects(before, summary);
  }

  /**
   * Computes the signatures of a file's objects ahead of its next `set` (the workspace scan does, in the background):
   * opening a file the scan has indexed then serialises only the objects of the open text.
   */
  prepare(file: string): void {
    for (const e of this.byFile.get(file)?.entries ?? []) objectSignature(e.obj);
  }

  /** Removes a file; returns whether it contributed anything. */
  delete(file: string): boolean {
    const had = this.byFile.get(file);
    if (!had) return false;
    this.byFile.delete(file);
    this.version++;
    return had.entries.length > 0 || had.kustomizeNamespace !== undefined;
  }

  /** The grouped view, rebuilt only after a change (or for another default namespace). */
  view(defaultNamespace: string): WorkspaceView {
    const c = this.cached;
    if (c && c.version === this.version && c.defaultNamespace === defaultNamespace) return c.view;
    const view = new WorkspaceView(this.byFile.values(), defaultNamespace);
    this.cached = { version: this.version, defaultNamespace, view };
    return view;
  }
}

const withoutSpans = (k: string, v: unknown) => (k === 'at' || k.endsWith('At') ? undefined : v);
/** Each object's part of a signature, cached: summaries are immutable and shared across edits, so a keystroke serialises one. */
const objectSignatures = new WeakMap<ObjectSummary, string>();

/** What other objects' checks see of an object: everything but its spans (JSON, cached per summary object). */
export function objectSignature(obj: ObjectSummary): string {
  let j = objectSignatures.get(obj);
  if (j === undefined) {
    j = JSON.stringify(obj, withoutSpans);
    objectSignatures.set(obj, j);
  }
  return j;
}

/**
 * Whether other files see the same of both summaries: the kustomize namespace and each object without its spans. An
 * edit shares the objects of its unchanged documents with the previous summary, so most are compared by identity.
 */
function sameObjects(a: FileSummary, b: FileSummary): boolean {
  if (a.kustomizeNamespace !== b.kustomizeNamespace || a.entries.length !== b.entries.length) return false;
  for (let i = 0; i < a.entries.length; i++) {
    const x = a.entries[i].obj;
    const y = b.entries[i].obj;
    if (x !== y && objectSignature(x) !== objectSignature(y)) return false;
  }
  return true;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The Services of one folder, for the duplicate name and node port checks; lists keep the folder's order. */
export interface FolderServices {
  count: number;
  /** namespace -> metadata.name -> Services */
  byName: Map<string, Map<string, Array<Ref<ServiceSummary>>>>;
  /** nodePort -> the ports (with a span) that use it */
  byNodePort: Map<number, Array<{ o: Ref<ServiceSummary>; q: ServicePort }>>;
}

/** See WorkspaceView.policiesByPodSelector. */
export interface PolicyIndex {
  open: Array<Ref<PolicySummary>>;
  byFirstLabel: Map<string, Map<string, Array<Ref<PolicySummary>>>>;
  position: Map<Ref<PolicySummary>, number>;
}

/** An immutable snapshot of the index, grouped by namespace. */
export class WorkspaceView {
  readonly workloads = new Map<string, Array<Ref<WorkloadSummary>>>();
  readonly services = new Map<string, Array<Ref<ServiceSummary>>>();
  readonly policies = new Map<string, Array<Ref<PolicySummary>>>();
  /** Namespace objects by name. */
  readonly namespaces = new Map<string, Array<Ref<NamespaceSummary>>>();
  readonly byFile = new Map<string, Ref[]>();
  readonly byFolder = new Map<string, Ref[]>();
  /** Every file of the snapshot, with or without objects. */
  readonly files = new Map<string, FileSummary>();
  /** Whether the workspace holds any workload: without one, "selects nothing" cannot be judged. */
  readonly hasWorkloads: boolean;

  constructor(files: Iterable<FileSummary>, readonly defaultNamespace: string) {
    const all = [...files];
    for (const f of all) this.files.set(f.file, f);
    const folderNamespace = new Map<string, string>();
    for (const f of all) if (f.kustomizeNamespace) folderNamespace.set(folderOf(f.file), f.kustomizeNamespace);
    for (const f of all) {
      if (!f.entries.length) continue;
      const folder = folderOf(f.file);
      const fallback = folderNamespace.get(folder) ?? defaultNamespace;
      const refs: Ref[] = [];
      for (const e of f.entries) {
        const o = e.obj;
        const ref: Ref = { file: f, base: e.base, obj: o, namespace: o.type === 'namespace' ? o.name : (o.namespace ?? fallback) };
        refs.push(ref);
        if (o.type === 'workload') push(this.workloads, ref.namespace, ref as Ref<WorkloadSummary>);
        else if (o.type === 'service') push(this.services, ref.namespace, ref as Ref<ServiceSummary>);
        else if (o.type === 'policy') push(this.policies, ref.namespace, ref as Ref<PolicySummary>);
        else push(this.namespaces, o.name, ref as Ref<NamespaceSummary>);
      }
      this.byFile.set(f.file, refs);
      const inFolder = this.byFolder.get(folder);
      if (inFolder) inFolder.push(...refs);
      else this.byFolder.set(folder, refs.slice());
    }
    this.hasWorkloads = this.workloads.size > 0;
  }

  private readonly folderServices = new Map<string, FolderServices>();

  /** The Services of `folder` indexed by name and node port, built on first use (once per view). */
  servicesOfFolder(folder: string): FolderServices {
    let f = this.folderServices.get(folder);
    if (!f) {
      f = { count: 0, byName: new Map(), byNodePort: new Map() };
      for (const r of this.byFolder.get(folder) ?? []) {
        if (r.obj.type !== 'service') continue;
        const ref = r as Ref<ServiceSummary>;
        f.count++;
        let names = f.byName.get(ref.namespace);
        if (!names) f.byName.set(ref.namespace, (names = new Map()));
        push(names, ref.obj.name, ref);
        for (const q of ref.obj.ports) if (q.nodePort !== undefined && q.nodePortAt) push(f.byNodePort, q.nodePort, { o: ref, q });
      }
      this.folderServices.set(folder, f);
    }
    return f;
  }

  private readonly podLabelIndex = new Map<string, Map<string, Map<string, Array<Ref<WorkloadSummary>>>>>();

  /** The workloads of `namespace` by pod template label (key -> value -> workloads, in `workloadsIn` order). */
  workloadsByPodLabel(namespace: string): ReadonlyMap<string, ReadonlyMap<string, ReadonlyArray<Ref<WorkloadSummary>>>> {
    let index = this.podLabelIndex.get(namespace);
    if (!index) {
      index = new Map();
      for (const w of this.workloadsIn(namespace)) {
        for (const [k, v] of Object.entries(w.obj.podLabels ?? {})) {
          let values = index.get(k);
          if (!values) index.set(k, (values = new Map()));
          push(values, v, w);
        }
      }
      this.podLabelIndex.set(namespace, index);
    }
    return index;
  }

  private readonly podSelectorIndex = new Map<string, PolicyIndex>();

  /**
   * The policies of `namespace` that have a podSelector, by the first pair of its matchLabels (`open`: those
   * without matchLabels), with their position in `policiesIn`: the candidates a workload's labels can match.
   */
  policiesByPodSelector(namespace: string): PolicyIndex {
    let index = this.podSelectorIndex.get(namespace);
    if (!index) {
      index = { open: [], byFirstLabel: new Map(), position: new Map() };
      for (const [i, p] of this.policiesIn(namespace).entries()) {
        if (!p.obj.podSelector) continue;
        index.position.set(p, i);
        const first = Object.entries(p.obj.podSelector.matchLabels)[0];
        if (!first) {
          index.open.push(p);
          continue;
        }
        let values = index.byFirstLabel.get(first[0]);
        if (!values) index.byFirstLabel.set(first[0], (values = new Map()));
        push(values, first[1], p);
      }
      this.podSelectorIndex.set(namespace, index);
    }
    return index;
  }

  workloadsIn(namespace: string): ReadonlyArray<Ref<WorkloadSummary>> {
    return this.workloads.get(namespace) ?? [];
  }

  servicesIn(namespace: string): ReadonlyArray<Ref<ServiceSummary>> {
    return this.services.get(namespace) ?? [];
  }

  policiesIn(namespace: string): ReadonlyArray<Ref<PolicySummary>> {
    return this.policies.get(namespace) ?? [];
  }

  /** The labels a namespace carries: the automatic `kubernetes.io/metadata.name`, plus those of Namespace objects. */
  namespaceLabels(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of this.namespaces.get(name) ?? []) Object.assign(out, n.obj.labels);
    out['kubernetes.io/metadata.name'] = name;
    return out;
  }
}
