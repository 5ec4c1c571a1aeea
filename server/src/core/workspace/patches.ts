// What the kustomize patches of an object's builds do to it, as far as the checks need: pod labels and container
// ports a strategic-merge patch adds (merged as extra possible values), and what a JSON patch or an inline patch
// changes without the tool reading it (then the object's labels, selector or ports are unknown).
import { type AppliedPatch, type BuildInfo, patchTargets } from './kustomize';
import type { PatchOps } from './patch-ops';
import { type ContainerPort, type FileSummary, kindOf, type ObjectSummary } from './summary';

export interface PatchEffects {
  /** Pod labels a patch or the build may give the pods, with each possible value. */
  labels?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Container ports a patch adds. */
  ports?: readonly ContainerPort[];
  /** The pods' labels, the selector, or the ports are changed in ways the tool does not read. */
  unknownLabels?: true;
  unknownSelector?: true;
  unknownPorts?: true;
}

/** The effects of the build's labels and patches on `o`; undefined when there are none. */
export function patchEffects(o: ObjectSummary, build: BuildInfo, files: ReadonlyMap<string, FileSummary>): PatchEffects | undefined {
  const labels = new Map<string, Set<string>>();
  const add = (k: string, v: string) => {
    let values = labels.get(k);
    if (!values) labels.set(k, (values = new Set()));
    values.add(v);
  };
  const out: { ports?: ContainerPort[]; unknownLabels?: true; unknownSelector?: true; unknownPorts?: true } = {};
  const kind = kindOf(o);
  if (o.type === 'workload') for (const [k, values] of build.templateLabels) for (const v of values) add(k, v);
  for (const p of build.patches) apply(p);
  if (labels.size) return { ...out, labels };
  return out.ports || out.unknownLabels || out.unknownSelector || out.unknownPorts ? out : undefined;

  function ops(x: PatchOps): void {
    if (o.type === 'workload') {
      for (const [k, v] of x.labels) add(k, v);
      if (x.unknownLabels) out.unknownLabels = true;
    } else if (x.selector) out.unknownSelector = true;
    if (x.ports) out.unknownPorts = true;
  }

  function apply(p: AppliedPatch): void {
    if ('inline' in p) {
      if (patchTargets(p.target, kind, o.name)) ops(p.ops);
      return;
    }
    const file = files.get(p.file);
    if (!file) return;
    if (file.patchOps) {
      if (patchTargets(p.target ?? {}, kind, o.name)) ops(file.patchOps);
      return;
    }
    for (const e of file.entries) {
      const q = e.obj;
      const aimed = p.target ? patchTargets(p.target, kind, o.name) : q.type === o.type && kindOf(q) === kind && q.name === o.name;
      if (!aimed || q.type !== o.type) continue;
      if (q.type === 'workload') {
        for (const [k, v] of Object.entries(q.podLabels ?? {})) add(k, v);
        if (q.ports.length) out.ports = [...(out.ports ?? []), ...q.ports];
      } else if (q.type === 'service') {
        if (q.selector) out.unknownSelector = true;
        if (q.ports.length) out.unknownPorts = true;
      } else if (q.type === 'policy') out.unknownSelector = true;
    }
  }
}
