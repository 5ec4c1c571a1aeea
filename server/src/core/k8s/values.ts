// Type guards for manifest values: the object a rule sees is untyped user input, and a value of the wrong JSON type
// is the schema's to report, so rules read every field through these and silently skip what does not fit.

export type Obj = Record<string, unknown>;

export function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function obj(x: unknown): Obj | undefined {
  return isObj(x) ? x : undefined;
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** An integer as Go's int32 decoding accepts it (the schema rejects fractions and strings). */
export function int(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) ? x : undefined;
}

export function list(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/**
 * The value at `path` below `value`, following own keys of mappings and indices of sequences only (never a
 * prototype's `constructor` or `__proto__`); undefined where a step is missing.
 */
export function get(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = value;
  for (const k of path) {
    if (typeof k === 'number') v = Array.isArray(v) && k >= 0 && k < v.length ? v[k] : undefined;
    else v = isObj(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** A string map (labels, annotations, selectors) with its non-string entries left out. */
export function stringMap(x: unknown): Array<[string, string]> {
  if (!isObj(x)) return [];
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out.push([k, v]);
  return out;
}

/** Go's `len()` of a string counts UTF-8 bytes, not UTF-16 code units. */
export function byteLength(s: string): number {
  // Every UTF-16 code unit is 1 to 3 UTF-8 bytes (a surrogate pair, 2 units, is 4): ASCII needs no counting.
  if (/^[\x00-\x7f]*$/.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
