// Hovers: what the field under the cursor means, in short markdown with a link to the Kubernetes docs. The Service
// `type`, headless `clusterIP: None`, NetworkPolicy rules, peers, ports and selectors get a sentence about THIS
// manifest; well-known cloud annotations get their meaning and values; every other field its schema description.
import { isMap, isScalar, isSeq, Node } from 'yaml';
import type { Analysis } from '../analyze';
import type { TargetKind } from '../rules/types';
import { schemaOf } from '../schema/validate';
import type { Path } from '../types';
import { blame, formatPath, keyString } from '../yaml/path';
import { documentAt } from './documents';
import type { WorkspaceLookup, WorkloadInfo } from './dns-names';
import {
  describePeer,
  describePort,
  describeRule,
  describeRules,
  describeSelector,
  Direction,
  DOCS,
  effectivePolicyTypes,
  list,
  NAME_LABEL_NOTE,
  namedNamespace,
  obj,
  reachability,
  Sentence,
  SERVICE_TYPES,
  serviceFacts,
  str,
} from './explain';

export interface HoverInfo {
  markdown: string;
  start: number;
  end: number;
}

export interface Cursor {
  path: Path;
  /** On the key of the last path segment, or on its value (a scalar, or the `-` of a list item). */
  on: 'key' | 'value';
  start: number;
  end: number;
}

const within = (n: unknown, rel: number) => {
  const r = (n as Node | null | undefined)?.range;
  return !!r && rel >= r[0] && rel <= r[1];
};

/** The path of the key or scalar at `rel` (an offset into the document's segment); the `-` of an item counts as the item. */
export function pathAt(root: unknown, text: string, rel: number): Cursor | undefined {
  let node = root as Node | null | undefined;
  const path: Array<string | number> = [];
  for (let depth = 0; depth < 100 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key, rel) || within(p.value, rel));
      // On the braces of a flow mapping, `{}` above all (an allow-all rule, a select-all selector): the mapping itself.
      if (!pair) return path.length && node.flow && within(node, rel) ? { path, on: 'value', start: node.range![0], end: node.range![1] } : undefined;
      const key = keyString(pair.key);
      if (key === undefined) return undefined;
      path.push(key);
      if (within(pair.key, rel)) {
        const r = (pair.key as Node).range!;
        return { path, on: 'key', start: r[0], end: r[1] };
      }
      node = pair.value as Node;
    } else if (isSeq(node)) {
      let i = node.items.findIndex((it) => within(it, rel));
      if (i < 0) {
        // On the dash: the item that starts right after `- ` on the same line.
        i = node.items.findIndex((it) => {
          const r = (it as Node | null)?.range;
          return !!r && r[0] > rel && /^-[ \t]*$/.test(text.slice(rel, r[0]));
        });
        if (i < 0) return path.length && node.flow && within(node, rel) ? { path, on: 'value', start: node.range![0], end: node.range![1] } : undefined;
        path.push(i);
        return { path, on: 'value', start: rel, end: rel + 1 };
      }
      path.push(i);
      node = node.items[i] as Node;
    } else if (isScalar(node)) {
      const r = node.range!;
      return { path, on: 'value', start: r[0], end: r[1] };
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The schema node at `path`, following properties, list items and map values. */
export function schemaAt(kind: TargetKind, path: Path): any {
  let s: any = schemaOf(kind);
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number') s = s.items;
    else s = s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
  }
  return s;
}

const typeName = (t: unknown): string => {
  const types = (Array.isArray(t) ? t : [t]).filter((x) => x && x !== 'null').map(String);
  if (types.includes('integer') && types.includes('string')) return 'integer or string';
  return types.map((x) => (x === 'object' ? 'mapping' : x === 'array' ? 'list' : x)).join(' or ');
};

/** Runs of white space as one space (API descriptions use double spaces between sentences). */
function squashSpaces(s: string): string {
  let out = '';
  let gap = false;
  for (const c of s) {
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') gap = out.length > 0;
    else {
      if (gap) out += ' ';
      out += c;
      gap = false;
    }
  }
  return out;
}

/** The first sentences of an API description, without its "More info:" link (returned separately). */
function shortDescription(description: unknown, sentences = 2): { text: string; link?: string } {
  if (typeof description !== 'string') return { text: '' };
  const link = description.match(/More info: (https?:\/\/\S+?)\.?(\s|$)/)?.[1];
  const body = squashSpaces(description.replace(/More info: \S+/g, ''));
  const parts = body.match(/[^.]+(\.(?=\s|$)|$)/g) ?? [body];
  return { text: parts.slice(0, sentences).join('').trim(), link };
}

function schemaHover(kind: TargetKind, path: Path): string | undefined {
  const s = schemaAt(kind, path);
  if (!s) return undefined;
  const { text, link } = shortDescription(s.description);
  const lines = [`**${formatPath(path) || kind}**${s.type ? ` _${typeName(s.type)}_` : ''}`];
  if (text) lines.push('', text);
  const facts: string[] = [];
  if (s.default !== undefined && !(typeof s.default === 'object' && s.default && !Object.keys(s.default).length)) facts.push(`Default: \`${JSON.stringify(s.default)}\``);
  const allowed = Array.isArray(s.enum) ? s.enum.filter((v: unknown) => v !== null && v !== '') : [];
  if (allowed.length) facts.push(`Allowed: ${allowed.map((v: unknown) => `\`${String(v)}\``).join(', ')}`);
  if (s.minimum !== undefined && s.maximum !== undefined) facts.push(`Range: ${s.minimum}-${s.maximum}`);
  if (facts.length) lines.push('', facts.join(' · '));
  lines.push('', link ? `[Reference](${link})` : docsLink(kind));
  return lines.join('\n');
}

const docsLink = (kind: TargetKind) => (kind === 'Service' ? `[Service docs](${DOCS.service})` : `[NetworkPolicy docs](${DOCS.networkPolicy})`);

interface Annotation {
  text: string;
  values?: string[];
  link: string;
}

const AWS_LB = 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/';
const GKE_LB = 'https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters';
const AKS_LB = 'https://learn.microsoft.com/en-us/azure/aks/internal-lb';

/** Well-known Service annotations: what the cloud controller does with them. */
export const ANNOTATIONS: Record<string, Annotation> = {
  'service.beta.kubernetes.io/aws-load-balancer-type': {
    text: 'Which AWS load balancer fronts the Service: `nlb` asks the in-tree controller for a Network Load Balancer; `external` hands the Service to the AWS Load Balancer Controller (then set `aws-load-balancer-nlb-target-type`). Without it, a Classic Load Balancer is created.',
    values: ['nlb', 'external', 'nlb-ip'],
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-scheme': {
    text: 'Whether the AWS load balancer gets a public address (`internet-facing`) or only a VPC-internal one (`internal`). Read by the AWS Load Balancer Controller; the default there is `internal`.',
    values: ['internal', 'internet-facing'],
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-internal': {
    text: 'Legacy switch for an internal (VPC-only) AWS load balancer; `true` makes it internal. Prefer `aws-load-balancer-scheme: internal` with the AWS Load Balancer Controller.',
    values: ['true', 'false'],
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': {
    text: 'How an NLB reaches the pods: `ip` registers pod IPs directly; `instance` goes through the node ports.',
    values: ['ip', 'instance'],
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled': {
    text: 'Spreads traffic across targets in all availability zones instead of only the zone that received it.',
    values: ['true', 'false'],
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': {
    text: 'ARN of the ACM certificate the load balancer terminates TLS with (on the ports of `aws-load-balancer-ssl-ports`).',
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': {
    text: 'Which Service ports (numbers or names, comma-separated, or `*`) get TLS with the `aws-load-balancer-ssl-cert` certificate.',
    link: AWS_LB,
  },
  'service.beta.kubernetes.io/aws-load-balancer-backend-protocol': {
    text: 'The protocol the load balancer speaks to the pods.',
    values: ['http', 'https', 'ssl', 'tcp'],
    link: AWS_LB,
  },
  'cloud.google.com/load-balancer-type': {
    text: 'On GKE, `Internal` creates an internal passthrough Network Load Balancer reachable only from the VPC, instead of an external one.',
    values: ['Internal', 'External'],
    link: GKE_LB,
  },
  'networking.gke.io/load-balancer-type': {
    text: 'On GKE, `Internal` creates an internal passthrough Network Load Balancer reachable only from the VPC (the newer spelling of `cloud.google.com/load-balancer-type`).',
    values: ['Internal', 'External'],
    link: GKE_LB,
  },
  'service.beta.kubernetes.io/azure-load-balancer-internal': {
    text: 'On AKS, `"true"` puts the Service on an internal Azure load balancer with a private IP from the virtual network, instead of a public one.',
    values: ['true', 'false'],
    link: AKS_LB,
  },
  'service.kubernetes.io/topology-mode': {
    text: 'Topology Aware Routing: `Auto` lets kube-proxy prefer endpoints in the client\'s zone when every zone has enough of them; otherwise traffic is spread across zones as usual.',
    values: ['Auto'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/',
  },
};

function annotationHover(key: string, value: unknown): string | undefined {
  const a = ANNOTATIONS[key];
  if (!a) return undefined;
  const lines = [`**${key}**`, '', a.text];
  if (a.values) {
    const ok = value === undefined || value === null || a.values.includes(String(value));
    lines.push('', `Values: ${a.values.map((v) => `\`${v}\``).join(', ')}${ok ? '' : ` (this one, \`${String(value)}\`, is not among them)`}`);
  }
  lines.push('', `[Reference](${a.link})`);
  return lines.join('\n');
}

function sentence(s: Sentence, link: string): string {
  return [s.text, ...s.notes.map((n) => `- ${n}`)].join('\n') + `\n\n[NetworkPolicy docs](${link})`;
}

function workloadLines(found: WorkloadInfo[] | undefined, namespace: string): string {
  if (found === undefined) return '';
  if (!found.length) return `\n\nMatches no workload of the workspace in namespace \`${namespace}\`.`;
  const shown = found.slice(0, 8).map((w) => `- ${w.kind} \`${w.name}\` — ${w.file}`);
  if (found.length > 8) shown.push(`- and ${found.length - 8} more`);
  return `\n\nMatches ${found.length} workload${found.length === 1 ? '' : 's'} of the workspace:\n${shown.join('\n')}`;
}

function serviceHover(value: unknown, path: Path, namespace: string, options: Analysis['options'], lookup?: WorkspaceLookup): string | undefined {
  const spec = obj(obj(value).spec);
  const facts = serviceFacts(value);
  const p = path.join('.');
  if (p === 'spec.type') {
    const what = SERVICE_TYPES[facts.type];
    const head = what ? `**type: ${facts.type}** — ${what}` : `**type: ${facts.type}** is not a Service type (ClusterIP, NodePort, LoadBalancer, ExternalName).`;
    const implicit: Record<string, string> = {
      NodePort: 'Also creates: a cluster IP.',
      LoadBalancer: `Also creates: a cluster IP and ${spec.allocateLoadBalancerNodePorts === false ? 'no node ports (`allocateLoadBalancerNodePorts: false`)' : 'a node port per port'}.`,
    };
    const lines = [head];
    if (implicit[facts.type]) lines.push('', implicit[facts.type]);
    if (what) lines.push('', reachability(value, options.nodePortRange));
    lines.push('', `[Service types](${DOCS.serviceTypes})`);
    return lines.join('\n');
  }
  if (p === 'spec.clusterIP' && spec.clusterIP === 'None') {
    return `**clusterIP: None** — a headless Service: no virtual IP and no load balancing by kube-proxy. DNS returns the IPs of the ready pods directly (A/AAAA records), and a StatefulSet naming this Service in \`serviceName\` gives each pod a stable name.\n\n${reachability(value, options.nodePortRange)}\n\n[Headless Services](${DOCS.headless})`;
  }
  if (path[0] === 'spec' && path[1] === 'selector' && facts.type !== 'ExternalName') {
    const selector = { matchLabels: spec.selector };
    return `Sends traffic to ${describeSelector(selector, 'pods')} in namespace \`${namespace}\` (every label must match).${workloadLines(lookup?.workloadsSelectedBy(namespace, selector), namespace)}\n\n[Service docs](${DOCS.service})`;
  }
  if (path[0] === 'spec' && path[1] === 'ports' && typeof path[2] === 'number' && path.length === 3) {
    const port = facts.ports[path[2]];
    if (!port) return undefined;
    const target = port.targetPort ?? port.port;
    const node = port.nodePort !== undefined ? `; on every node at :${String(port.nodePort)}` : facts.type === 'NodePort' || facts.type === 'LoadBalancer' ? '; plus a node port picked by the cluster' : '';
    return `Port ${String(port.port)}/${port.protocol}${port.name ? ` (\`${port.name}\`)` : ''} of the Service forwards to ${typeof target === 'string' ? `the container port named \`${target}\`` : `port ${String(target)}`} on the pods${node}.\n\n[Service docs](${DOCS.service})`;
  }
  if (path[0] === 'metadata' && path[1] === 'annotations' && typeof path[2] === 'string') {
    return annotationHover(path[2], obj(obj(obj(value).metadata).annotations)[path[2]]);
  }
  return undefined;
}

function policyHover(value: unknown, path: Path, namespace: string, lookup?: WorkspaceLookup): string | undefined {
  const spec = obj(obj(value).spec);
  if (path[0] !== 'spec') return undefined;
  if (path[1] === 'podSelector') {
    const sel = spec.podSelector;
    const who = describeSelector(sel, 'pods');
    return `This policy applies to ${who} in namespace \`${namespace}\`${who === 'all pods' ? ' (`podSelector: {}` selects every pod of the namespace)' : ''}.${workloadLines(lookup?.workloadsSelectedBy(namespace, sel), namespace)}\n\n[NetworkPolicy docs](${DOCS.networkPolicy})`;
  }
  if (path[1] === 'policyTypes') {
    const types = [...effectivePolicyTypes(spec)];
    const listed = Array.isArray(spec.policyTypes);
    return `This policy restricts ${types.length ? types.join(' and ') : 'nothing'}${listed ? '' : ' (no `policyTypes`: Ingress, plus Egress when there are egress rules)'}. Traffic in a restricted direction is denied unless a rule of some policy allows it.\n\n[NetworkPolicy docs](${DOCS.networkPolicy})`;
  }
  const dir = path[1];
  if (dir !== 'ingress' && dir !== 'egress') return undefined;
  const direction = dir as Direction;
  if (path.length === 2) return sentence(describeRules(spec, direction), DOCS.networkPolicy);
  const i = path[2];
  if (typeof i !== 'number') return undefined;
  const rule = list(spec[direction])[i];
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  if (path.length === 3 || (path.length === 4 && (path[3] === peersKey || path[3] === 'ports'))) {
    return sentence(describeRule(rule, direction, namespace), DOCS.networkPolicy);
  }
  if (path[3] === 'ports' && typeof path[4] === 'number') {
    const port = list(obj(rule).ports)[path[4]];
    const notes = obj(port).protocol === undefined ? ['\n- No `protocol`: TCP only; UDP (DNS!) needs its own entry.'] : [];
    const namedPort = typeof obj(port).port === 'string' ? ['\n- A named port matches the container port of that name on the destination pods.'] : [];
    return `Matches ${describePort(port)}.${notes.join('')}${namedPort.join('')}\n\n[NetworkPolicy docs](${DOCS.networkPolicy})`;
  }
  if (path[3] === peersKey && typeof path[4] === 'number') {
    const peer = obj(list(obj(rule)[peersKey])[path[4]]);
    const lines = [`${direction === 'ingress' ? 'Allows traffic from' : 'Allows traffic to'} ${describePeer(peer, namespace)} (on the rule's ports).`];
    if (peer.podSelector !== undefined && peer.namespaceSelector !== undefined) {
      lines.push('- `namespaceSelector` and `podSelector` in the same item: both must match (AND). A `-` before `podSelector` would make two peers (OR).');
    }
    if (namedNamespace(peer.namespaceSelector)) lines.push(`- ${NAME_LABEL_NOTE}`);
    if (peer.namespaceSelector === undefined && peer.podSelector !== undefined) lines.push(`- Without \`namespaceSelector\`, only pods of this policy's namespace (\`${namespace}\`) match.`);
    let matches = '';
    if (peer.podSelector !== undefined && peer.namespaceSelector === undefined) matches = workloadLines(lookup?.workloadsSelectedBy(namespace, peer.podSelector), namespace);
    return `${lines.join('\n')}${matches}\n\n[NetworkPolicy docs](${DOCS.netpolBehavior})`;
  }
  return undefined;
}

/** The hover at `offset` of the analysed text, or undefined off Kubernetes objects and on white space. */
export function hoverAt(analysis: Analysis, offset: number, lookup?: WorkspaceLookup): HoverInfo | undefined {
  try {
    const at = documentAt(analysis, offset);
    if (!at?.kind || at.parsed.value === undefined) return undefined;
    const rel = offset - at.base;
    const cursor = pathAt(at.parsed.doc.contents, at.segment.result.text, rel);
    if (!cursor || !cursor.path.length) return undefined;
    const value = at.parsed.value;
    // The object's name tells the workspace which object this is (several share a List's document).
    const named = at.base + blame(at.parsed.doc, ['metadata', 'name']).start;
    const namespace = lookup?.namespaceAt?.(named) ?? str(obj(obj(value).metadata).namespace) ?? analysis.options.defaultNamespace;
    const markdown =
      (at.kind === 'Service' ? serviceHover(value, cursor.path, namespace, analysis.options, lookup) : policyHover(value, cursor.path, namespace, lookup)) ??
      schemaHover(at.kind, cursor.path);
    if (!markdown) return undefined;
    return { markdown, start: cursor.start + at.base, end: cursor.end + at.base };
  } catch {
    // A hover is never worth an error: odd input gets no hover.
    return undefined;
  }
}
