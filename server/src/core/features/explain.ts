// Plain-English sentences for what a Service exposes and what a NetworkPolicy rule, peer, port or selector allows.
// Hovers and lenses share these, so a rule reads the same everywhere. Input is the untrusted value as the API server
// would receive it: every accessor checks the shape and falls back to a neutral wording instead of throwing.

export const DOCS = {
  service: 'https://kubernetes.io/docs/concepts/services-networking/service/',
  serviceTypes: 'https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
  headless: 'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services',
  externalName: 'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
  networkPolicy: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  netpolBehavior: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
  dns: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
  labels: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
} as const;

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);
export const obj = (x: unknown): Obj => (isObj(x) ? x : {});
export const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
export const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** `app=web, tier in (a, b)`; empty for a selector that matches everything. */
export function selectorTerms(selector: unknown): string[] {
  const s = obj(selector);
  const terms = Object.entries(obj(s.matchLabels)).map(([k, v]) => `${k}=${v === null || v === undefined ? '' : String(v)}`);
  for (const e of list(s.matchExpressions)) {
    const x = obj(e);
    const key = String(x.key ?? '?');
    const values = list(x.values).map(String).join(', ');
    switch (x.operator) {
      case 'In':
        terms.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        terms.push(`${key} not in (${values})`);
        break;
      case 'Exists':
        terms.push(`has label ${key}`);
        break;
      case 'DoesNotExist':
        terms.push(`no label ${key}`);
        break;
      default:
        terms.push(`${key} ${String(x.operator ?? '?')} (${values})`);
    }
  }
  return terms;
}

export function describeSelector(selector: unknown, what: 'pods' | 'namespaces'): string {
  const terms = selectorTerms(selector);
  if (!terms.length) return what === 'pods' ? 'all pods' : 'all namespaces';
  return `${what} labelled ${terms.join(', ')}`;
}

export type Direction = 'ingress' | 'egress';

/** `pods labelled app=web in namespace production`, `all pods in namespaces labelled team=ops`, `10.0.0.0/8 except …`. */
export function describePeer(peer: unknown, namespace: string): string {
  const p = obj(peer);
  const hasPod = 'podSelector' in p && p.podSelector !== undefined;
  const hasNs = 'namespaceSelector' in p && p.namespaceSelector !== undefined;
  if (isObj(p.ipBlock)) {
    const cidr = str(p.ipBlock.cidr) ?? '?';
    const except = list(p.ipBlock.except).map(String);
    const base = cidr === '0.0.0.0/0' || cidr === '::/0' ? `any IP address (${cidr})` : `IP addresses in ${cidr}`;
    return except.length ? `${base} except ${except.join(', ')}` : base;
  }
  if (hasPod && hasNs) {
    return `${describeSelector(p.podSelector, 'pods')} in ${describeSelector(p.namespaceSelector, 'namespaces')}`;
  }
  if (hasNs) {
    const ns = describeSelector(p.namespaceSelector, 'namespaces');
    return ns === 'all namespaces' ? 'all pods in all namespaces' : `all pods in ${ns}`;
  }
  if (hasPod) return `${describeSelector(p.podSelector, 'pods')} in namespace ${namespace}`;
  return 'nothing (an empty peer is rejected by the API server)';
}

/** `TCP 8080`, `UDP 53`, `TCP 8000-8080`, `TCP port named http`. */
export function describePort(port: unknown): string {
  const p = obj(port);
  const proto = str(p.protocol) ?? 'TCP';
  const n = p.port;
  if (n === undefined || n === null) return `all ${proto} ports`;
  if (typeof n === 'string' && !/^\d+$/.test(n)) return `${proto} port named ${n}`;
  const end = typeof p.endPort === 'number' ? `-${p.endPort}` : '';
  return `${proto} ${String(n)}${end}`;
}

export interface Sentence {
  text: string;
  /** Traps worth a second look: `{}` matches everything, AND vs OR, protocol defaults. */
  notes: string[];
}

const emptyPeersNote = (peersKey: string, direction: Direction, how: 'absent' | 'empty') =>
  `\`${peersKey}\` is ${how}: every ${direction === 'ingress' ? 'source' : 'destination'} is allowed, including outside the cluster (unlike \`${direction}: []\`, which allows nothing).`;

/** The sentence for a rule that allows everything (`- {}`, or `from: []` / `to: []` without ports). */
const allowAll = (direction: Direction) =>
  direction === 'ingress'
    ? 'Allows all ingress to the selected pods: from every pod in every namespace and every IP address, on every port and protocol.'
    : 'Allows all egress from the selected pods: to every pod in every namespace and every IP address, on every port and protocol.';

/** What one ingress or egress rule allows, in one sentence with its traps. */
export function describeRule(rule: unknown, direction: Direction, namespace: string): Sentence {
  const r = obj(rule);
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const fromTo = direction === 'ingress' ? 'from' : 'to';
  const notes: string[] = [];
  const ports = list(r.ports);
  const peers = list(r[peersKey]);
  if (!isObj(rule) || (!ports.length && !peers.length)) {
    if (Array.isArray(r[peersKey])) notes.push(emptyPeersNote(peersKey, direction, 'empty'));
    else notes.push(`An empty rule \`{}\` allows everything, so the other ${direction} rules of this policy add nothing (unlike \`${direction}: []\`, which allows nothing).`);
    return { text: allowAll(direction), notes };
  }
  const portText = ports.length ? ports.map(describePort).join(', ') : 'all ports and protocols';
  const peerText = peers.length ? peers.map((p) => describePeer(p, namespace)).join(' or ') : 'anywhere';
  if (!peers.length) {
    notes.push(emptyPeersNote(peersKey, direction, r[peersKey] === undefined ? 'absent' : 'empty'));
  }
  if (ports.some((p) => obj(p).protocol === undefined)) notes.push('A port without `protocol` means TCP only.');
  if (ports.length && peers.length) notes.push(`Ports and \`${peersKey}\` must both match (AND).`);
  if (peers.length > 1) notes.push(`Each \`-\` item of \`${peersKey}\` is a separate peer: any one of them is enough (OR).`);
  for (const p of peers.map(obj)) {
    if (p.podSelector !== undefined && p.namespaceSelector !== undefined) {
      notes.push('`namespaceSelector` and `podSelector` in the same item must both match (AND); put a `-` before `podSelector` to allow either (OR).');
      break;
    }
  }
  if (peers.some((p) => namedNamespace(obj(p).namespaceSelector))) notes.push(NAME_LABEL_NOTE);
  if (peers.some((p) => isObj(obj(p).ipBlock))) notes.push('`ipBlock` is meant for IPs outside the cluster; pod IPs may be rewritten or not matched, depending on the network plugin.');
  if (peers.some((p) => isObj(obj(p).namespaceSelector) && !selectorTerms(obj(p).namespaceSelector).length && obj(p).podSelector === undefined)) {
    notes.push('`namespaceSelector: {}` selects every pod of every namespace.');
  }
  return { text: `Allows ${portText} ${fromTo} ${peerText}.`, notes };
}

export const NAME_LABEL_NOTE =
  'Namespaces are labelled `kubernetes.io/metadata.name: <name>` automatically; a `name` label exists only if someone added it.';

/** A namespaceSelector on the label `name`, which namespaces do not carry by default (a common mistake). */
export function namedNamespace(selector: unknown): boolean {
  return Object.prototype.hasOwnProperty.call(obj(obj(selector).matchLabels), 'name');
}

/** The policy types that take effect: listed ones, or Ingress plus Egress when egress rules exist (the API server's default). */
export function effectivePolicyTypes(spec: Obj): Set<'Ingress' | 'Egress'> {
  const listed = spec.policyTypes;
  if (Array.isArray(listed)) return new Set(listed.filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress'));
  const types = new Set<'Ingress' | 'Egress'>(['Ingress']);
  if (list(spec.egress).length) types.add('Egress');
  return types;
}

/** One line about a whole `ingress:` or `egress:` list. */
export function describeRules(spec: Obj, direction: Direction): Sentence {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const types = effectivePolicyTypes(spec);
  const rules = list(spec[direction]);
  const notes: string[] = [];
  if (!types.has(type)) {
    if (rules.length) return { text: `These ${direction} rules are ignored: \`policyTypes\` does not list ${type}.`, notes };
    return { text: `${type} is not restricted by this policy.`, notes };
  }
  if (!rules.length) {
    notes.push(`\`${direction}: []\` (or no \`${direction}\`) allows nothing, unlike \`${direction === 'ingress' ? 'from' : 'to'}: []\` inside a rule, which allows everything.`);
    return { text: `Denies all ${direction} of the selected pods (unless another policy allows it).`, notes };
  }
  if (rules.length === 1) return { text: `Allows ${direction} matching this rule; everything else is denied.`, notes };
  return { text: `Allows ${direction} matching any of these ${rules.length} rules (OR); everything else is denied.`, notes };
}

export interface ServiceFacts {
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName' | string;
  headless: boolean;
  ports: Array<{ name?: string; port?: unknown; protocol: string; nodePort?: unknown; targetPort?: unknown }>;
}

export function serviceFacts(value: unknown): ServiceFacts {
  const spec = obj(obj(value).spec);
  const type = str(spec.type) ?? 'ClusterIP';
  return {
    type,
    headless: spec.clusterIP === 'None',
    ports: list(spec.ports).map((p) => {
      const x = obj(p);
      return { name: str(x.name), port: x.port, protocol: str(x.protocol) ?? 'TCP', nodePort: x.nodePort, targetPort: x.targetPort };
    }),
  };
}

/** What each type does in general; shown on `type:`. */
export const SERVICE_TYPES: Record<string, string> = {
  ClusterIP: 'a virtual IP reachable only inside the cluster (the default).',
  NodePort: 'a ClusterIP, plus the same port opened on every node (from the node port range, 30000-32767 by default).',
  LoadBalancer: 'a ClusterIP and a NodePort, plus an external load balancer provisioned by the cloud provider that forwards to the node ports.',
  ExternalName: 'no IP and no proxying: cluster DNS answers with a CNAME to `externalName`; ports and selector are ignored.',
};

const portList = (ports: ServiceFacts['ports'], pick: (p: ServiceFacts['ports'][number]) => unknown) =>
  ports
    .map(pick)
    .filter((x) => x !== undefined && x !== null)
    .map((x) => `:${String(x)}`)
    .join(', ');

/** Where this very Service can be reached, from its actual type and ports. */
export function reachability(value: unknown, nodePortRange: readonly [number, number]): string {
  const f = serviceFacts(value);
  const spec = obj(obj(value).spec);
  if (f.type === 'ExternalName') return `Resolves by DNS to \`${str(spec.externalName) ?? '(externalName not set)'}\` (a CNAME); no cluster IP, no proxying.`;
  const ports = portList(f.ports, (p) => p.port) || '(no ports)';
  const parts: string[] = [];
  if (f.headless) parts.push(`headless: no cluster IP; DNS returns the IPs of the ready pods, which are reached directly on ${portList(f.ports, (p) => p.targetPort ?? p.port) || 'their ports'}`);
  else parts.push(`reachable at its cluster IP on ${ports} only inside the cluster`);
  if (f.type === 'NodePort' || (f.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)) {
    const fixed = f.ports.filter((p) => p.nodePort !== undefined && p.nodePort !== null);
    const auto = f.ports.length - fixed.length;
    const nodePorts = [fixed.length ? portList(fixed, (p) => p.nodePort) : '', auto ? `${auto === 1 ? 'a port' : `${auto} ports`} picked from ${nodePortRange[0]}-${nodePortRange[1]}` : '']
      .filter(Boolean)
      .join(' and ');
    parts.push(`on every node at ${nodePorts}`);
  }
  if (f.type === 'LoadBalancer') parts.push(`through the cloud load balancer's external address at ${ports}`);
  return `This Service is ${parts.join('; ')}.`;
}
