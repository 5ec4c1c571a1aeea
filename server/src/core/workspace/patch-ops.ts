// What a patch does to the labels, selectors and ports the checks read, from its parsed value: a JSON 6902 patch (a
// list of operations) or a strategic-merge patch (a partial object). Exact where the patch sets label values;
// `unknownLabels` where it changes pod labels in a way the tool does not follow (copy, move, a computed value).
import { parse } from 'yaml';
import { get, isObj, stringMap } from '../k8s/values';

export interface PatchOps {
  /** Pod template labels the patch sets, with their values. */
  labels: Array<[string, string]>;
  /** The patch changes pod template labels in a way not followed. */
  unknownLabels?: boolean;
  /** The patch changes a Service's or a policy's selector. */
  selector?: boolean;
  /** The patch changes containers or their ports. */
  ports?: boolean;
}

const TEMPLATE_LABELS = [/^\/spec\/template\/metadata\/labels(\/|$)/, /^\/spec\/jobTemplate\/spec\/template\/metadata\/labels(\/|$)/];
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Whether a parsed document is a JSON 6902 patch: a list of `{op, path}`. */
export function isJsonPatch(v: unknown): v is Array<Record<string, unknown>> {
  return Array.isArray(v) && v.length > 0 && v.every((o) => isObj(o) && typeof o.op === 'string' && typeof o.path === 'string');
}

export function jsonPatchOps(ops: ReadonlyArray<Record<string, unknown>>): PatchOps {
  const out: PatchOps = { labels: [] };
  for (const o of ops) {
    const path = String(o.path);
    const op = String(o.op);
    const m = TEMPLATE_LABELS.map((r) => r.exec(path)).find(Boolean);
    if (m) {
      if (op === 'remove' || op === 'test') continue;
      const rest = path.slice(m[0].length);
      if ((op === 'add' || op === 'replace') && !rest && isObj(o.value)) {
        out.labels.push(...stringMap(o.value));
      } else if ((op === 'add' || op === 'replace') && rest && !rest.includes('/') && typeof o.value === 'string') {
        out.labels.push([unescape(rest), o.value]);
      } else out.unknownLabels = true;
    } else if (/^\/spec\/(selector|podSelector|ingress|egress)(\/|$)/.test(path)) out.selector = true;
    else if (/\/containers(\/|$)/.test(path) && (/\/ports(\/|$)/.test(path) || /\/containers(\/-|\/\d+)?$/.test(path))) out.ports = true;
    else if (/^\/spec\/ports(\/|$)/.test(path)) out.ports = true;
  }
  return out;
}

/** A strategic-merge patch: labels of its pod template, and whether it sets a selector or container ports. */
export function mergePatchOps(v: Record<string, unknown>): PatchOps {
  const out: PatchOps = { labels: [] };
  for (const path of [['spec', 'template', 'metadata', 'labels'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']]) {
    out.labels.push(...stringMap(get(v, path)));
  }
  const spec = get(v, ['spec']);
  if (isObj(spec) && (spec.selector !== undefined || spec.podSelector !== undefined || spec.ingress !== undefined || spec.egress !== undefined) && v.kind !== 'Deployment' && v.kind !== 'StatefulSet' && v.kind !== 'DaemonSet' && v.kind !== 'ReplicaSet' && v.kind !== 'Job') {
    out.selector = true;
  }
  const containers = get(v, ['spec', 'template', 'spec', 'containers']);
  if (Array.isArray(containers) && containers.some((c) => isObj(c) && c.ports !== undefined)) out.ports = true;
  if (isObj(spec) && spec.ports !== undefined) out.ports = true;
  return out;
}

/** The effects of a patch written inline in a kustomization, with the kind and name it names for itself. */
export function inlinePatchOps(text: string): { ops: PatchOps; kind?: string; name?: string } {
  let v: unknown;
  try {
    v = parse(text, { maxAliasCount: 100, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  } catch {
    return { ops: { labels: [], unknownLabels: true, selector: true, ports: true } };
  }
  if (isJsonPatch(v)) return { ops: jsonPatchOps(v) };
  if (!isObj(v)) return { ops: { labels: [] } };
  const name = get(v, ['metadata', 'name']);
  return { ops: mergePatchOps(v), kind: typeof v.kind === 'string' ? v.kind : undefined, name: typeof name === 'string' ? name : undefined };
}
