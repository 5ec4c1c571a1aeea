// Pure queries over a WorkspaceView, shared by the cross-file checks and the editor features (hover, CodeLens).
//
//   workloadsSelectedBy(view, ns, selector)  workloads whose POD TEMPLATE labels a selector selects in `ns`
//   servicesSelecting(view, workload)        Services whose selector picks the workload's pods
//   statefulSetsNaming(view, ns, service)    StatefulSets whose `serviceName` is the Service (with `replicas`)
//   policiesSelecting(view, workload)        NetworkPolicies whose podSelector picks the workload's pods
//   dnsVerdict(view, policy, dns)            which pods a policy selects and whether they keep DNS egress,
//                                            with a one-line `summary` ("selects 3 workloads: a, b, c; DNS egress allowed")
//   refsInFile / refAt                       the summarised objects of a file / at an offset
//
// NetworkPolicies are additive: a pod's egress is restricted when at least one policy selecting it restricts
// egress, and then allowed wherever ANY of those policies allows. Objects with the same namespace and name are
// one object in a cluster (alternatives in different folders, or a recipe and its fixed version): they are never
// added together; if any of them allows DNS the pod is given the benefit of the doubt.
import type { DnsOptions } from '../types';
import { ALL_DNS, DnsAllowance, dnsAllowance, orAllowance } from './dns';
import { ANY_VALUE, type Ref, type WorkspaceView } from './model';
import { isInjectedLabel, maySelect } from './pods';
import { formatSelector, fromMap, Selector, selectsAll } from './selectors';
import { kindOf, type ObjectSummary, type PolicySummary, type ServiceSummary, type WorkloadSummary } from './summary';

/**
 * Workloads whose pods `selector` may select in `namespace` (see pods.ts: labels the controllers and builds add
 * count), in `workloadsIn` order.
 */
export function workloadsSelectedBy(view: WorkspaceView, namespace: string, selector: Selector): Array<Ref<WorkloadSummary>> {
  return candidatesOf(view, namespace, selector).filter((w) => maySelect(selector, w.obj, w.patched));
}

/** Whether `selector` may select any workload of `namespace` (stops at the first; see workloadsSelectedBy). */
export function anyWorkloadSelectedBy(view: WorkspaceView, namespace: string, selector: Selector): boolean {
  return candidatesOf(view, namespace, selector).some((w) => maySelect(selector, w.obj, w.patched));
}

/**
 * Only workloads whose pods can carry every matchLabels pair can match: the shortest of those lists (same order and
 * result as testing every workload of the namespace, without a scan per selector).
 */
function candidatesOf(view: WorkspaceView, namespace: string, selector: Selector): ReadonlyArray<Ref<WorkloadSummary>> {
  let candidates: ReadonlyArray<Ref<WorkloadSummary>> | undefined;
  const index = view.workloadsByPodLabel(namespace);
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    if (isInjectedLabel(k)) continue; // any pod may carry it
    const values = index.get(k);
    const fixed = values?.get(v) ?? [];
    const any = [...(values?.get(ANY_VALUE) ?? []), ...(index.get(ANY_VALUE)?.get(ANY_VALUE) ?? [])];
    const list = any.length ? view.workloadsIn(namespace).filter((w) => fixed.includes(w) || any.includes(w)) : fixed;
    if (!candidates || list.length < candidates.length) candidates = list;
    if (!list.length) break;
  }
  return candidates ?? view.workloadsIn(namespace);
}

export function servicesSelecting(view: WorkspaceView, workload: Ref<WorkloadSummary>): Array<Ref<ServiceSummary>> {
  if (!workload.obj.podLabels) return [];
  return view.servicesIn(workload.namespace).filter((s) => s.obj.selector && s.obj.serviceType !== 'ExternalName' && maySelect(fromMap(s.obj.selector), workload.obj, workload.patched));
}

export function statefulSetsNaming(view: WorkspaceView, namespace: string, serviceName: string): Array<Ref<WorkloadSummary>> {
  return view.workloadsIn(namespace).filter((w) => w.obj.kind === 'StatefulSet' && w.obj.serviceName === serviceName);
}

export function policiesSelecting(view: WorkspaceView, workload: Ref<WorkloadSummary>): Array<Ref<PolicySummary>> {
  const labels = workload.obj.podLabels;
  if (!labels) return [];
  // Candidates: policies without matchLabels, and those whose first matchLabels pair the workload carries; then the
  // full test, in the order of policiesIn (the same result as testing every policy of the namespace).
  const index = view.policiesByPodSelector(workload.namespace);
  const candidates = index.open.slice();
  for (const [k, v] of Object.entries(labels)) {
    const list = index.byFirstLabel.get(k)?.get(v);
    if (list) candidates.push(...list);
  }
  // Labels a controller or build adds with values not known: any value of the key may match.
  if (workload.patched?.unknownLabels) candidates.push(...index.position.keys());
  for (const k of [...(workload.obj.anyValue ?? []), ...(workload.patched?.labels?.keys() ?? [])]) {
    if (Object.prototype.hasOwnProperty.call(labels, k)) continue;
    for (const list of index.byFirstLabel.get(k)?.values() ?? []) candidates.push(...list);
  }
  const unique = [...new Set(candidates)].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
  return unique.filter((p) => p.obj.podSelector && maySelect(p.obj.podSelector, workload.obj, workload.patched));
}

export interface WorkloadDns {
  workload: Ref<WorkloadSummary>;
  /** DNS egress the workload's pods keep, from every egress policy selecting them. */
  allowed: DnsAllowance;
  /** The egress-restricting policies that select it (one per name). */
  policies: Array<Ref<PolicySummary>>;
}

export interface DnsVerdict {
  /** The policy's own rules. */
  own: DnsAllowance;
  /** Known workloads the policy selects, with their combined verdict; empty when it selects none we know. */
  workloads: WorkloadDns[];
  /**
   * When no known workload is selected: the verdict for a pod the policy selects, judged with the namespace's
   * other policies that select every pod (the only ones certain to select it too).
   */
  unknownPods?: { allowed: DnsAllowance; policies: Array<Ref<PolicySummary>> };
  /** "selects 3 workloads: a, b, c; DNS egress allowed" */
  summary: string;
}

/** Undefined when the policy does not restrict egress or its podSelector cannot be read. */
export function dnsVerdict(view: WorkspaceView, policy: Ref<PolicySummary>, dns: DnsOptions): DnsVerdict | undefined {
  const p = policy.obj;
  if (!p.egress || !p.podSelector) return undefined;
  const own = dnsAllowance(p, policy.namespace, view, dns);
  const selected = workloadsSelectedBy(view, policy.namespace, p.podSelector);
  const workloads: WorkloadDns[] = [];
  let unknownPods: DnsVerdict['unknownPods'];
  if (selected.length) {
    for (const w of selected) {
      const others = policiesSelecting(view, w).filter((o) => o.obj.egress);
      workloads.push({ workload: w, ...combine(view, policy, others, dns) });
    }
  } else {
    const others = view.policiesIn(policy.namespace).filter((o) => o.obj.egress && o.obj.podSelector && selectsAll(o.obj.podSelector));
    unknownPods = combine(view, policy, others, dns);
  }
  return { own, workloads, unknownPods, summary: summarize(p, workloads, unknownPods) };
}

/** The allowance of `policy` together with `others`, namesakes collapsed (see the header). */
function combine(view: WorkspaceView, policy: Ref<PolicySummary>, others: Array<Ref<PolicySummary>>, dns: DnsOptions): { allowed: DnsAllowance; policies: Array<Ref<PolicySummary>> } {
  let allowed = dnsAllowance(policy.obj, policy.namespace, view, dns);
  const byName = new Map<string, DnsAllowance>();
  const policies = [policy];
  for (const o of others) {
    if (o.obj.name === policy.obj.name) continue;
    const a = dnsAllowance(o.obj, o.namespace, view, dns);
    const before = byName.get(o.obj.name);
    if (!before) policies.push(o);
    byName.set(o.obj.name, before ? orAllowance(before, a) : a);
  }
  for (const a of byName.values()) allowed = orAllowance(allowed, a);
  return { allowed, policies };
}

export function describe(o: ObjectSummary): string {
  return `${kindOf(o)} ${o.name || '(unnamed)'}`;
}

/** Names of distinct objects (the same workload in several folders is one), at most `max`, then "and N more". */
export function nameList(refs: ReadonlyArray<Ref>, max = 5): string {
  const names = [...new Set(refs.map((r) => describe(r.obj)))];
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}

function verdictWord(a: DnsAllowance): string {
  return a.udp && a.tcp ? 'allowed' : a.udp ? 'UDP only (no TCP fallback)' : 'blocked';
}

function summarize(p: PolicySummary, workloads: WorkloadDns[], unknownPods: DnsVerdict['unknownPods']): string {
  if (unknownPods) {
    const who = p.podSelector && selectsAll(p.podSelector) ? 'every pod of the namespace' : `pods with ${formatSelector(p.podSelector!)}`;
    return `selects ${who} (no known workload); DNS egress ${verdictWord(unknownPods.allowed)}`;
  }
  const distinct = new Set(workloads.map((w) => describe(w.workload.obj))).size;
  let all: DnsAllowance = ALL_DNS;
  for (const w of workloads) all = { udp: all.udp && w.allowed.udp, tcp: all.tcp && w.allowed.tcp };
  return `selects ${distinct} workload${distinct === 1 ? '' : 's'}: ${nameList(workloads.map((w) => w.workload), 10)}; DNS egress ${verdictWord(all)}`;
}

export function refsInFile(view: WorkspaceView, file: string): readonly Ref[] {
  return view.byFile.get(file) ?? [];
}

/** The summarised object whose document contains `offset` (approximated by the objects' positions in the file). */
export function refAt(view: WorkspaceView, file: string, offset: number): Ref | undefined {
  const refs = refsInFile(view, file);
  if (!sortedByBase(refs)) {
    let best: Ref | undefined;
    for (const r of refs) if (r.base <= offset && (!best || r.base >= best.base)) best = r;
    return best;
  }
  // The objects of a file come in document order: the last one starting at or before `offset` (binary search; a
  // CodeLens request asks this for every object of the file).
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].base <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? refs[lo - 1] : undefined;
}

const sortedMemo = new WeakMap<readonly Ref[], boolean>();

function sortedByBase(refs: readonly Ref[]): boolean {
  let sorted = sortedMemo.get(refs);
  if (sorted === undefined) {
    sorted = refs.every((r, i) => i === 0 || refs[i - 1].base <= r.base);
    sortedMemo.set(refs, sorted);
  }
  return sorted;
}
