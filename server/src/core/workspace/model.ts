// The workspace index: one FileSummary per file, keyed by the caller (paths in the CLI, normalised URIs in the
// server), and a view grouped by namespace that the checks and queries read. Pure: the caller reads the files.
import { type BuildInfo, isKubeadmPatch, resolveBuilds } from './kustomize';
import { type PatchEffects, patchEffects } from './patches';
import { folderOf } from './paths';
import type { FileSummary, NamespaceSummary, ObjectSummary, OpaqueSummary, PolicySummary, ServicePort, ServiceSummary, WorkloadSummary } from './summary';

export { folderOf };

/** An object of the workspace with its file and effective namespace. Spans of `obj` are relative to `base`. */
export interface Ref<T extends ObjectSummary = ObjectSummary> {
  readonly file: FileSummary;
  readonly base: number;
  readonly obj: T;
  readonly namespace: string;
  /** What the kustomize builds that include the file do to it; absent when no kustomization includes it. */
  readonly build?: BuildInfo;
  /** What the build's labels and patches do to the object (patches.ts); absent when nothing. */
  readonly patched?: PatchEffects;
}

export class WorkspaceIndex {
  private readonly byFile = new Map<string, FileSummary>();
  private version = 0;
  private cached?: { version: number; defaultNamespace: string; view: WorkspaceView };
  /** Bumped when what the kustomize builds depend on may have changed: the set of files, a kustomization, a patch. */
  private structure = 0;
  private builds?: { structure: number; builds: Map<string, BuildInfo> };

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
    if (!before || !sameFileContext(before, summary) || this.builds?.builds.get(summary.file)?.patch) this.structure++;
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
    this.structure++;
    return had.entries.length > 0 || !!had.kustomization || !!had.podTemplate;
  }

  /** The grouped view, rebuilt only after a change (or for another default namespace). */
  view(defaultNamespace: string): WorkspaceView {
    const c = this.cached;
    if (c && c.version === this.version && c.defaultNamespace === defaultNamespace) return c.view;
    // The builds are resolved again only when their inputs changed: a keystroke in a manifest reuses them.
    if (this.builds?.structure !== this.structure) this.builds = { structure: this.structure, builds: resolveBuilds(this.byFile.values()) };
    const view = new WorkspaceView(this.byFile.values(), defaultNamespace, this.builds.builds);
    this.cached = { version: this.version, defaultNamespace, view };
    return view;
  }
}

/**
 * The summary fields that hold a Span (where to blame or point), not meaning: an edit that moves an object changes
 * only these. Every Span of the summary types must be listed (test/unit/workspace.test.ts checks it).
 */
export const SPAN_FIELDS: ReadonlySet<string> = new Set(['at', 'podLabelsAt', 'serviceNameAt', 'targetAt', 'protocolAt', 'nodePortAt', 'selectorAt', 'podsAt', 'podSelectorAt', 'egressAt']);
const withoutSpans = (k: string, v: unknown) => (SPAN_FIELDS.has(k) ? undefined : v);
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
  if (!sameFileContext(a, b) || a.entries.length !== b.entries.length) return false;
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

/** See WorkspaceView.policiesByPodSelector. */
export interface PolicyIndex {
  open: Array<Ref<PolicySummary>>;
  byFirstLabel: Map<string, Map<string, Array<Ref<PolicySummary>>>>;
  position: Map<Ref<PolicySummary>, number>;
}

/**
 * What each accessor of WorkspaceView reads, as a scope key of its argument: the incremental layer
 * (incremental.ts) records the keys a check reads and re-runs the check when an object of that scope changes.
 * An accessor not listed here counts as reading everything. `scopesOf` gives the keys of an object.
 */
export const VIEW_SCOPES: Readonly<Record<string, (...args: never[]) => string>> = {
  workloadsIn: (ns: string) => `W:${ns}`,
  workloadsByPodLabel: (ns: string) => `W:${ns}`,
  opaqueIn: (ns: string) => `W:${ns}`,
  servicesIn: (ns: string) => `S:${ns}`,
  servicesNamed: (ns: string, name: string) => `SN:${ns}\0${name}`,
  servicesWithNodePort: (port: number) => `NP:${port}`,
  policiesIn: (ns: string) => `P:${ns}`,
  policiesByPodSelector: (ns: string) => `P:${ns}`,
  namespaceLabels: (name: string) => `N:${name}`,
};
/** Whole collections, by the key every object of the kind also carries. */
export const VIEW_COLLECTIONS: Readonly<Record<string, string>> = {
  workloads: 'W*',
  hasWorkloads: 'W*',
  services: 'S*',
  policies: 'P*',
  namespaces: 'N*',
  defaultNamespace: '',
};

/**
 * Neither the object nor a kustomize build names its namespace: `kubectl apply -n` decides, so it may end up in any
 * namespace (its `namespace` is then the default one).
 */
export function namespaceDefaulted(ref: Ref): boolean {
  return ref.obj.type !== 'namespace' && !ref.build?.namespace && !ref.obj.namespace;
}

/** The scope keys of an object (see VIEW_SCOPES): a change of the object invalidates the checks that read them. */
export function scopesOf(ref: Ref, out: Set<string>): void {
  const o = ref.obj;
  if (o.type === 'workload' || o.type === 'opaque') out.add(`W:${ref.namespace}`).add('W*');
  else if (o.type === 'service') {
    out.add(`S:${ref.namespace}`).add('S*').add(`SN:${ref.namespace}\0${o.name}`);
    for (const p of o.ports) if (p.nodePort !== undefined) out.add(`NP:${p.nodePort}`);
  }
  else if (o.type === 'policy') out.add(`P:${ref.namespace}`).add('P*');
  else out.add(`N:${o.name}`).add('N*');
}

/** The files a check's verdicts depend on beyond the objects (kustomizations, patches, templates): a change of these re-checks everything. */
export function sameFileContext(a: FileSummary, b: FileSummary): boolean {
  return (
    !!a.podTemplate === !!b.podTemplate &&
    String(a.templateNamespaces) === String(b.templateNamespaces) &&
    JSON.stringify(a.patchOps) === JSON.stringify(b.patchOps) &&
    (a.kustomization === b.kustomization || JSON.stringify(a.kustomization) === JSON.stringify(b.kustomization))
  );
}

/** An immutable snapshot of the index, grouped by namespace. */
export class WorkspaceView {
  readonly workloads = new Map<string, Array<Ref<WorkloadSummary>>>();
  readonly services = new Map<string, Array<Ref<ServiceSummary>>>();
  readonly policies = new Map<string, Array<Ref<PolicySummary>>>();
  /** Custom resources that may create pods the tool cannot see, by namespace. */
  readonly opaque = new Map<string, Array<Ref<OpaqueSummary>>>();
  /** Namespace objects by name. */
  readonly namespaces = new Map<string, Array<Ref<NamespaceSummary>>>();
  readonly byFile = new Map<string, Ref[]>();
  /** Every file of the snapshot, with or without objects. */
  readonly files: ReadonlyMap<string, FileSummary>;
  /** Files that are kustomize or kubeadm patches: partial objects, not objects (their own problems are not reported either). */
  readonly patches = new Set<string>();
  /** Templates skipped as not YAML that mention a kind creating pods (with the builds that list them): pods the tool cannot see. */
  readonly podTemplates: ReadonlyArray<{ file: string; build?: BuildInfo; namespaces?: readonly string[] }>;
  /** Whether the workspace holds any workload: without one, "selects nothing" cannot be judged. */
  readonly hasWorkloads: boolean;

  constructor(files: Iterable<FileSummary>, readonly defaultNamespace: string, builds?: ReadonlyMap<string, BuildInfo>) {
    const all = [...files];
    this.files = new Map(all.map((f) => [f.file, f]));
    builds ??= resolveBuilds(all);
    const templates: Array<{ file: string; build?: BuildInfo; namespaces?: readonly string[] }> = [];
    const anyBuild = builds.size > 0;
    for (const f of all) {
      const build = anyBuild ? builds.get(f.file) : undefined;
      if (f.podTemplate) templates.push({ file: f.file, build, namespaces: f.templateNamespaces });
      if (build?.patch || (f.entries.length && kubeadmPatch(f))) {
        this.patches.add(f.file);
        continue;
      }
      if (!f.entries.length) continue;
      const refs: Ref[] = [];
      for (const e of f.entries) {
        const o = e.obj;
        // kustomize's namespace transformer sets the namespace of every namespaced object, written or not.
        const namespace = o.type === 'namespace' ? o.name : (build?.namespace ?? o.namespace ?? defaultNamespace);
        // Two object shapes only (with and without a build): this runs for every object on every edit.
        const ref: Ref = build ? { file: f, base: e.base, obj: o, namespace, build, patched: effectsOf(o, build, this.files) } : { file: f, base: e.base, obj: o, namespace };
        refs.push(ref);
        if (o.type === 'workload') push(this.workloads, ref.namespace, ref as Ref<WorkloadSummary>);
        else if (o.type === 'service') push(this.services, ref.namespace, ref as Ref<ServiceSummary>);
        else if (o.type === 'policy') push(this.policies, ref.namespace, ref as Ref<PolicySummary>);
        else if (o.type === 'opaque') push(this.opaque, ref.namespace, ref as Ref<OpaqueSummary>);
        else push(this.namespaces, o.name, ref as Ref<NamespaceSummary>);
      }
      this.byFile.set(f.file, refs);
    }
    this.podTemplates = templates;
    this.hasWorkloads = this.workloads.size > 0;
  }

  private readonly podLabelIndex = new Map<string, Map<string, Map<string, Array<Ref<WorkloadSummary>>>>>();

  /**
   * The workloads of `namespace` by pod label (key -> value -> workloads, in `workloadsIn` order), with the values the
   * kustomize build may give; under the value ANY_VALUE, those whose controller sets the key with a value not known;
   * under the key ANY_VALUE, those whose labels a patch changes in ways the tool does not read.
   */
  workloadsByPodLabel(namespace: string): ReadonlyMap<string, ReadonlyMap<string, ReadonlyArray<Ref<WorkloadSummary>>>> {
    let index = this.podLabelIndex.get(namespace);
    if (!index) {
      index = new Map();
      const add = (k: string, v: string, w: Ref<WorkloadSummary>) => {
        let values = index!.get(k);
        if (!values) index!.set(k, (values = new Map()));
        push(values, v, w);
      };
      for (const w of this.workloadsIn(namespace)) {
        if (w.patched?.unknownLabels) {
          add(ANY_VALUE, ANY_VALUE, w);
          continue;
        }
        const labels = w.obj.podLabels ?? {};
        for (const [k, v] of Object.entries(labels)) add(k, v, w);
        for (const k of w.obj.anyValue ?? []) if (!Object.prototype.hasOwnProperty.call(labels, k)) add(k, ANY_VALUE, w);
        for (const [k, values] of w.patched?.labels ?? []) for (const v of values) if (labels[k] !== v) add(k, v, w);
        for (const [k, values] of Object.entries(w.obj.altLabels ?? {})) for (const v of values) if (labels[k] !== v) add(k, v, w);
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

  opaqueIn(namespace: string): ReadonlyArray<Ref<OpaqueSummary>> {
    return this.opaque.get(namespace) ?? [];
  }

  servicesIn(namespace: string): ReadonlyArray<Ref<ServiceSummary>> {
    return this.services.get(namespace) ?? [];
  }

  private readonly serviceNames = new Map<string, Map<string, Array<Ref<ServiceSummary>>>>();

  /** The Services of `namespace` named `name`, in `servicesIn` order. */
  servicesNamed(namespace: string, name: string): ReadonlyArray<Ref<ServiceSummary>> {
    let names = this.serviceNames.get(namespace);
    if (!names) {
      names = new Map();
      for (const s of this.servicesIn(namespace)) push(names, s.obj.name, s);
      this.serviceNames.set(namespace, names);
    }
    return names.get(name) ?? [];
  }

  private nodePortIndex?: Map<number, Array<{ o: Ref<ServiceSummary>; q: ServicePort }>>;

  /** The Service ports, in any namespace, with this nodePort written (node ports are cluster-wide). */
  servicesWithNodePort(port: number): ReadonlyArray<{ o: Ref<ServiceSummary>; q: ServicePort }> {
    if (!this.nodePortIndex) {
      this.nodePortIndex = new Map();
      for (const list of this.services.values()) for (const o of list) for (const q of o.obj.ports) if (q.nodePort !== undefined && q.nodePortAt) push(this.nodePortIndex, q.nodePort, { o, q });
    }
    return this.nodePortIndex.get(port) ?? [];
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

const kubeadmMemo = new WeakMap<FileSummary, boolean>();
const kubeadmPatch = (f: FileSummary): boolean => {
  let v = kubeadmMemo.get(f);
  if (v === undefined) kubeadmMemo.set(f, (v = isKubeadmPatch(f.file)));
  return v;
};

const effectsMemo = new WeakMap<ObjectSummary, { build: BuildInfo; effects: PatchEffects | undefined }>();

/** patchEffects, kept per object while its build (resolved again when a kustomization or patch changes) is the same. */
function effectsOf(o: ObjectSummary, build: BuildInfo, files: ReadonlyMap<string, FileSummary>): PatchEffects | undefined {
  const m = effectsMemo.get(o);
  if (m?.build === build) return m.effects;
  const effects = patchEffects(o, build, files);
  effectsMemo.set(o, { build, effects });
  return effects;
}

/** In WorkspaceView.workloadsByPodLabel: the workloads whose pods get the key with a value the tool does not know. */
export const ANY_VALUE = '\0any';
