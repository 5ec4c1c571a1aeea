// kustomize, as far as the cross-file checks need it: which files a kustomization builds, which files are patches
// (partial objects that are never applied as they are), and what the build does to namespaces, names and pod labels.
// What cannot be followed exactly (remote resources, Helm charts, generator and transformer plugins, patches and
// replacements that touch labels, selectors or namespaces) is recorded as `opaque`: the checks then make no claim
// that depends on it. Paths are compared as written by the caller, normalised (`a/./b/../c` is `a/c`).
import { folderOf } from './paths';

/** What one kustomization file says, reduced to what the checks use. */
export interface Kustomization {
  namespace?: string;
  /** `resources` and `bases` entries: files, folders (another kustomization) or remote URLs. */
  resources: readonly string[];
  components: readonly string[];
  /** Files holding patches: partial objects. */
  patchFiles: readonly string[];
  namePrefix?: string;
  nameSuffix?: string;
  /** Keys of labels the build adds to pod templates (`commonLabels`, `labels` with includeTemplates or includeSelectors). */
  templateLabels: readonly string[];
  /** Names of workloads whose replicas the build sets (`replicas:`). */
  replicas: readonly string[];
  /** Why the build cannot be followed exactly; empty when it can. */
  opaque: readonly string[];
  /** Why the containers' ports of the build are not known exactly (inline patches that change containers or ports). */
  opaquePorts: readonly string[];
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : []);
/** Text that patches or replaces labels, selectors or namespaces. */
const TOUCHES_LABELS = /\b(labels|selector|matchLabels|namespace)\b/;
/** Text that patches containers or their ports. */
const TOUCHES_PORTS = /\b(containers|ports|containerPort)\b/;
const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/[^/]/;

export function isKustomizationValue(v: Record<string, unknown>): boolean {
  if (typeof v.apiVersion === 'string') return v.apiVersion.startsWith('kustomize.config.k8s.io/');
  // An old-style kustomization.yaml names neither apiVersion nor kind.
  return v.kind === undefined && (Array.isArray(v.resources) || Array.isArray(v.bases) || Array.isArray(v.components) || typeof v.namespace === 'string');
}

/** Reads a kustomization (`kind: Kustomization` or `Component`); never throws, ignores what it does not know. */
export function readKustomization(v: Record<string, unknown>): Kustomization {
  const opaque: string[] = [];
  const patchFiles: string[] = [];
  const templateLabels = new Set<string>();
  const resources = [...strings(v.resources), ...strings(v.bases)];
  if (resources.some((r) => REMOTE.test(r))) opaque.push('a remote resource');
  const opaquePorts: string[] = [];
  const inline = (text: string) => {
    if (TOUCHES_LABELS.test(text)) opaque.push('a patch that changes labels, selectors or namespaces');
    if (TOUCHES_PORTS.test(text)) opaquePorts.push('a patch that changes containers or ports');
  };
  for (const p of Array.isArray(v.patches) ? v.patches : []) {
    if (isObj(p)) {
      if (typeof p.path === 'string') patchFiles.push(p.path.trim());
      if (typeof p.patch === 'string') inline(p.patch);
    } else if (typeof p === 'string') patchFiles.push(p.trim());
  }
  for (const p of Array.isArray(v.patchesStrategicMerge) ? v.patchesStrategicMerge : []) {
    if (typeof p !== 'string') continue;
    if (/[\n:]/.test(p.trim())) inline(p);
    else patchFiles.push(p.trim());
  }
  for (const p of Array.isArray(v.patchesJson6902) ? v.patchesJson6902 : []) {
    if (!isObj(p)) continue;
    if (typeof p.path === 'string') patchFiles.push(p.path.trim());
    if (typeof p.patch === 'string') inline(p.patch);
  }
  for (const r of Array.isArray(v.replacements) ? v.replacements : []) {
    if (isObj(r) && (typeof r.path === 'string' || TOUCHES_LABELS.test(JSON.stringify(r.targets ?? '')))) opaque.push('a replacement that may change labels or namespaces');
  }
  for (const key of ['transformers', 'generators']) if (strings(v[key]).length || (Array.isArray(v[key]) && (v[key] as unknown[]).length)) opaque.push(`${key} plugins`);
  if ((Array.isArray(v.helmCharts) && v.helmCharts.length) || isObj(v.helmChartInflationGenerator) || Array.isArray(v.helmChartInflationGenerator)) {
    opaque.push('Helm charts rendered by the build');
  }
  if (isObj(v.commonLabels)) for (const k of Object.keys(v.commonLabels)) templateLabels.add(k);
  for (const l of Array.isArray(v.labels) ? v.labels : []) {
    if (!isObj(l) || !isObj(l.pairs) || !(l.includeTemplates === true || l.includeSelectors === true)) continue;
    for (const k of Object.keys(l.pairs)) templateLabels.add(k);
  }
  const replicas: string[] = [];
  for (const r of Array.isArray(v.replicas) ? v.replicas : []) if (isObj(r) && typeof r.name === 'string') replicas.push(r.name);
  return {
    namespace: typeof v.namespace === 'string' && v.namespace ? v.namespace : undefined,
    resources,
    components: strings(v.components),
    patchFiles,
    namePrefix: typeof v.namePrefix === 'string' ? v.namePrefix : undefined,
    nameSuffix: typeof v.nameSuffix === 'string' ? v.nameSuffix : undefined,
    templateLabels: [...templateLabels],
    replicas,
    opaque: [...new Set(opaque)],
    opaquePorts: [...new Set(opaquePorts)],
  };
}

/** What the builds that include a file do to its objects. */
export interface BuildInfo {
  /** A kustomization lists the file as a patch: partial objects, not objects. */
  patch: boolean;
  /** The kustomizations at the top of the builds that include the file (folders), each with the name prefix and suffix it gives. */
  builds: ReadonlyArray<{ root: string; prefix: string; suffix: string }>;
  /** The namespace every build gives the file's objects; undefined when none sets one. */
  namespace?: string;
  /** The builds disagree on the namespace (one base in several overlays): the object is in several namespaces. */
  namespaceAmbiguous: boolean;
  /** Label keys the builds add to pod templates. */
  templateLabels: ReadonlySet<string>;
  /** Workload names whose replicas a build sets. */
  replicas: ReadonlySet<string>;
  /** What a build including the file does that the tool cannot follow. */
  opaque: readonly string[];
  /** What a build including the file does to containers and ports that the tool cannot follow. */
  opaquePorts: readonly string[];
}

export interface KustomizeInput {
  readonly file: string;
  readonly kustomization?: Kustomization;
  /** The file changes labels, selectors or namespaces when used as a patch. */
  readonly touchesLabels?: boolean;
  /** The file changes containers or ports when used as a patch. */
  readonly touchesPorts?: boolean;
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

/**
 * For every file some kustomization includes (transitively through folders of other kustomizations, `components`
 * too), what the builds do to it; files no kustomization includes are absent. Bounded: cycles and very deep chains stop.
 */
export function resolveBuilds(files: Iterable<KustomizeInput>): Map<string, BuildInfo> {
  const byPath = new Map<string, KustomizeInput>();
  const kustomizations = new Map<string, { input: KustomizeInput; k: Kustomization }>();
  for (const f of files) {
    byPath.set(normalizePath(f.file), f);
    if (f.kustomization) kustomizations.set(normalizePath(folderOf(f.file)), { input: f, k: f.kustomization });
  }
  const out = new Map<string, MutableInfo>();
  if (!kustomizations.size) return out;
  const info = (file: string): MutableInfo => {
    let i = out.get(file);
    if (!i) out.set(file, (i = { patch: false, builds: [], namespaces: new Set(), namespaceAmbiguous: false, templateLabels: new Set(), replicas: new Set(), opaque: [], opaquePorts: [] }));
    return i;
  };
  // Children: folders a kustomization includes; a kustomization included by another is not the top of a build.
  const included = new Set<string>();
  const members = new Map<string, { files: KustomizeInput[]; dirs: string[]; patches: KustomizeInput[] }>();
  for (const [dir, { k }] of kustomizations) {
    const m = { files: [] as KustomizeInput[], dirs: [] as string[], patches: [] as KustomizeInput[] };
    for (const r of [...k.resources, ...k.components]) {
      const p = join(dir, r);
      const f = byPath.get(p);
      if (f && !f.kustomization) m.files.push(f);
      else if (kustomizations.has(p)) {
        m.dirs.push(p);
        included.add(p);
      }
    }
    for (const r of k.patchFiles) {
      const f = byPath.get(join(dir, r));
      if (f) m.patches.push(f);
    }
    members.set(dir, m);
  }
  // Kustomizations whose patch files change labels, selectors or namespaces.
  const opaquePatch = new Set<string>();
  const portPatch = new Set<string>();
  for (const [dir, m] of members) {
    for (const f of m.patches) {
      info(f.file).patch = true;
      if (f.touchesLabels) opaquePatch.add(dir);
      if (f.touchesPorts) portPatch.add(dir);
    }
  }
  for (const root of kustomizations.keys()) {
    if (included.has(root)) continue;
    const seen = new Set<string>();
    const walk = (dir: string, depth: number, acc: { ns?: string; prefix: string; suffix: string; labels: string[]; replicas: string[]; opaque: string[]; ports: string[] }) => {
      if (seen.has(dir) || depth > MAX_DEPTH) return;
      seen.add(dir);
      const { k } = kustomizations.get(dir)!;
      const m = members.get(dir)!;
      const here = {
        // The outermost kustomization's namespace wins; prefixes and suffixes nest.
        ns: acc.ns ?? k.namespace,
        prefix: acc.prefix + (k.namePrefix ?? ''),
        suffix: (k.nameSuffix ?? '') + acc.suffix,
        labels: acc.labels.concat(k.templateLabels),
        replicas: acc.replicas.concat(k.replicas),
        opaque: acc.opaque.concat(k.opaque, opaquePatch.has(dir) ? ['a patch that changes labels, selectors or namespaces'] : []),
        ports: acc.ports.concat(k.opaquePorts, portPatch.has(dir) ? ['a patch that changes containers or ports'] : []),
      };
      for (const f of m.files) {
        const i = info(f.file);
        i.builds.push({ root, prefix: here.prefix, suffix: here.suffix });
        i.namespaces.add(here.ns ?? '');
        for (const l of here.labels) i.templateLabels.add(l);
        for (const r of here.replicas) i.replicas.add(r);
        for (const o of here.opaque) if (!i.opaque.includes(o)) i.opaque.push(o);
        for (const o of here.ports) if (!i.opaquePorts.includes(o)) i.opaquePorts.push(o);
      }
      for (const d of m.dirs) walk(d, depth + 1, here);
    };
    walk(root, 0, { prefix: '', suffix: '', labels: [], replicas: [], opaque: [], ports: [] });
  }
  for (const i of out.values()) {
    const ns = [...i.namespaces];
    i.namespaceAmbiguous = ns.length > 1;
    i.namespace = ns.length === 1 && ns[0] ? ns[0] : ns.find((n) => n) || undefined;
  }
  return out;
}

interface MutableInfo extends BuildInfo {
  builds: Array<{ root: string; prefix: string; suffix: string }>;
  namespaces: Set<string>;
  namespaceAmbiguous: boolean;
  namespace?: string;
  templateLabels: Set<string>;
  replicas: Set<string>;
  opaque: string[];
  opaquePorts: string[];
}

/** kubeadm's patch folders (`--patches`): `kube-apiserver+strategic.yaml`, `etcd0+json.json`: partial objects too. */
export function isKubeadmPatch(file: string): boolean {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return /^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubeletconfiguration)[^+.]*\+(strategic|merge|json)\.(ya?ml|json)$/.test(name);
}
