// kustomize, as far as the cross-file checks need it: which files a kustomization builds, which files are patches
// (partial objects that are never applied as they are), and what the build does to namespaces, names and pod labels.
// Labels the build adds (commonLabels, labels) and strategic-merge patches of pod labels are followed (model.ts
// merges them into the targets); what cannot be followed exactly (remote resources, Helm charts, generator and
// transformer plugins, JSON patches and replacements that touch labels or selectors without a named target) is
// recorded as `opaque`: the checks then make no claim that depends on it. Paths are compared normalised.
import { isObj, stringMap } from '../k8s/values';
import { inlinePatchOps, type PatchOps } from './patch-ops';
import { folderOf } from './paths';

/** Which objects a patch applies to, as written in the kustomization (`target:`); absent means by the patch's own kind and name. */
export interface PatchTarget {
  kind?: string;
  name?: string;
}

/** A patch of a kustomization: a file, or an inline patch (then only whether it touches labels or ports is kept). */
export type Patch = { readonly file: string; readonly target?: PatchTarget } | { readonly inline: true; readonly target?: PatchTarget; readonly ops: PatchOps };

/** What one kustomization file says, reduced to what the checks use. */
export interface Kustomization {
  namespace?: string;
  /** `resources` and `bases` entries: files, folders (another kustomization) or remote URLs. */
  resources: readonly string[];
  components: readonly string[];
  /** Patches, their file paths relative to the kustomization's folder. */
  patches: readonly Patch[];
  namePrefix?: string;
  nameSuffix?: string;
  /** Labels the build sets on pod templates (`commonLabels`, `labels` with includeTemplates or includeSelectors). */
  templateLabels: Readonly<Record<string, string>>;
  /** Labels the build adds to selectors (`commonLabels`, `labels` with includeSelectors). */
  selectorLabels: Readonly<Record<string, string>>;
  /** Names of workloads whose replicas the build sets (`replicas:`). */
  replicas: readonly string[];
  /** Why the build cannot be followed exactly; empty when it can. */
  opaque: readonly string[];
  /** Objects the build adds that the tool cannot read (remote resources, Helm charts, generator plugins). */
  unseen: readonly string[];
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : []);
/** Text that patches or replaces labels or selectors. */
const TOUCHES_LABELS = /\b(labels|selector|matchLabels)\b/;
const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/[^/]/;

export function isKustomizationValue(v: Record<string, unknown>): boolean {
  if (typeof v.apiVersion === 'string') return v.apiVersion.startsWith('kustomize.config.k8s.io/');
  // An old-style kustomization.yaml names neither apiVersion nor kind.
  return v.kind === undefined && (Array.isArray(v.resources) || Array.isArray(v.bases) || Array.isArray(v.components) || typeof v.namespace === 'string');
}

function targetOf(t: unknown): PatchTarget | undefined {
  if (!isObj(t)) return undefined;
  const out: PatchTarget = {};
  if (typeof t.kind === 'string') out.kind = t.kind;
  if (typeof t.name === 'string') out.name = t.name;
  return out;
}

/** Reads a kustomization (`kind: Kustomization` or `Component`); never throws, ignores what it does not know. */
export function readKustomization(v: Record<string, unknown>): Kustomization {
  const opaque: string[] = [];
  const unseen: string[] = [];
  const patches: Patch[] = [];
  const templateLabels: Record<string, string> = {};
  const resources = [...strings(v.resources), ...strings(v.bases)];
  const remote = resources.find((r) => REMOTE.test(r));
  if (remote) unseen.push(`a remote resource (${remote})`);
  const inline = (text: string, target?: PatchTarget) => {
    const { ops, kind, name } = inlinePatchOps(text);
    patches.push({ inline: true, target: target ?? { ...(kind && { kind }), ...(name && { name }) }, ops });
  };
  for (const p of Array.isArray(v.patches) ? v.patches : []) {
    if (isObj(p)) {
      if (typeof p.path === 'string') patches.push({ file: p.path.trim(), target: targetOf(p.target) });
      if (typeof p.patch === 'string') inline(p.patch, targetOf(p.target));
    } else if (typeof p === 'string') patches.push({ file: p.trim() });
  }
  for (const p of Array.isArray(v.patchesStrategicMerge) ? v.patchesStrategicMerge : []) {
    if (typeof p !== 'string') continue;
    if (/[\n:]/.test(p.trim())) inline(p);
    else patches.push({ file: p.trim() });
  }
  for (const p of Array.isArray(v.patchesJson6902) ? v.patchesJson6902 : []) {
    if (!isObj(p)) continue;
    // A JSON patch file is a list of operations for its target (model.ts reads only whether it touches labels or ports).
    if (typeof p.path === 'string') patches.push({ file: p.path.trim(), target: targetOf(p.target) ?? {} });
    if (typeof p.patch === 'string') inline(p.patch, targetOf(p.target));
  }
  for (const r of Array.isArray(v.replacements) ? v.replacements : []) {
    if (isObj(r) && (typeof r.path === 'string' || TOUCHES_LABELS.test(JSON.stringify(r.targets ?? '')))) opaque.push('a replacement that may change labels or selectors');
  }
  if (Array.isArray(v.transformers) && v.transformers.length) opaque.push('transformer plugins');
  if (Array.isArray(v.generators) && v.generators.length) unseen.push('generator plugins');
  if ((Array.isArray(v.helmCharts) && v.helmCharts.length) || isObj(v.helmChartInflationGenerator) || Array.isArray(v.helmChartInflationGenerator)) {
    unseen.push('Helm charts rendered by the build');
  }
  const selectorLabels: Record<string, string> = {};
  const addLabels = (pairs: unknown, selectors: boolean) => {
    for (const [k, val] of stringMap(pairs)) {
      templateLabels[k] = val;
      if (selectors) selectorLabels[k] = val;
    }
  };
  addLabels(v.commonLabels, true);
  for (const l of Array.isArray(v.labels) ? v.labels : []) {
    if (isObj(l) && (l.includeTemplates === true || l.includeSelectors === true)) addLabels(l.pairs, l.includeSelectors === true);
  }
  const replicas: string[] = [];
  for (const r of Array.isArray(v.replicas) ? v.replicas : []) if (isObj(r) && typeof r.name === 'string') replicas.push(r.name);
  return {
    namespace: typeof v.namespace === 'string' && v.namespace ? v.namespace : undefined,
    resources,
    components: strings(v.components),
    patches,
    namePrefix: typeof v.namePrefix === 'string' ? v.namePrefix : undefined,
    nameSuffix: typeof v.nameSuffix === 'string' ? v.nameSuffix : undefined,
    templateLabels,
    selectorLabels,
    replicas,
    opaque: [...new Set(opaque)],
    unseen,
  };
}

/** A patch that applies to a file's objects, with the patch file resolved to the caller's key. */
export type AppliedPatch = { readonly file: string; readonly target?: PatchTarget } | { readonly inline: true; readonly target?: PatchTarget; readonly ops: PatchOps };

/** What the builds that include a file do to it. */
export interface BuildInfo {
  /** A kustomization lists the file as a patch: partial objects, not objects. */
  patch: boolean;
  /** The kustomizations at the top of the builds that include the file (folders), each with the name prefix and suffix it gives. */
  builds: ReadonlyArray<{ root: string; prefix: string; suffix: string }>;
  /** The namespace every build gives the file's objects; undefined when none sets one. */
  namespace?: string;
  /** The builds disagree on the namespace (one base in several overlays): the object is in several namespaces. */
  namespaceAmbiguous: boolean;
  /** The namespace each build gives (`''`: the one written, or the default). */
  namespaces: readonly string[];
  /** Labels the builds set on pod templates, each with the values it may get. */
  templateLabels: ReadonlyMap<string, ReadonlySet<string>>;
  /** Labels every build adds to the selectors of the file's objects, with the value all agree on. */
  selectorLabels: Readonly<Record<string, string>>;
  /** Workload names whose replicas a build sets. */
  replicas: ReadonlySet<string>;
  /** The patches of the builds, which apply to the file's objects when kind and name match. */
  patches: readonly AppliedPatch[];
  /** What a build including the file does that the tool cannot follow. */
  opaque: readonly string[];
  /**
   * Objects a build including the file adds that the tool cannot read, anywhere in the build, with the namespace
   * the build gives them (undefined: any).
   */
  unseen: ReadonlyArray<{ why: string; namespace?: string }>;
}

export interface KustomizeInput {
  readonly file: string;
  readonly kustomization?: Kustomization;
}

/** Normalises `.` and `..` segments; keeps the separator style and a leading `..`. */
export function normalizePath(p: string): string {
  const sep = p.includes('/') || !p.includes('\\') ? '/' : '\\';
  const parts = p.split(/[\\/]/);
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part === '.' || (part === '' && i > 0 && i < parts.length - 1)) continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(part);
  }
  return out.join(sep);
}

const join = (dir: string, rel: string) => normalizePath(dir ? `${dir}/${rel}` : rel);

const MAX_DEPTH = 40;

interface MutableInfo {
  patch: boolean;
  builds: Array<{ root: string; prefix: string; suffix: string }>;
  nsSet: Set<string>;
  namespaces: string[];
  namespaceAmbiguous: boolean;
  namespace?: string;
  templateLabels: Map<string, Set<string>>;
  selectorLabels: Record<string, string>;
  /** Per build: the selector labels it adds (intersected into selectorLabels at the end). */
  selectorSets: Array<Record<string, string>>;
  replicas: Set<string>;
  patches: AppliedPatch[];
  opaque: string[];
  unseen: Array<{ why: string; namespace?: string }>;
}

interface Walk {
  ns?: string;
  prefix: string;
  suffix: string;
  labels: Array<[string, string]>;
  selectors: Record<string, string>;
  replicas: string[];
  patches: AppliedPatch[];
  opaque: string[];
}

/**
 * For every file some kustomization includes (transitively through folders of other kustomizations, `components`
 * too), what the builds do to it; files no kustomization includes are absent. Bounded: cycles and very deep chains stop.
 */
export function resolveBuilds(files: Iterable<KustomizeInput>): Map<string, BuildInfo> {
  const byPath = new Map<string, KustomizeInput>();
  const kustomizations = new Map<string, Kustomization>();
  for (const f of files) {
    byPath.set(normalizePath(f.file), f);
    if (f.kustomization) kustomizations.set(normalizePath(folderOf(f.file)), f.kustomization);
  }
  const out = new Map<string, MutableInfo>();
  if (!kustomizations.size) return out;
  const info = (file: string): MutableInfo => {
    let i = out.get(file);
    if (!i) {
      i = { patch: false, builds: [], nsSet: new Set(), namespaces: [], namespaceAmbiguous: false, templateLabels: new Map(), selectorLabels: {}, selectorSets: [], replicas: new Set(), patches: [], opaque: [], unseen: [] };
      out.set(file, i);
    }
    return i;
  };
  // Children: folders a kustomization includes; a kustomization included by another is not the top of a build.
  const included = new Set<string>();
  const members = new Map<string, { files: KustomizeInput[]; dirs: string[]; patches: AppliedPatch[] }>();
  for (const [dir, k] of kustomizations) {
    const m = { files: [] as KustomizeInput[], dirs: [] as string[], patches: [] as AppliedPatch[] };
    for (const r of [...k.resources, ...k.components]) {
      const p = join(dir, r);
      const f = byPath.get(p);
      if (f && !f.kustomization) m.files.push(f);
      else if (kustomizations.has(p)) {
        m.dirs.push(p);
        included.add(p);
      }
    }
    for (const p of k.patches) {
      if ('inline' in p) {
        m.patches.push(p);
        continue;
      }
      const f = byPath.get(join(dir, p.file));
      if (!f) continue;
      info(f.file).patch = true;
      m.patches.push(p.target ? { file: f.file, target: p.target } : { file: f.file });
    }
    members.set(dir, m);
  }
  for (const root of kustomizations.keys()) {
    if (included.has(root)) continue;
    const seen = new Set<string>();
    const inRoot: MutableInfo[] = [];
    const unseen: Array<{ why: string; namespace?: string }> = [];
    const walk = (dir: string, depth: number, acc: Walk) => {
      if (seen.has(dir) || depth > MAX_DEPTH) return;
      seen.add(dir);
      const k = kustomizations.get(dir)!;
      const m = members.get(dir)!;
      const here: Walk = {
        // The outermost kustomization's namespace wins; prefixes and suffixes nest; outer patches apply after inner ones.
        ns: acc.ns ?? k.namespace,
        prefix: acc.prefix + (k.namePrefix ?? ''),
        suffix: (k.nameSuffix ?? '') + acc.suffix,
        labels: acc.labels.concat(Object.entries(k.templateLabels)),
        // Inner values first, so that an outer kustomization's value wins.
        selectors: { ...k.selectorLabels, ...acc.selectors },
        replicas: acc.replicas.concat(k.replicas),
        patches: m.patches.concat(acc.patches),
        opaque: acc.opaque.concat(k.opaque),
      };
      for (const why of k.unseen) unseen.push({ why, namespace: here.ns });
      for (const f of m.files) {
        const i = info(f.file);
        inRoot.push(i);
        i.builds.push({ root, prefix: here.prefix, suffix: here.suffix });
        i.nsSet.add(here.ns ?? '');
        for (const [key, value] of here.labels) {
          let values = i.templateLabels.get(key);
          if (!values) i.templateLabels.set(key, (values = new Set()));
          values.add(value);
        }
        i.selectorSets.push(here.selectors);
        for (const r of here.replicas) i.replicas.add(r);
        for (const p of here.patches) if (!i.patches.includes(p)) i.patches.push(p);
        for (const o of here.opaque) if (!i.opaque.includes(o)) i.opaque.push(o);
      }
      for (const d of m.dirs) walk(d, depth + 1, here);
    };
    walk(root, 0, { prefix: '', suffix: '', labels: [], selectors: {}, replicas: [], patches: [], opaque: [] });
    // Objects the tool cannot read are part of the whole build, next to every file of it.
    if (unseen.length) for (const i of new Set(inRoot)) i.unseen.push(...unseen);
  }
  for (const i of out.values()) {
    // Selector labels all builds add with one value; where they differ, the selector is not changed (more permissive).
    const [first, ...rest] = i.selectorSets;
    for (const [k, v] of Object.entries(first ?? {})) if (rest.every((o) => o[k] === v)) i.selectorLabels[k] = v;
    const ns = [...i.nsSet];
    i.namespaces = ns;
    i.namespaceAmbiguous = ns.length > 1;
    i.namespace = ns.length === 1 && ns[0] ? ns[0] : ns.find((n) => n) || undefined;
  }
  return out;
}

/** Whether a patch applies to an object of this kind and name (a target without kind or name matches any). */
export function patchTargets(target: PatchTarget | undefined, kind: string, name: string): boolean {
  if (!target) return false;
  return (target.kind === undefined || target.kind === kind) && (target.name === undefined || target.name === name);
}

/** kubeadm's patch folders (`--patches`): `kube-apiserver+strategic.yaml`, `etcd0+json.json`: partial objects too. */
export function isKubeadmPatch(file: string): boolean {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return /^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubeletconfiguration)[^+.]*\+(strategic|merge|json)\.(ya?ml|json)$/.test(name);
}
