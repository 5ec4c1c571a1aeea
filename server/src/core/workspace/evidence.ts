// What the workspace can show about an object's pods, and where it cannot see. A repository is rarely one
// application: it holds independent examples that share `default`, alternative variants, kustomize bases used by
// several overlays, templates, and custom resources whose operators create pods. So the checks look at the nearest
// unit first: the object's file, its folder (and below) and the kustomize builds that include it; and they make no
// claim of "matches nothing" where something they cannot read decides it.
import { folderOf } from './paths';
import { namespaceDefaulted, type Ref, type WorkspaceView } from './model';
import { mayHave } from './pods';
import { workloadsSelectedBy } from './queries';
import type { Selector } from './selectors';
import type { OpaqueSummary, WorkloadSummary } from './summary';

/** Filled by cluster bootstrap and add-ons (static control-plane pods, CNI, DNS), never by one manifest set. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Whether `file` is in `folder` or below it. */
export function isUnder(file: string, folder: string): boolean {
  if (!folder) return true;
  return file.length > folder.length && file.startsWith(folder) && (file[folder.length] === '/' || file[folder.length] === '\\');
}

/** Whether two objects are in one kustomize build with the same name prefix and suffix (then applied together). */
export function sameBuild(a: Ref, b: Ref): boolean {
  if (!a.build || !b.build) return false;
  return a.build.builds.some((x) => b.build!.builds.some((y) => x.root === y.root && x.prefix === y.prefix && x.suffix === y.suffix));
}

/** The namespaces an object is in: one, or one per kustomize build when its builds disagree (a base in two overlays). */
export function namespacesOf(ref: Ref): string[] {
  if (!ref.build?.namespaceAmbiguous) return [ref.namespace];
  return [...new Set(ref.build.namespaces.map((n) => n || (ref.obj.type !== 'namespace' && ref.obj.namespace) || ref.namespace))];
}

/** Whether two objects are in one kustomize build (whatever their name prefixes). */
export function sharesRoot(a: Ref, b: Ref): boolean {
  return !!a.build && !!b.build && a.build.builds.some((x) => b.build!.builds.some((y) => x.root === y.root));
}

/** Whether `other` is in the unit of `ref`: its folder or below, or a kustomize build that includes both. */
export function isNear(ref: Ref, other: Ref): boolean {
  if (other.file === ref.file) return true;
  if (isUnder(other.file.file, folderOf(ref.file.file))) return true;
  return sharesRoot(ref, other);
}

/**
 * The refs of `list` nearest to `ref`: those of its file, else those whose folder shares the longest path with its
 * folder (its own folder, then a sibling's, ...). Services of one example are judged against that example's pods.
 */
export function nearest<T extends Ref>(ref: Ref, list: readonly T[]): T[] {
  if (list.length <= 1) return list.slice();
  const sameFile = list.filter((r) => r.file === ref.file);
  if (sameFile.length) return sameFile;
  // Then those whose folder shares the longest path with the object's folder (its own folder first, then siblings...).
  const folder = folderOf(ref.file.file);
  let best = -1;
  let out: T[] = [];
  for (const r of list) {
    const n = commonDepth(folder, folderOf(r.file.file));
    if (n > best) [best, out] = [n, [r]];
    else if (n === best) out.push(r);
  }
  return out;
}

/** How many leading path segments two folders share. */
function commonDepth(a: string, b: string): number {
  const x = a.split(/[\\/]/);
  const y = b.split(/[\\/]/);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * Workloads of any namespace that `selector` may select and that could share the namespace of `ref` once applied:
 * those whose namespace `kubectl apply -n` decides, and, when `ref`'s own namespace is decided that way, all of them.
 */
export function mayShareNamespace(view: WorkspaceView, ref: Ref, selector: Selector): boolean {
  for (const [ns, list] of view.workloads) {
    if (ns === ref.namespace && !namespaceDefaulted(ref)) continue;
    const candidates = namespaceDefaulted(ref) ? list : list.filter((w) => namespaceDefaulted(w));
    if (candidates.length && workloadsSelectedBy(view, ns, selector).some((w) => candidates.includes(w))) return true;
  }
  return false;
}

/** Pods of other namespaces, defined next to `ref`, that `selector` would select: the sign of a namespace mix-up. */
export function selectedInOtherNamespacesNear(view: WorkspaceView, ref: Ref, selector: Selector): Array<Ref<WorkloadSummary>> {
  return [...view.workloads]
    .filter(([ns]) => ns !== ref.namespace)
    .flatMap(([ns]) => workloadsSelectedBy(view, ns, selector))
    .filter((w) => isNear(ref, w));
}

/** Whether the ports of the Service or of the selected pods are changed by a kustomize patch the tool does not read. */
export function portsBlind(refs: readonly Ref[]): boolean {
  return refs.some((r) => !!r.patched?.unknownPorts);
}

export interface Evidence {
  /** Why no "matches nothing" verdict can be given; undefined when one can. */
  blind?: string;
  /** Pod sources of the namespace in the object's unit; none means its pods are defined elsewhere: no verdict. */
  pods: Array<Ref<WorkloadSummary>>;
  /** Custom resources of the namespace that may create pods the tool cannot see (the nearest): a verdict is information at most. */
  opaque: Array<Ref<OpaqueSummary>>;
  /** `pods` come from the parent folder, the unit having none: judge only a near miss (see nearMiss). */
  wider?: boolean;
}

/**
 * A pod source whose labels the selector's matchLabels miss by one typo: one value (or key) differing by at most two
 * edits, or one a prefix of the other (`web` for `web-server`). The evidence that a selector meant those pods.
 */
export function nearMiss(selector: Selector, pods: ReadonlyArray<Ref<WorkloadSummary>>): Ref<WorkloadSummary> | undefined {
  const wanted = Object.entries(selector.matchLabels);
  if (!wanted.length) return undefined;
  return pods.find((w) => {
    const labels = w.obj.podLabels;
    if (!labels) return false;
    let misses = 0;
    for (const [k, v] of wanted) {
      if (mayHave(w.obj, k, v, w.patched)) continue;
      const close = Object.prototype.hasOwnProperty.call(labels, k) ? similar(labels[k], v) : Object.keys(labels).some((k2) => labels[k2] === v && similar(k2, k));
      if (!close || ++misses > 1) return false;
    }
    return misses === 1;
  });
}

/** One typo apart: at most two edits, or one a prefix of the other (at least 3 characters). */
export function similar(a: string, b: string): boolean {
  // Label keys and values are short (at most 317 and 63 characters); anything longer is not compared letter by letter.
  if (a === b || a.length > 320 || b.length > 320) return false;
  if (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
  return Math.abs(a.length - b.length) <= 2 && editDistance(a, b, 2) <= 2;
}

/** Levenshtein distance, stopping once it exceeds `max` (label values are at most 63 characters). */
function editDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Why objects of `namespace` near `ref` may exist that the workspace does not show: a system namespace, a kustomize
 * build the tool cannot follow, a template in the folder. Undefined when nothing hides them.
 */
export function blindSpot(view: WorkspaceView, ref: Ref, namespace = ref.namespace): string | undefined {
  if (SYSTEM_NAMESPACES.has(namespace)) return `namespace ${namespace} is filled by the cluster's bootstrap and add-ons`;
  const hidden = buildHides(ref, namespace);
  if (hidden) return hidden;
  if (ref.patched?.unknownSelector) return 'a kustomize patch changes its selector';
  const folder = folderOf(ref.file.file);
  const template = view.podTemplates.find(
    (t) => (!t.namespaces || t.namespaces.includes(namespace)) && (isUnder(t.file, folder) || (t.build && ref.build && t.build.builds.some((x) => ref.build!.builds.some((y) => x.root === y.root)))),
  );
  return template ? `a template next to it or in its kustomize build may create pods (${template.file})` : undefined;
}

/** Why a kustomize build including `ref` may hold objects of `namespace` the tool cannot read or follow. */
export function buildHides(ref: Ref, namespace = ref.namespace): string | undefined {
  if (ref.build?.opaque.length) return `a kustomize build including this file uses ${ref.build.opaque[0]}`;
  const unseen = ref.build?.unseen.find((u) => u.namespace === undefined || u.namespace === namespace);
  return unseen ? `a kustomize build including this file adds objects the tool cannot read: ${unseen.why}` : undefined;
}

/** What the workspace shows of the pods that could be meant by an object in `namespace` (its own, or a peer's). */
export function evidenceFor(view: WorkspaceView, ref: Ref, namespace = ref.namespace): Evidence {
  const none: Evidence = { pods: [], opaque: [] };
  const blind = blindSpot(view, ref, namespace);
  if (blind) return { ...none, blind };
  const all = view.workloadsIn(namespace);
  let pods = all.filter((w) => isNear(ref, w));
  // An object whose namespace `kubectl apply -n` decides goes where the pods next to it go.
  if (!pods.length && namespaceDefaulted(ref)) pods = [...view.workloads.values()].flat().filter((w) => isNear(ref, w));
  if (!pods.length) {
    // Look wider only where the unit has nothing: the parent folder and below (services/ next to deployments/). A
    // repository of examples shares namespaces between unrelated ones, so there only a near miss is evidence.
    const parent = folderOf(folderOf(ref.file.file));
    return { pods: all.filter((w) => isUnder(w.file.file, parent)), opaque: [], wider: true };
  }
  // Pods applied together with it whose labels a kustomize transform changes in ways the tool cannot follow may be
  // the ones meant.
  const changed = pods.find((w) => (w.build?.opaque.length || w.patched?.unknownLabels) && sharesRoot(ref, w));
  if (changed) return { ...none, blind: `the labels of ${changed.obj.kind} ${changed.obj.name} are changed by a kustomize transform the tool does not follow` };
  // Any custom resource of the namespace may be the one whose operator creates the pods; the nearest are named first.
  return { pods, opaque: nearest(ref, view.opaqueIn(namespace)) };
}
