// Runs the cross-file checks (checks/) of one file and keeps their results between calls: after an edit of that
// file only, a check of an object runs again only when the object changed or something the check read of the view
// did; otherwise its previous problems are moved to the object's new offset. Results are the same as a fresh run
// (test/unit/incremental-crossfile.test.ts). Checks never see this layer: the view they get records what they read,
// through the accessor table VIEW_SCOPES in model.ts.
import type { AnalysisOptions, Problem, RelatedPlace, Span } from '../types';
import { workspaceChecks } from './checks';
import type { CheckContext, WorkspaceCheck } from './checks/types';
import { objectSignature, type Ref, sameFileContext, scopesOf, VIEW_COLLECTIONS, VIEW_SCOPES, WorkspaceView } from './model';
import { positionOf, type ObjectSummary } from './summary';

const byOptions = new WeakMap<AnalysisOptions, Map<string, readonly WorkspaceCheck[]>>();
const NONE: readonly WorkspaceCheck[] = [];

/** The checks that run on an object, in report order (once per options and object type). */
function checksOf(o: ObjectSummary, options: AnalysisOptions): readonly WorkspaceCheck[] {
  let byType = byOptions.get(options);
  if (!byType) {
    byType = new Map();
    for (const c of workspaceChecks) if (options.rules[c.id] !== 'off') byType.set(c.target, [...(byType.get(c.target) ?? []), c]);
    byOptions.set(options, byType);
  }
  return byType.get(o.type) ?? NONE;
}

interface Run {
  file: string;
  out: Problem[];
  /** Related places in the checked file, with the object each points at. */
  sameFile?: Map<RelatedPlace, { obj: ObjectSummary; base: number }>;
}

function contextFor(check: WorkspaceCheck, view: WorkspaceView, options: AnalysisOptions, ref: Ref, run: Run): CheckContext {
  return {
    view,
    options,
    report(span: Span, message: string, opts) {
      const severity = opts?.uncertain && check.defaultSeverity !== 'hint' ? 'information' : check.defaultSeverity;
      const related = opts?.related?.length ? opts.related : undefined;
      run.out.push({ ruleId: check.id, severity, start: ref.base + span.start, end: ref.base + span.end, message, related, ...(opts?.uncertain && { uncertain: true }) });
    },
    related: (other, span, message) => relatedPlace(run, other, span, message),
  };
}

/** A related place; in another file it carries line/character, since the caller may not hold that file's text. */
function relatedPlace(run: Run, ref: Ref, span: Span, message: string): RelatedPlace {
  const start = ref.base + span.start;
  const end = ref.base + span.end;
  if (ref.file.file === run.file) {
    const place = { start, end, message };
    run.sameFile?.set(place, { obj: ref.obj, base: ref.base });
    return place;
  }
  const s = positionOf(ref.file.lines, start);
  const e = positionOf(ref.file.lines, end);
  return { file: ref.file.uri, start, end, message, at: { line: s.line, character: s.character, endLine: e.line, endCharacter: e.character } };
}

/** Problems of the cross-file checks located in `file`, before severity settings and suppression comments. */
export function workspaceProblems(view: WorkspaceView, file: string, options: AnalysisOptions): Problem[] {
  const run: Run = { file, out: [] };
  for (const ref of view.byFile.get(file) ?? []) for (const check of checksOf(ref.obj, options)) check.check(contextFor(check, view, options, ref, run), ref as never);
  return run.out;
}

// ---- Recording what a check reads --------------------------------------------------------------------------

/** A view that notes the scope keys of what a check reads (see VIEW_SCOPES); `*` for anything not declared. */
function recording(view: WorkspaceView, reads: Set<string>): WorkspaceView {
  const t = view as unknown as Record<string | symbol, unknown>;
  return new Proxy(view, {
    get(_target, p) {
      if (typeof p === 'string') {
        const scope = VIEW_SCOPES[p];
        if (scope) {
          const fn = t[p] as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => {
            reads.add((scope as (...a: unknown[]) => string)(...args));
            return fn.apply(view, args);
          };
        }
        const key = VIEW_COLLECTIONS[p];
        if (key !== undefined) {
          if (key) reads.add(key);
          return t[p];
        }
      }
      reads.add('*');
      const v = t[p];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(view) : v;
    },
  });
}

// ---- Incremental checking ----------------------------------------------------------------------------------

/** What one check of one object reported, and what it read of the view. */
interface Unit {
  readonly namespace: string;
  /** The object's base when the problems were computed. */
  readonly base: number;
  readonly problems: Problem[];
  readonly reads: ReadonlySet<string>;
  readonly sameFile: ReadonlyMap<RelatedPlace, SameFilePlace>;
}

/** A related place in the checked file: the object it points at (by index in the file's objects) and that object's base then. */
interface SameFilePlace {
  obj: ObjectSummary;
  index: number;
  base: number;
}

/** How the objects of a file before an edit map to those after: `old(i)` is the index before of object `i` after, or -1. */
interface Alignment {
  /** The scope keys of the objects whose meaning changed. */
  keys: Set<string>;
  old(i: number): number;
  now(j: number): number;
}

/**
 * What changed for the checks between two views in which only `file` may differ; undefined when something else
 * changed (another file, the file's kustomization, a namespace default): then everything is checked again.
 */
function align(before: WorkspaceView, after: WorkspaceView, file: string): Alignment | undefined {
  if (before.defaultNamespace !== after.defaultNamespace || before.files.size !== after.files.size) return undefined;
  for (const [k, f] of after.files) {
    const was = before.files.get(k);
    if (k === file ? !was || !sameFileContext(was, f) : was !== f) return undefined;
  }
  const a = before.byFile.get(file) ?? [];
  const b = after.byFile.get(file) ?? [];
  const keys = new Set<string>();
  if (a.length === b.length) {
    if (before !== after) {
      for (let i = 0; i < a.length; i++) {
        if (a[i].obj === b[i].obj && a[i].namespace === b[i].namespace) continue;
        // Moved or edited without changing its meaning (an annotation, a comment): positions only.
        if (a[i].namespace === b[i].namespace && objectSignature(a[i].obj) === objectSignature(b[i].obj)) continue;
        scopesOf(a[i], keys);
        scopesOf(b[i], keys);
      }
    }
    return { keys, old: (i) => i, now: (j) => j };
  }
  const same = (i: number, j: number) => a[i].obj === b[j].obj && a[i].namespace === b[j].namespace;
  let head = 0;
  while (head < a.length && head < b.length && same(head, head)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a.length - 1 - tail, b.length - 1 - tail)) tail++;
  for (let i = head; i < a.length - tail; i++) scopesOf(a[i], keys);
  for (let i = head; i < b.length - tail; i++) scopesOf(b[i], keys);
  const delta = b.length - a.length;
  return {
    keys,
    old: (i) => (i < head ? i : i >= b.length - tail ? i - delta : -1),
    now: (j) => (j < head ? j : j >= a.length - tail ? j + delta : -1),
  };
}

/**
 * The cross-file problems of one file, kept between calls (one instance per open file). The result is always the
 * same as workspaceProblems'.
 */
export class FileChecks {
  private state?: { view: WorkspaceView; file: string; options: AnalysisOptions; refs: readonly Ref[]; units: Unit[][] };

  problems(view: WorkspaceView, file: string, options: AnalysisOptions): Problem[] {
    const refs = view.byFile.get(file) ?? [];
    const prev = this.state;
    const alignment = prev && prev.file === file && prev.options === options ? align(prev.view, view, file) : undefined;
    const units: Unit[][] = [];
    const out: Problem[] = [];
    // Where the object a related place points at is now; undefined when it changed or is gone.
    const baseNow = (r: SameFilePlace): number | undefined => {
      const i = alignment!.now(r.index);
      return i >= 0 && refs[i]?.obj === r.obj ? refs[i].base : undefined;
    };
    // The index of each object of the file, built once per call when a related place needs it.
    let index: Map<ObjectSummary, number> | undefined;
    const indexOf = (o: ObjectSummary): number => {
      if (!index) {
        // An object that appears twice (identical documents) cannot be placed.
        index = new Map();
        for (let k = 0; k < refs.length; k++) index.set(refs[k].obj, index.has(refs[k].obj) ? -1 : k);
      }
      return index.get(o) ?? -1;
    };
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      const j = alignment ? alignment.old(i) : -1;
      const old = j >= 0 && prev!.refs[j]?.obj === ref.obj ? prev!.units[j] : undefined;
      const list = checksOf(ref.obj, options).map((check, k) => {
        const u = old?.[k];
        if (u && reusable(u, ref, alignment!.keys, baseNow)) {
          emit(u, ref.base, baseNow, out);
          return u.sameFile.size ? renumber(u, alignment!) : u;
        }
        const unit = runUnit(check, view, file, options, ref, indexOf);
        emit(unit, ref.base, undefined, out);
        return unit;
      });
      units.push(list);
    }
    this.state = { view, file, options, refs, units };
    return out;
  }
}

/** The unit with its related places numbered as the objects are now, for the next edit. */
function renumber(u: Unit, alignment: Alignment): Unit {
  const sameFile = new Map<RelatedPlace, SameFilePlace>();
  for (const [place, r] of u.sameFile) sameFile.set(place, { ...r, index: alignment.now(r.index) });
  return { ...u, sameFile };
}

function reusable(u: Unit, ref: Ref, changed: ReadonlySet<string>, baseNow: (r: SameFilePlace) => number | undefined): boolean {
  if (u.namespace !== ref.namespace) return false;
  if (changed.size) {
    if (u.reads.has('*')) return false;
    for (const k of changed) if (u.reads.has(k)) return false;
  }
  for (const r of u.sameFile.values()) if (baseNow(r) === undefined) return false;
  return true;
}

function runUnit(check: WorkspaceCheck, view: WorkspaceView, file: string, options: AnalysisOptions, ref: Ref, indexOf: (o: ObjectSummary) => number): Unit {
  const reads = new Set<string>();
  const run: Run = { file, out: [], sameFile: new Map() };
  check.check(contextFor(check, recording(view, reads), options, ref, run), ref as never);
  const sameFile = new Map<RelatedPlace, SameFilePlace>();
  for (const [place, r] of run.sameFile!) sameFile.set(place, { obj: r.obj, base: r.base, index: indexOf(r.obj) });
  return { namespace: ref.namespace, base: ref.base, problems: run.out, reads, sameFile };
}

/** Appends the unit's problems at the objects' current offsets (`baseNow` for a unit computed before this view). */
function emit(u: Unit, base: number, baseNow: ((r: SameFilePlace) => number | undefined) | undefined, out: Problem[]): void {
  const by = base - u.base;
  for (const p of u.problems) {
    const moved = !!baseNow && !!p.related?.some((r) => {
      const s = u.sameFile.get(r);
      return !!s && baseNow(s) !== s.base;
    });
    if (!by && !moved) {
      out.push(p);
      continue;
    }
    const related = moved
      ? p.related!.map((r) => {
          const s = u.sameFile.get(r);
          const d = s ? baseNow!(s)! - s.base : 0;
          return d ? { ...r, start: r.start + d, end: r.end + d } : r;
        })
      : p.related;
    out.push({ ...p, start: p.start + by, end: p.end + by, related });
  }
}
