// The cross-file checks: what the API server accepts but breaks traffic. Each problem is reported on an object
// of the file being checked and points (related information) at the other objects involved, in any file.
// Rule ids and docs are in rules.ts. Checks that need "nothing matches" evidence stay quiet when the workspace
// holds no workload at all: then the manifests simply live elsewhere.
import type { AnalysisOptions, Problem, RelatedPlace, Severity, Span } from '../types';
import { anyWorkloadSelectedBy, dnsVerdict, describe, nameList, workloadsSelectedBy } from './queries';
import { folderOf, objectSignature, Ref, WorkspaceView } from './model';
import { formatSelector, fromMap, matches, Selector, selectsAll } from './selectors';
import { positionOf, type ObjectSummary, PolicySummary, ServicePort, ServiceSummary, WorkloadSummary } from './summary';
import type { WorkloadDns } from './queries';

interface Ctx {
  view: WorkspaceView;
  file: string;
  options: AnalysisOptions;
  out: Problem[];
  /** When set, each related place in this file is noted with the object it points at (see FileChecks). */
  sameFile?: Map<RelatedPlace, { obj: ObjectSummary; base: number }>;
  /** With `sameFile`: the scope keys read, for checks that note finer keys than the view does (see checkDuplicates). */
  reads?: Set<string>;
}

const on = (ctx: Ctx, id: string) => ctx.options.rules[id] !== 'off';

function report(ctx: Ctx, ref: Ref, span: Span, ruleId: string, severity: Severity, message: string, related?: RelatedPlace[]): void {
  ctx.out.push({ ruleId, severity, start: ref.base + span.start, end: ref.base + span.end, message, related: related?.length ? related : undefined });
}

/** A related place; in another file it carries line/character, since the caller may not hold that file's text. */
export function relatedPlace(ctx: { file: string; sameFile?: Ctx['sameFile'] }, ref: Ref, span: Span, message: string): RelatedPlace {
  const start = ref.base + span.start;
  const end = ref.base + span.end;
  if (ref.file.file === ctx.file) {
    const place = { start, end, message };
    ctx.sameFile?.set(place, { obj: ref.obj, base: ref.base });
    return place;
  }
  const s = positionOf(ref.file.lines, start);
  const e = positionOf(ref.file.lines, end);
  return { file: ref.file.uri, start, end, message, at: { line: s.line, character: s.character, endLine: e.line, endCharacter: e.character } };
}

const MAX_RELATED = 10;

/**
 * The checks of one object, in the order they report. Each is a unit of caching in FileChecks: its result depends
 * only on the object itself and on what it reads of the view.
 */
type Check = (ctx: Ctx, ref: Ref) => void;
const SERVICE_CHECKS: Check[] = [
  (ctx, ref) => checkDuplicates(ctx, ref as Ref<ServiceSummary>),
  (ctx, ref) => {
    if ((ref as Ref<ServiceSummary>).obj.headless) checkHeadless(ctx, ref as Ref<ServiceSummary>);
  },
  (ctx, ref) => checkSelection(ctx, ref as Ref<ServiceSummary>),
];
const POLICY_CHECKS: Check[] = [
  (ctx, ref) => checkPodSelector(ctx, ref as Ref<PolicySummary>),
  (ctx, ref) => {
    if (ctx.view.workloadsIn(ref.namespace).length && on(ctx, 'netpol-peer-selector-no-match')) checkPeers(ctx, ref as Ref<PolicySummary>);
  },
  (ctx, ref) => {
    if (on(ctx, 'netpol-dns-egress-blocked') || on(ctx, 'netpol-dns-tcp-missing')) checkDns(ctx, ref as Ref<PolicySummary>);
  },
];
const STATEFULSET_CHECKS: Check[] = [(ctx, ref) => checkStatefulSet(ctx, ref as Ref<WorkloadSummary>)];

function checksOf(o: ObjectSummary): readonly Check[] {
  if (o.type === 'service') return SERVICE_CHECKS;
  if (o.type === 'policy') return POLICY_CHECKS;
  if (o.type === 'workload' && o.kind === 'StatefulSet') return STATEFULSET_CHECKS;
  return [];
}

/** Problems of the cross-file checks located in `file`, before severity settings and suppression comments. */
export function workspaceProblems(view: WorkspaceView, file: string, options: AnalysisOptions): Problem[] {
  const ctx: Ctx = { view, file, options, out: [] };
  for (const ref of view.byFile.get(file) ?? []) for (const check of checksOf(ref.obj)) check(ctx, ref);
  return ctx.out;
}

// ---- Incremental checking -----------------------------------------------------------------------------------

/** What one check of one object reported, and what it read of the view (scope keys, see `recording`). */
interface Unit {
  readonly namespace: string;
  /** The object's base when the problems were computed. */
  readonly base: number;
  readonly problems: Problem[];
  readonly reads: ReadonlySet<string>;
  readonly sameFile: ReadonlyMap<RelatedPlace, SameFilePlace>;
}

const RAW = Symbol('raw view');
/** The view behind a recording one, for a check that notes its own, finer, scope keys. */
const rawView = (view: WorkspaceView): WorkspaceView => (view as any)[RAW] ?? view;

/**
 * A view that notes which parts of the workspace a check reads: `W:<ns>` the workloads of a namespace, `W*` all
 * workloads, `S:`/`S*` Services, `P:`/`P*` policies, `N:<name>`/`N*` Namespace objects, `F:<folder>` the Services
 * of a folder, `*` anything else (then any change invalidates).
 */
function recording(view: WorkspaceView, reads: Set<string>): WorkspaceView {
  const t = view as any;
  const scoped = (prefix: string, name: string) => (arg: string) => {
    reads.add(prefix + arg);
    return t[name](arg);
  };
  return new Proxy(view, {
    get(_target, p) {
      switch (p) {
        case 'workloadsIn':
        case 'workloadsByPodLabel':
          return scoped('W:', p);
        case 'servicesIn':
          return scoped('S:', p);
        case 'policiesIn':
        case 'policiesByPodSelector':
          return scoped('P:', p);
        case 'namespaceLabels':
          return scoped('N:', p);
        case 'servicesOfFolder':
          return scoped('F:', p);
        case 'workloads':
        case 'hasWorkloads':
          reads.add('W*');
          return t[p];
        case 'services':
          reads.add('S*');
          return t[p];
        case 'policies':
          reads.add('P*');
          return t[p];
        case 'namespaces':
          reads.add('N*');
          return t[p];
        case 'defaultNamespace':
          return t[p];
        case RAW:
          return view;
        default: {
          reads.add('*');
          const v = t[p];
          return typeof v === 'function' ? v.bind(t) : v;
        }
      }
    },
  });
}

/** The scope keys an object belongs to (see `recording`): a change of the object invalidates checks that read them. */
function scopesOf(ref: Ref, out: Set<string>, counted = true): void {
  const o = ref.obj;
  if (o.type === 'workload') out.add(`W:${ref.namespace}`).add('W*');
  else if (o.type === 'service') {
    const folder = folderOf(ref.file.file);
    out.add(`S:${ref.namespace}`).add('S*').add(`F:${folder}`).add(`FN:${folder}\0${ref.namespace}\0${o.name}`);
    if (counted) out.add(`FC:${folder}`);
    for (const q of o.ports) if (q.nodePort !== undefined) out.add(`FP:${folder}\0${q.nodePort}`);
  }
  else if (o.type === 'policy') out.add(`P:${ref.namespace}`).add('P*');
  else out.add(`N:${o.name}`).add('N*');
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
 * changed (another file, a namespace default): then everything is checked again.
 */
function align(before: WorkspaceView, after: WorkspaceView, file: string): Alignment | undefined {
  if (before.defaultNamespace !== after.defaultNamespace || before.files.size !== after.files.size) return undefined;
  for (const [k, f] of after.files) {
    const was = before.files.get(k);
    if (k === file ? !was || was.kustomizeNamespace !== f.kustomizeNamespace : was !== f) return undefined;
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
        // A Service edited in place leaves the number of Services of its folder alone.
        const both = a[i].obj.type === 'service' && b[i].obj.type === 'service';
        scopesOf(a[i], keys, !both);
        scopesOf(b[i], keys, !both);
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

/** A related place in the checked file: the object it points at (by index in the file's objects) and that object's base then. */
interface SameFilePlace {
  obj: ObjectSummary;
  index: number;
  base: number;
}

/**
 * The cross-file problems of one file, kept between calls: after an edit of that file only, a check of an object
 * runs again only when the object changed or something the check read of the workspace did; otherwise its previous
 * problems are moved to the object's new offset. Results are the same as workspaceProblems'.
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
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      const j = alignment ? alignment.old(i) : -1;
      const old = j >= 0 && prev!.refs[j]?.obj === ref.obj ? prev!.units[j] : undefined;
      const list = checksOf(ref.obj).map((check, k) => {
        const u = old?.[k];
        if (u && reusable(u, ref, alignment!.keys, baseNow)) {
          emit(u, ref.base, baseNow, out);
          return u.sameFile.size ? renumber(u, alignment!) : u;
        }
        const unit = run(check, view, file, options, ref, refs);
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

function run(check: Check, view: WorkspaceView, file: string, options: AnalysisOptions, ref: Ref, refs: readonly Ref[]): Unit {
  const reads = new Set<string>();
  const places = new Map<RelatedPlace, { obj: ObjectSummary; base: number }>();
  const ctx: Ctx = { view: recording(view, reads), file, options, out: [], sameFile: places, reads };
  check(ctx, ref);
  const sameFile = new Map<RelatedPlace, SameFilePlace>();
  if (places.size) {
    // The index of each object pointed at; an object that appears twice (identical documents) cannot be placed.
    const index = new Map<ObjectSummary, number>();
    for (let i = 0; i < refs.length; i++) index.set(refs[i].obj, index.has(refs[i].obj) ? -1 : i);
    for (const [place, r] of places) sameFile.set(place, { obj: r.obj, base: r.base, index: index.get(r.obj) ?? -1 });
  }
  return { namespace: ref.namespace, base: ref.base, problems: ctx.out, reads, sameFile };
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

// ---- Services ---------------------------------------------------------------------------------------------

function checkSelection(ctx: Ctx, ref: Ref<ServiceSummary>): void {
  const s = ref.obj;
  // ExternalName Services have no endpoints, and a Service without a selector gets its Endpoints by hand.
  if (s.serviceType === 'ExternalName' || !s.selector || !ctx.view.hasWorkloads) return;
  const selector = fromMap(s.selector);
  const selected = workloadsSelectedBy(ctx.view, ref.namespace, selector);
  if (!selected.length) {
    if (on(ctx, 'service-selector-no-match')) selectorNoMatch(ctx, ref);
    return;
  }
  for (const [i, port] of s.ports.entries()) checkTargetPort(ctx, ref, port, i, selected);
}

function selectorNoMatch(ctx: Ctx, ref: Ref<ServiceSummary>): void {
  const sel = fromMap(ref.obj.selector!);
  const text = formatSelector(sel);
  const inNs = ctx.view.workloadsIn(ref.namespace);
  const byMetadata = inNs.filter((w) => Object.keys(w.obj.labels).length && matches(sel, w.obj.labels));
  if (byMetadata.length) {
    const w = byMetadata[0];
    report(
      ctx,
      ref,
      ref.obj.selectorAt,
      'service-selector-no-match',
      'warning',
      `spec.selector ${text} matches the labels of ${nameList(byMetadata)} (metadata.labels) but not its pod template labels: a Service selects pods, so it gets no endpoints. Put the labels under spec.template.metadata.labels, or select the template's labels.`,
      [relatedPlace(ctx, w, w.obj.podLabelsAt, `the pod template labels of ${describe(w.obj)}`)],
    );
    return;
  }
  const elsewhere: Array<Ref<WorkloadSummary>> = [];
  for (const [ns, list] of ctx.view.workloads) {
    if (ns !== ref.namespace) elsewhere.push(...list.filter((w) => w.obj.podLabels && matches(sel, w.obj.podLabels)));
  }
  if (elsewhere.length) {
    report(
      ctx,
      ref,
      ref.obj.selectorAt,
      'service-selector-no-match',
      'warning',
      `spec.selector ${text} matches no pod in namespace ${ref.namespace}; it matches ${nameList(elsewhere)} in namespace ${elsewhere[0].namespace}, but a Service only selects pods of its own namespace.`,
      elsewhere.slice(0, MAX_RELATED).map((w) => relatedPlace(ctx, w, w.obj.podLabelsAt, `${describe(w.obj)} in namespace ${w.namespace}`)),
    );
    return;
  }
  const known = inNs.filter((w) => w.obj.podLabels);
  // No workload of this namespace in the workspace: its pods are deployed from elsewhere; nothing to judge.
  if (!known.length) return;
  const templates = [...new Set(known.map((w) => `${w.obj.name} (${formatSelector(fromMap(w.obj.podLabels!))})`))];
  const more = templates.length > 5 ? ` and ${templates.length - 5} more` : '';
  const hint = ` Pod templates in ${ref.namespace}: ${templates.slice(0, 5).join(', ')}${more}.`;
  report(ctx, ref, ref.obj.selectorAt, 'service-selector-no-match', 'warning', `spec.selector ${text} matches no pod template in namespace ${ref.namespace}: the Service gets no endpoints.${hint}`,
    known.slice(0, MAX_RELATED).map((w) => relatedPlace(ctx, w, w.obj.podLabelsAt, `pod template labels of ${describe(w.obj)}`)));
}

function checkTargetPort(ctx: Ctx, ref: Ref<ServiceSummary>, port: ServicePort, i: number, selected: Array<Ref<WorkloadSummary>>): void {
  const target = port.targetPort;
  if (target === undefined) return;
  const known = selected.filter((w) => w.obj.portsKnown);
  const path = `spec.ports[${i}].targetPort`;
  if (typeof target === 'string') {
    const missing = known.filter((w) => !w.obj.ports.some((c) => c.name === target));
    if (missing.length && on(ctx, 'service-target-port-unknown')) {
      const w = missing[0];
      const declared = w.obj.ports.map((c) => (c.name ? `${c.name} (${c.port}/${c.protocol})` : `${c.port}/${c.protocol}`)).join(', ') || 'none';
      report(ctx, ref, port.targetAt, 'service-target-port-unknown', 'warning',
        `${path}: no container of ${nameList(missing)} declares a port named "${target}" (its ports: ${declared}): traffic to this Service port finds no endpoint.`,
        missing.slice(0, MAX_RELATED).map((m) => relatedPlace(ctx, m, m.obj.ports[0]?.at ?? m.obj.podLabelsAt, `containers of ${describe(m.obj)}`)));
    }
    const named = known.flatMap((w) => w.obj.ports.filter((c) => c.name === target).map((c) => ({ w, c })));
    const wrong = named.filter((x) => x.c.protocol !== port.protocol);
    if (wrong.length && wrong.length === named.length && on(ctx, 'service-port-protocol-mismatch')) {
      protocolMismatch(ctx, ref, port, i, wrong);
    }
    return;
  }
  const listing = known.filter((w) => w.obj.ports.length > 0);
  const missing = listing.filter((w) => !w.obj.ports.some((c) => c.port === target));
  if (missing.length && on(ctx, 'service-target-port-not-listed')) {
    const w = missing[0];
    report(ctx, ref, port.targetAt, 'service-target-port-not-listed', 'information',
      `${path}: ${target} is not among the container ports of ${nameList(missing)} (${w.obj.ports.map((c) => `${c.port}/${c.protocol}`).join(', ')}). containerPort is informational, so this works if the process listens on ${target}; check the number.`,
      missing.slice(0, MAX_RELATED).map((m) => relatedPlace(ctx, m, m.obj.ports[0].at, `container ports of ${describe(m.obj)}`)));
  }
  const numbered = listing.flatMap((w) => w.obj.ports.filter((c) => c.port === target).map((c) => ({ w, c })));
  const wrong = numbered.filter((x) => x.c.protocol !== port.protocol);
  if (wrong.length && wrong.length === numbered.length && on(ctx, 'service-port-protocol-mismatch')) protocolMismatch(ctx, ref, port, i, wrong);
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function protocolMismatch(ctx: Ctx, ref: Ref<ServiceSummary>, port: ServicePort, i: number, wrong: Array<{ w: Ref<WorkloadSummary>; c: WorkloadSummary['ports'][number] }>): void {
  // An unsupported value (`tcp`) is the schema check's error already; comparing it would only add noise.
  if (!PROTOCOLS.has(port.protocol) || wrong.some((x) => !PROTOCOLS.has(x.c.protocol))) return;
  const c = wrong[0].c;
  report(ctx, ref, port.protocolAt, 'service-port-protocol-mismatch', 'warning',
    `spec.ports[${i}].protocol: the Service port is ${port.protocol} but container port ${c.name ?? c.port} of ${nameList(wrong.map((x) => x.w))} is ${c.protocol}: ${port.protocol} traffic reaches no ${port.protocol} listener.`,
    wrong.slice(0, MAX_RELATED).map((x) => relatedPlace(ctx, x.w, x.c.at, `${x.c.protocol} port of ${describe(x.w.obj)}`)));
}

/** Duplicate names and node ports, among the Services of one folder only: kustomize overlays repeat them on purpose. */
function checkDuplicates(ctx: Ctx, ref: Ref<ServiceSummary>): void {
  // Looked up in the folder's index (built once per view): a scan of the folder per Service was quadratic.
  // Reads noted per name and node port, so that renaming one Service does not re-check every other one.
  const folder = folderOf(ref.file.file);
  const services = rawView(ctx.view).servicesOfFolder(folder);
  ctx.reads?.add(`FC:${folder}`);
  if (services.count <= 1) return; // `ref` itself is one of them
  if (on(ctx, 'service-duplicate-name') && ref.obj.name) {
    ctx.reads?.add(`FN:${folder}\0${ref.namespace}\0${ref.obj.name}`);
    const same = (services.byName.get(ref.namespace)?.get(ref.obj.name) ?? []).filter((o) => o !== ref);
    if (same.length) {
      report(ctx, ref, ref.obj.at, 'service-duplicate-name', 'warning',
        `Another Service named ${ref.obj.name} in namespace ${ref.namespace} is in this ${same[0].file === ref.file ? 'file' : 'folder'}: applying both keeps only the last one.`,
        same.slice(0, MAX_RELATED).map((o) => relatedPlace(ctx, o, o.obj.at, 'the other Service')));
    }
  }
  if (on(ctx, 'service-duplicate-node-port')) {
    for (const [i, p] of ref.obj.ports.entries()) {
      if (p.nodePort === undefined || !p.nodePortAt) continue;
      ctx.reads?.add(`FP:${folder}\0${p.nodePort}`);
      const clash = (services.byNodePort.get(p.nodePort) ?? []).filter((x) => x.o !== ref);
      if (!clash.length) continue;
      report(ctx, ref, p.nodePortAt, 'service-duplicate-node-port', 'warning',
        `spec.ports[${i}].nodePort: ${p.nodePort} is also used by ${nameList(clash.map((x) => x.o))}: node ports are unique in the whole cluster, so the second Service is rejected with "provided port is already allocated".`,
        clash.slice(0, MAX_RELATED).map((x) => relatedPlace(ctx, x.o, x.q.nodePortAt!, `nodePort of ${describe(x.o.obj)}`)));
    }
  }
}

/**
 * A headless Service nobody points at, while a StatefulSet points at a Service that does not exist: almost always
 * one typo. Each alone is common and fine (headless Services serve other clients; the StatefulSet's Service may
 * live elsewhere), so only the pair is reported, on both sides.
 */
type OrphanPairs = { services: Array<Ref<ServiceSummary>>; sets: Array<Ref<WorkloadSummary>> };
/** Per view and namespace: every headless Service and StatefulSet of a namespace asks the same question. */
const orphanMemo = new WeakMap<WorkspaceView, Map<string, OrphanPairs>>();

function orphanPairs(view: WorkspaceView, namespace: string): OrphanPairs {
  // Read through `view`, so that a recording view notes what the answer depends on.
  const services = view.servicesIn(namespace);
  const workloads = view.workloadsIn(namespace);
  const raw = rawView(view);
  let memo = orphanMemo.get(raw);
  if (!memo) orphanMemo.set(raw, (memo = new Map()));
  let pairs = memo.get(namespace);
  if (!pairs) memo.set(namespace, (pairs = computeOrphanPairs(services, workloads)));
  return pairs;
}

function computeOrphanPairs(services: ReadonlyArray<Ref<ServiceSummary>>, workloads: ReadonlyArray<Ref<WorkloadSummary>>): OrphanPairs {
  const names = new Set(services.map((s) => s.obj.name));
  const sets = workloads.filter((w) => w.obj.kind === 'StatefulSet' && w.obj.serviceName && !names.has(w.obj.serviceName));
  if (!sets.length) return { services: [], sets: [] };
  const pointed = new Set(workloads.map((w) => w.obj.serviceName));
  const orphans = services.filter((s) => s.obj.headless && !pointed.has(s.obj.name));
  return orphans.length ? { services: orphans, sets } : { services: [], sets: [] };
}

function checkHeadless(ctx: Ctx, ref: Ref<ServiceSummary>): void {
  if (!on(ctx, 'service-headless-no-statefulset')) return;
  const { services, sets } = orphanPairs(ctx.view, ref.namespace);
  if (!services.includes(ref)) return;
  report(ctx, ref, ref.obj.at, 'service-headless-no-statefulset', 'warning',
    `No StatefulSet names this headless Service in spec.serviceName, while ${nameList(sets)} names ${[...new Set(sets.map((s) => `"${s.obj.serviceName}"`))].join(', ')}, which does not exist: pods get no stable DNS names (such as ${sets[0].obj.name}-0.${ref.obj.name}). A typo?`,
    sets.slice(0, MAX_RELATED).map((s) => relatedPlace(ctx, s, s.obj.serviceNameAt ?? s.obj.at, `serviceName of ${describe(s.obj)}`)));
}

function checkStatefulSet(ctx: Ctx, ref: Ref<WorkloadSummary>): void {
  if (!on(ctx, 'statefulset-service-missing') || !ref.obj.serviceNameAt) return;
  const { services, sets } = orphanPairs(ctx.view, ref.namespace);
  if (!sets.includes(ref)) return;
  report(ctx, ref, ref.obj.serviceNameAt, 'statefulset-service-missing', 'warning',
    `spec.serviceName: no Service named "${ref.obj.serviceName}" in namespace ${ref.namespace}, but headless ${nameList(services)} exists and no StatefulSet names it: pods get no stable DNS names. A typo?`,
    services.slice(0, MAX_RELATED).map((s) => relatedPlace(ctx, s, s.obj.at, `headless ${describe(s.obj)}`)));
}

// ---- NetworkPolicies --------------------------------------------------------------------------------------

function checkPodSelector(ctx: Ctx, ref: Ref<PolicySummary>): void {
  const p = ref.obj;
  if (p.podSelector && !selectsAll(p.podSelector) && on(ctx, 'netpol-pod-selector-no-match')) podSelectorNoMatch(ctx, ref, p.podSelector);
}

function podSelectorNoMatch(ctx: Ctx, ref: Ref<PolicySummary>, selector: Selector): void {
  if (workloadsSelectedBy(ctx.view, ref.namespace, selector).length) return;
  const elsewhere = [...ctx.view.workloads].filter(([ns]) => ns !== ref.namespace).flatMap(([, l]) => l.filter((w) => w.obj.podLabels && matches(selector, w.obj.podLabels)));
  // Without any workload of this namespace in the workspace (and no near miss elsewhere) there is nothing to judge.
  if (!elsewhere.length && !ctx.view.workloadsIn(ref.namespace).length) return;
  const hint = elsewhere.length
    ? ` It matches ${nameList(elsewhere)} in namespace ${elsewhere[0].namespace}, but a NetworkPolicy only selects pods of its own namespace.`
    : ' The policy has no effect.';
  report(ctx, ref, ref.obj.podSelectorAt, 'netpol-pod-selector-no-match', 'warning', `spec.podSelector ${formatSelector(selector)} matches no pod template in namespace ${ref.namespace}.${hint}`,
    elsewhere.slice(0, MAX_RELATED).map((w) => relatedPlace(ctx, w, w.obj.podLabelsAt, `${describe(w.obj)} in namespace ${w.namespace}`)));
}

function checkPeers(ctx: Ctx, ref: Ref<PolicySummary>): void {
  for (const [field, rules] of [['ingress', ref.obj.ingressRules], ['egress', ref.obj.egressRules]] as const) {
    for (const [i, rule] of rules.entries()) {
      for (const [j, peer] of (rule.peers ?? []).entries()) {
        // With a namespaceSelector the pods live in other namespaces, which the workspace may not hold.
        if (!peer.pods || peer.namespaces || peer.unknown || !peer.podsAt || selectsAll(peer.pods)) continue;
        if (anyWorkloadSelectedBy(ctx.view, ref.namespace, peer.pods)) continue;
        report(ctx, ref, peer.podsAt, 'netpol-peer-selector-no-match', 'warning',
          `spec.${field}[${i}].${field === 'ingress' ? 'from' : 'to'}[${j}].podSelector ${formatSelector(peer.pods)} matches no pod template in namespace ${ref.namespace} (without a namespaceSelector, a peer podSelector selects pods of the policy's own namespace only): this peer allows nothing.`);
      }
    }
  }
}

function checkDns(ctx: Ctx, ref: Ref<PolicySummary>): void {
  const dns = ctx.options.dns;
  const v = dnsVerdict(ctx.view, ref, dns);
  if (!v || (v.own.udp && v.own.tcp)) return;
  const port = dns.port;
  const tcpOnly = v.own.tcp ? ' (a port without protocol is TCP only; DNS asks over UDP first)' : '';
  const where = `to ${dns.namespace}/${Object.entries(dns.podLabels).map(([k, val]) => `${k}=${val}`).join(',')} on port ${port}${tcpOnly}`;
  if (v.unknownPods) {
    const a = v.unknownPods.allowed;
    if (a.udp && a.tcp) return;
    const all = selectsAll(ref.obj.podSelector!);
    const who = all ? `every pod in namespace ${ref.namespace}` : `pods with ${formatSelector(ref.obj.podSelector!)}`;
    const others = v.unknownPods.policies.slice(1);
    const also = others.length ? ` (judged with ${nameList(others)}, which ${others.length === 1 ? 'selects' : 'select'} every pod too)` : '';
    const related = v.unknownPods.policies.slice(1, MAX_RELATED + 1).map((o) => relatedPlace(ctx, o, o.obj.at, `${describe(o.obj)} also restricts egress of every pod`));
    if (!a.udp && on(ctx, 'netpol-dns-egress-blocked')) {
      report(ctx, ref, ref.obj.egressAt, 'netpol-dns-egress-blocked', 'warning',
        `Egress is restricted and no egress rule allows DNS (UDP and TCP ${where}): ${who} ${all ? 'loses' : 'lose'} name resolution${also}. No workload in the workspace is selected by this policy.`, related);
    } else if (a.udp && !a.tcp && on(ctx, 'netpol-dns-tcp-missing')) {
      report(ctx, ref, ref.obj.egressAt, 'netpol-dns-tcp-missing', 'warning', tcpMessage(who, port, also), related);
    }
    return;
  }
  const blocked = v.workloads.filter((w) => !w.allowed.udp);
  const udpOnly = v.workloads.filter((w) => w.allowed.udp && !w.allowed.tcp);
  const rel = (list: WorkloadDns[]) => list.slice(0, MAX_RELATED).map((w) => relatedPlace(ctx, w.workload, w.workload.obj.at, `${describe(w.workload.obj)} loses DNS`));
  if (blocked.length && on(ctx, 'netpol-dns-egress-blocked')) {
    report(ctx, ref, ref.obj.egressAt, 'netpol-dns-egress-blocked', 'warning',
      `Egress is restricted and no egress rule allows DNS (UDP and TCP ${where}), nor does any other policy selecting these pods: ${nameList(blocked.map((w) => w.workload))} lose${blocked.length === 1 ? 's' : ''} name resolution.`,
      rel(blocked));
  }
  if (udpOnly.length && on(ctx, 'netpol-dns-tcp-missing')) {
    report(ctx, ref, ref.obj.egressAt, 'netpol-dns-tcp-missing', 'warning', tcpMessage(nameList(udpOnly.map((w) => w.workload)), port, ''), rel(udpOnly));
  }
}

function tcpMessage(who: string, port: number, also: string): string {
  return `Egress allows DNS over UDP port ${port} only: ${who}${also} cannot fall back to TCP, which resolvers use for large answers (many records, DNSSEC); those lookups fail. Allow TCP port ${port} too.`;
}
