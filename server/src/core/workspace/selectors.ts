// Label selectors as the API server evaluates them (apimachinery labels.Selector), reduced to plain data.
// Values come from user YAML and are untyped: a selector that is not well-formed yields `undefined`
// ("cannot judge"), and every check skips what it cannot judge instead of guessing a mismatch.
import { isObj } from '../k8s/values';

export type Labels = Readonly<Record<string, string>>;

export interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: readonly string[];
}

/** A LabelSelector (`matchLabels` + `matchExpressions`); `{}` has neither and selects everything. */
export interface Selector {
  matchLabels: Labels;
  requirements: readonly Requirement[];
}

const OPS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);


/** A label value as kubectl would send it; numbers and booleans are decode errors the schema check reports already. */
function labelValue(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x === null) return '';
  return undefined;
}

/** `metadata.labels` or a Service `spec.selector`: a map of strings; `undefined` when it is not one. */
export function toLabels(raw: unknown): Labels | undefined {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const s = labelValue(v);
    if (s === undefined) return undefined;
    // As an own property whatever the key: a label named `__proto__` is a label, not the map's prototype.
    Object.defineProperty(out, k, { value: s, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A LabelSelector; absent or null reads as `{}` (the API server's defaulting), malformed as `undefined`. */
export function toSelector(raw: unknown): Selector | undefined {
  if (raw === undefined || raw === null) return { matchLabels: {}, requirements: [] };
  if (!isObj(raw)) return undefined;
  const matchLabels = toLabels(raw.matchLabels);
  if (!matchLabels) return undefined;
  const requirements: Requirement[] = [];
  const exprs = raw.matchExpressions;
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs)) return undefined;
    for (const e of exprs) {
      if (!isObj(e) || typeof e.key !== 'string' || typeof e.operator !== 'string' || !OPS.has(e.operator)) return undefined;
      const values = e.values === undefined || e.values === null ? [] : e.values;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) return undefined;
      requirements.push({ key: e.key, op: e.operator as Requirement['op'], values: values as string[] });
    }
  }
  return { matchLabels, requirements };
}

export function selectsAll(s: Selector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.requirements.length === 0;
}

/** A Service's `spec.selector` is a LabelSelector with matchLabels only. */
export function fromMap(labels: Labels): Selector {
  return { matchLabels: labels, requirements: [] };
}

/** Whether `s` selects an object with these labels. */
export function matches(s: Selector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
  }
  for (const r of s.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case 'NotIn':
        // As in apimachinery: a missing key satisfies NotIn.
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** `app=web,tier in (a,b)`, the way kubectl prints a selector; `{}` prints as "every pod". */
export function formatSelector(sel: Selector): string {
  const parts = Object.entries(sel.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of sel.requirements) {
    if (r.op === 'Exists') parts.push(r.key);
    else if (r.op === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.op === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`);
  }
  return parts.length ? parts.join(',') : '{}';
}
