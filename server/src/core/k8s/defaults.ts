// What the API server validates is the object AFTER defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Service,
// pkg/apis/networking/v1/defaults.go) and, for a Service, after BeginCreate's normalizeClusterIPs. These views apply
// exactly those steps to the untyped manifest, so rules never re-derive them (and never disagree about them).
// A value of the wrong JSON type becomes `undefined` here: the schema reports it, rules skip it.
import type { Path } from '../types';
import { int, isObj, list, Obj, obj, str } from './values';

export interface ServicePortView {
  index: number;
  path: Path;
  item: Obj;
  /** '' when absent or null; undefined when not a string. */
  name: string | undefined;
  /** undefined when absent (the server sees 0 and the schema says Required) or not an integer. */
  port: number | undefined;
  /** Defaulted: absent, null or "" is TCP. */
  protocol: string | undefined;
  /** Defaulted: absent, 0 or "" is `port`. */
  targetPort: number | string | undefined;
  /** 0 when absent (0 also means "allocate one"). */
  nodePort: number;
}

export interface ServiceView {
  /** Defaulted: absent, null or "" is ClusterIP; undefined when not a string. */
  type: string | undefined;
  ports: ServicePortView[];
  /** After normalizeClusterIPs: `clusterIP` copied into `clusterIPs` when the latter is empty. */
  clusterIP: string;
  clusterIPs: unknown[];
  /** Whether `clusterIPs` was written (as opposed to copied from `clusterIP`): decides which key a problem underlines. */
  clusterIPsWritten: boolean;
  ipFamilies: unknown[];
  /** undefined when absent or null (the allocator defaults it). */
  ipFamilyPolicy: string | undefined;
  /** `clusterIPs == ["None"]` (isHeadlessService). */
  headless: boolean;
  selector: Obj | undefined;
  annotations: Obj;
  externalIPs: unknown[];
  /** Defaulted: "" is None. */
  sessionAffinity: string | undefined;
  /** Dropped (undefined) unless the affinity is ClientIP, as defaulting does. */
  sessionAffinityConfig: unknown;
  /** LoadBalancer, NodePort, or ClusterIP with externalIPs (apiservice.ExternallyAccessible). */
  externallyAccessible: boolean;
  /** Defaulted: "" is Cluster on externally accessible Services. */
  externalTrafficPolicy: string | undefined;
  healthCheckNodePort: number;
}

const present = (x: unknown) => x !== undefined && x !== null;

// Every rule of a document asks for the same view, one document after the other: remembering the last one computes
// it once per manifest (bench/rules-cost.mjs) without holding on to anything but the latest document.
// Views are shared by all rules: never mutate one.
let lastService: { value: Obj; view: ServiceView } | undefined;
let lastNetworkPolicy: { value: Obj; view: NetworkPolicyView } | undefined;

export function serviceView(value: Obj): ServiceView {
  if (lastService?.value !== value) lastService = { value, view: computeServiceView(value) };
  return lastService.view;
}

export function networkPolicyView(value: Obj): NetworkPolicyView {
  if (lastNetworkPolicy?.value !== value) lastNetworkPolicy = { value, view: computeNetworkPolicyView(value) };
  return lastNetworkPolicy.view;
}

function computeServiceView(value: Obj): ServiceView {
  const spec = obj(value.spec) ?? {};
  const meta = obj(value.metadata) ?? {};
  const rawType = spec.type;
  const type = !present(rawType) || rawType === '' ? 'ClusterIP' : str(rawType);
  const ports = list(spec.ports).flatMap((item, index): ServicePortView[] => {
    if (!isObj(item)) return [];
    const port = int(item.port);
    const rawProto = item.protocol;
    const rawTarget = item.targetPort;
    let targetPort: number | string | undefined = typeof rawTarget === 'string' ? rawTarget : int(rawTarget);
    if (!present(rawTarget) || rawTarget === 0 || rawTarget === '') targetPort = port;
    return [
      {
        index,
        path: ['spec', 'ports', index],
        item,
        name: present(item.name) ? str(item.name) : '',
        port,
        protocol: !present(rawProto) || rawProto === '' ? 'TCP' : str(rawProto),
        targetPort,
        nodePort: int(item.nodePort) ?? 0,
      },
    ];
  });
  const clusterIP = str(spec.clusterIP) ?? '';
  const written = list(spec.clusterIPs);
  const clusterIPs = written.length === 0 && clusterIP !== '' ? [clusterIP] : written;
  const externalIPs = list(spec.externalIPs);
  const rawAffinity = spec.sessionAffinity;
  const sessionAffinity = !present(rawAffinity) || rawAffinity === '' ? 'None' : str(rawAffinity);
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  const rawEtp = spec.externalTrafficPolicy;
  const externalTrafficPolicy = !present(rawEtp) || rawEtp === '' ? (externallyAccessible ? 'Cluster' : undefined) : str(rawEtp);
  return {
    type,
    ports,
    clusterIP,
    clusterIPs,
    clusterIPsWritten: written.length > 0,
    ipFamilies: list(spec.ipFamilies),
    ipFamilyPolicy: str(spec.ipFamilyPolicy),
    headless: clusterIPs.length === 1 && clusterIPs[0] === 'None',
    selector: obj(spec.selector),
    annotations: obj(meta.annotations) ?? {},
    externalIPs,
    sessionAffinity,
    sessionAffinityConfig: sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig : undefined,
    externallyAccessible,
    externalTrafficPolicy,
    healthCheckNodePort: int(spec.healthCheckNodePort) ?? 0,
  };
}

/** Where to underline `spec.clusterIPs[i]`: on `clusterIP` when the list was copied from it. */
export function clusterIPsPath(v: ServiceView, index?: number): Path {
  if (v.clusterIPsWritten) return index === undefined ? ['spec', 'clusterIPs'] : ['spec', 'clusterIPs', index];
  return ['spec', 'clusterIP'];
}

/** The allocator's default policy (alloc.go initIPFamilyFields): headless + selectorless is RequireDualStack. */
export function effectiveIPFamilyPolicy(v: ServiceView): string | undefined {
  if (v.ipFamilyPolicy !== undefined) return v.ipFamilyPolicy;
  const selectorless = !v.selector || Object.keys(v.selector).length === 0;
  return v.clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack';
}

export type Direction = 'ingress' | 'egress';

export interface PeerView {
  path: Path;
  peer: Obj;
}

export interface NetpolPortView {
  path: Path;
  port: Obj;
}

export interface SelectorView {
  path: Path;
  selector: Obj;
}

export interface NetworkPolicyView {
  /** Defaulted: empty is [Ingress], plus Egress when there are egress rules. */
  policyTypes: string[];
  peers: PeerView[];
  ports: NetpolPortView[];
  /** spec.podSelector and every peer's podSelector / namespaceSelector that is not null. */
  selectors: SelectorView[];
}

const PEERS: Record<Direction, string> = { ingress: 'from', egress: 'to' };

function computeNetworkPolicyView(value: Obj): NetworkPolicyView {
  const spec = obj(value.spec) ?? {};
  const peers: PeerView[] = [];
  const ports: NetpolPortView[] = [];
  const selectors: SelectorView[] = [];
  if (isObj(spec.podSelector)) selectors.push({ path: ['spec', 'podSelector'], selector: spec.podSelector });
  for (const dir of ['ingress', 'egress'] as const) {
    list(spec[dir]).forEach((rule, i) => {
      if (!isObj(rule)) return;
      list(rule[PEERS[dir]]).forEach((peer, j) => {
        if (!isObj(peer)) return;
        const path = ['spec', dir, i, PEERS[dir], j];
        peers.push({ path, peer });
        for (const key of ['podSelector', 'namespaceSelector']) {
          const s = peer[key];
          if (isObj(s)) selectors.push({ path: [...path, key], selector: s });
        }
      });
      list(rule.ports).forEach((port, j) => {
        if (isObj(port)) ports.push({ path: ['spec', dir, i, 'ports', j], port });
      });
    });
  }
  const written = list(spec.policyTypes).filter((t): t is string => typeof t === 'string');
  const policyTypes = written.length > 0 ? written : list(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return { policyTypes, peers, ports, selectors };
}
