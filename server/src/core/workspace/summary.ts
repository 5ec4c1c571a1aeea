// Compact summaries of the objects the cross-file checks need, extracted once per `---` document.
// A summary keeps labels, selectors, ports and a few spans to blame; never the YAML tree or the text, so the
// whole workspace fits in memory (see bench/workspace-index). Spans are relative to the document's segment;
// `Entry.base` places them in the file. Values are untyped user input: anything malformed becomes `undefined`
// ("cannot judge") rather than a guess, and extraction never throws.
import { visit, type Document } from 'yaml';
import type { Analysis, SegmentResult } from '../analyze';
import type { Span } from '../types';
import { isTemplate, splitDocuments } from '../yaml/documents';
import { parseSegment, type ParsedDocument } from '../yaml/parse';
import { blame } from '../yaml/path';
import { get, int, isObj as isObject, list, str } from '../k8s/values';
import { isKustomizationValue, type Kustomization, readKustomization } from './kustomize';
import { customResourcePods } from './operators';
import { isJsonPatch, jsonPatchOps, type PatchOps } from './patch-ops';
import { Labels, Selector, toLabels, toSelector } from './selectors';

/**
 * The kind as written. Besides the built-in kinds, any object with a pod template at `spec.template` (Argo Rollout,
 * OpenKruise CloneSet, Knative Service...) or `spec.jobTargetRef.template` (KEDA ScaledJob) is a workload.
 */
export type WorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | (string & {});

interface ObjectBase {
  name: string;
  /** `metadata.namespace` as written; the effective namespace also depends on the folder (see view.ts). */
  namespace?: string;
  /** `metadata.name` (or `kind`), where related information points. */
  at: Span;
}

export interface ContainerPort {
  container: string;
  name?: string;
  port?: number;
  /** Defaulted as the API server does: TCP. */
  protocol: string;
  at: Span;
}

export interface WorkloadSummary extends ObjectBase {
  type: 'workload';
  kind: WorkloadKind;
  labels: Labels;
  /** The pod template's labels (a Pod's own labels); `undefined` when malformed. */
  podLabels?: Labels;
  podLabelsAt: Span;
  /** Every container port; empty when none is declared. `portsKnown` is false when `containers` is malformed. */
  ports: ContainerPort[];
  portsKnown: boolean;
  serviceName?: string;
  serviceNameAt?: Span;
  replicas?: number;
  /**
   * Label keys the controller stamps on every pod with values the manifest does not fix (`pod-template-hash`,
   * `controller-revision-hash`, `controller-uid`, ...): a selector asking any value of them may match.
   */
  anyValue?: readonly string[];
  /**
   * A StatefulSet's pods are `<name>-<ordinal>`: `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`
   * take these values. `count` is absent when the number of replicas is not written (a controller or an autoscaler decides).
   */
  ordinals?: { readonly start: number; readonly count?: number };
  /** Other values a label may have (an operator's older releases set `app: prometheus`): each may match. */
  altLabels?: Readonly<Record<string, readonly string[]>>;
  /** For pods an operator creates from a custom resource without a pod template in it: what creates them, for messages. */
  createdBy?: string;
}

export interface ServicePort {
  name?: string;
  port?: number;
  /** Defaults to `port` when absent, as the API server does. */
  targetPort?: number | string;
  protocol: string;
  nodePort?: number;
  at: Span;
  targetAt: Span;
  protocolAt: Span;
  nodePortAt?: Span;
}

export interface ServiceSummary extends ObjectBase {
  type: 'service';
  serviceType: string;
  clusterIP?: string;
  /** `clusterIP: None`. */
  headless: boolean;
  /** Absent when the Service has no selector or `selector: {}` (no EndpointSlices are managed) or it is malformed. */
  selector?: Labels;
  selectorAt: Span;
  ports: ServicePort[];
}

export interface PolicyPort {
  /** Defaulted: TCP. */
  protocol: string;
  /** Absent: every port of the protocol. */
  port?: number | string;
  endPort?: number;
}

/** One item of `from`/`to`. Selectors are present only when their key is; `unknown` when malformed. */
export interface Peer {
  pods?: Selector;
  namespaces?: Selector;
  ipBlock?: { cidr: string; except: string[] };
  unknown?: boolean;
  at: Span;
  /** The `podSelector` key, for the peer-selector check. */
  podsAt?: Span;
}

export interface PolicyRule {
  /** Absent when `from`/`to` is absent or empty: every source or destination. */
  peers?: Peer[];
  /** Absent when `ports` is absent or empty: every port and protocol. */
  ports?: PolicyPort[];
  /** The rule is malformed; checks treat it as allowing everything (no false alarm). */
  unknown?: boolean;
  at: Span;
}

export interface PolicySummary extends ObjectBase {
  type: 'policy';
  /** `undefined` when malformed. */
  podSelector?: Selector;
  podSelectorAt: Span;
  /** Effective policyTypes: explicit, or defaulted (Ingress always, Egress when egress rules exist). */
  ingress: boolean;
  egress: boolean;
  ingressRules: PolicyRule[];
  egressRules: PolicyRule[];
  /** Where an egress problem is blamed: the `Egress` entry of policyTypes, else the `egress` key. */
  egressAt: Span;
}

export interface NamespaceSummary extends ObjectBase {
  type: 'namespace';
  labels: Labels;
}

/**
 * A custom resource that may create pods whose labels the tool cannot know (an operator it has no table entry for):
 * a "matches nothing" verdict in its namespace is then not certain.
 */
export interface OpaqueSummary extends ObjectBase {
  type: 'opaque';
  kind: string;
}

export type ObjectSummary = WorkloadSummary | ServiceSummary | PolicySummary | NamespaceSummary | OpaqueSummary;

/** The kind of a summarised object as written (`Deployment`, `Prometheus`, `Service`...). */
export function kindOf(o: ObjectSummary): string {
  return o.type === 'workload' || o.type === 'opaque' ? o.kind : o.type === 'service' ? 'Service' : o.type === 'policy' ? 'NetworkPolicy' : 'Namespace';
}

export interface Entry {
  /** Offset of the object's segment in the file. */
  base: number;
  obj: ObjectSummary;
}

export interface FileSummary {
  /** The key the caller indexes the file by (a path or a normalised URI). */
  readonly file: string;
  /** What related information points at (a URI in the server, a path in the CLI). */
  readonly uri: string;
  readonly entries: readonly Entry[];
  /** The file is a kustomization (`kustomization.yaml`): what it builds and transforms. */
  readonly kustomization?: Kustomization;
  /** The file is a JSON 6902 patch (a list of operations): what it does to labels, selectors and ports, when a kustomization uses it. */
  readonly patchOps?: PatchOps;
  /** A template (Helm, `{{ }}` placeholders) that mentions a kind that creates pods: pods the tool cannot see. */
  readonly podTemplate?: boolean;
  /** For a template: the namespaces it writes literally, when every namespace in it is literal; absent: any namespace. */
  readonly templateNamespaces?: readonly string[];
  /** Line starts, to turn offsets into positions for files that are not open; empty when the file holds no object. */
  readonly lines: Uint32Array;
}

const isObj = (x: unknown): x is Record<string, any> => isObject(x);

const WORKLOADS: Record<string, { kind: WorkloadKind; group: RegExp; template: string[] }> = {
  Pod: { kind: 'Pod', group: /^v1$/, template: [] },
  Deployment: { kind: 'Deployment', group: /^(apps|extensions)\//, template: ['spec', 'template'] },
  StatefulSet: { kind: 'StatefulSet', group: /^apps\//, template: ['spec', 'template'] },
  DaemonSet: { kind: 'DaemonSet', group: /^(apps|extensions)\//, template: ['spec', 'template'] },
  ReplicaSet: { kind: 'ReplicaSet', group: /^(apps|extensions)\//, template: ['spec', 'template'] },
  Job: { kind: 'Job', group: /^batch\//, template: ['spec', 'template'] },
  CronJob: { kind: 'CronJob', group: /^batch\//, template: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** Where other kinds keep a pod template, tried in order; the template must have a `metadata.labels` mapping. */
const GENERIC_TEMPLATES: string[][] = [
  ['spec', 'template'],
  ['spec', 'jobTargetRef', 'template'],
];

/**
 * Labels the built-in controllers add to every pod, with values the manifest does not fix (ReplicaSets created by a
 * Deployment: `pod-template-hash`; StatefulSet and DaemonSet: `controller-revision-hash`; Jobs: the uid of the Job).
 * StatefulSet pod names and indexes are known from the replicas (WorkloadSummary.ordinals).
 */
const CONTROLLER_LABELS: Record<string, readonly string[]> = {
  Deployment: ['pod-template-hash'],
  StatefulSet: ['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index'],
  DaemonSet: ['controller-revision-hash', 'pod-template-generation'],
  Job: ['controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index'],
  CronJob: ['job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index'],
};

const builtinWorkload = (kind: string): boolean => Object.prototype.hasOwnProperty.call(WORKLOADS, kind);

const KUSTOMIZATION_FILE = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;


/** Summaries of one `---` segment's documents, with spans relative to the segment. */
export function summarizeSegment(text: string): SegmentSummary {
  let parsed: ParsedDocument[];
  try {
    parsed = parseSegment(text);
  } catch {
    return { objects: [] };
  }
  return summarizeParsed(parsed, text);
}

/** The same, from documents already parsed: the analysis summarises its own parse, so nothing is parsed twice. */
export function summarizeParsed(parsed: readonly ParsedDocument[], text?: string): SegmentSummary {
  const objects: ObjectSummary[] = [];
  let podTemplate = false;
  let patchOps: PatchOps | undefined;
  let kustomization: Kustomization | undefined;
  try {
    for (const p of parsed) {
      const v = p.value;
      if (isJsonPatch(v)) patchOps = jsonPatchOps(v);
      if (!isObj(v)) continue;
      if (isKustomizationValue(v)) {
        kustomization = readKustomization(v);
        continue;
      }
      const found = summarizeCustomResource(v, p.doc) ?? summarizeObject(v, p.doc);
      for (const o of Array.isArray(found) ? found : found ? [found] : []) {
        // `${VAR}` placeholders (envsubst, Flux substitution) in a name, label, selector or port: the values are not
        // what the cluster will get. The object is left out, and a workload counts as pods the tool cannot see.
        if (text?.includes('${') && PLACEHOLDER.test(JSON.stringify(o))) podTemplate ||= o.type === 'workload';
        else objects.push(o);
      }
    }
  } catch {
    // Extraction must never take the server down; a document we cannot read simply contributes nothing.
  }
  return { objects, ...(kustomization && { kustomization }), ...(patchOps && { patchOps }), ...(podTemplate && { podTemplate }) };
}

export interface SegmentSummary {
  objects: ObjectSummary[];
  kustomization?: Kustomization;
  /** The segment is a JSON 6902 patch: what it does (see FileSummary.patchOps). */
  patchOps?: PatchOps;
  /** The segment holds `${VAR}` placeholders and a kind that creates pods: pods the tool cannot see. */
  podTemplate?: boolean;
}

export function summarizeObject(v: Record<string, any>, doc: Document): ObjectSummary | undefined {
  const kind = v.kind;
  const apiVersion = str(v.apiVersion) ?? '';
  const name = str(v.metadata?.name) ?? '';
  const namespace = str(v.metadata?.namespace) || undefined;
  const span = (path: ReadonlyArray<string | number>, on: 'key' | 'value' = 'value') => blame(doc, path, on);
  const at = span(['metadata', 'name']);
  if (kind === 'Service' && apiVersion === 'v1') return summarizeService(v, name, namespace, at, span);
  if (kind === 'NetworkPolicy' && apiVersion === 'networking.k8s.io/v1') return summarizePolicy(v, name, namespace, at, span);
  if (kind === 'Namespace' && apiVersion === 'v1') return { type: 'namespace', name, at, labels: toLabels(v.metadata?.labels) ?? {} };
  const w = typeof kind === 'string' && builtinWorkload(kind) ? WORKLOADS[kind] : undefined;
  if (w && w.group.test(apiVersion)) return summarizeWorkload(v, w.kind, w.template, name, namespace, at, span);
  // Any other kind (a CRD's workload, or a built-in kind of an unexpected group) whose pod template has labels:
  // its pods are real, and ignoring them would report Services and policies that select them as matching nothing.
  if (typeof kind === 'string' && kind) {
    const tpl = GENERIC_TEMPLATES.find((t) => isObj(get(v, [...t, 'metadata', 'labels'])));
    if (tpl) return summarizeWorkload(v, kind, tpl, name, namespace, at, span);
  }
  return undefined;
}

type SpanOf = (path: ReadonlyArray<string | number>, on?: 'key' | 'value') => Span;

type OperatorPort = { container: string; name: string; port: number; protocol?: string };

/**
 * The container ports the prometheus-operator gives the pods it creates (prometheus-operator
 * pkg/prometheus/server/statefulset.go, pkg/alertmanager/statefulset.go, pkg/thanos/statefulset.go: the main
 * container's port named by spec.portName, default `web`; the config reloader's `reloader-web`; Alertmanager's
 * cluster `mesh-tcp`/`mesh-udp`; the Thanos sidecar's `http` and `grpc`).
 */
const OPERATOR_PORTS: Record<string, (v: Record<string, any>) => OperatorPort[]> = {
  'monitoring.coreos.com/Prometheus': (v) => [
    { container: 'prometheus', name: str(v.spec?.portName) || 'web', port: 9090 },
    { container: 'config-reloader', name: 'reloader-web', port: 8080 },
    ...(isObj(v.spec?.thanos) ? [{ container: 'thanos-sidecar', name: 'http', port: 10902 }, { container: 'thanos-sidecar', name: 'grpc', port: 10901 }] : []),
  ],
  'monitoring.coreos.com/Alertmanager': (v) => [
    { container: 'alertmanager', name: str(v.spec?.portName) || 'web', port: 9093 },
    { container: 'alertmanager', name: 'mesh-tcp', port: 9094 },
    { container: 'alertmanager', name: 'mesh-udp', port: 9094, protocol: 'UDP' },
    { container: 'config-reloader', name: 'reloader-web', port: 8080 },
  ],
  'monitoring.coreos.com/ThanosRuler': () => [
    { container: 'thanos-ruler', name: 'grpc', port: 10901 },
    { container: 'thanos-ruler', name: 'web', port: 10902 },
    { container: 'config-reloader', name: 'reloader-web', port: 8080 },
  ],
};

/**
 * The pods a custom resource makes its operator create (operators.ts), each group as a workload; an object that may
 * create pods the tool cannot know as an OpaqueSummary. Undefined for built-in kinds.
 */
function summarizeCustomResource(v: Record<string, any>, doc: Document): ObjectSummary[] | undefined {
  const kind = v.kind;
  const apiVersion = str(v.apiVersion);
  if (typeof kind !== 'string' || !kind || !apiVersion) return undefined;
  const name = str(v.metadata?.name) ?? '';
  const crp = customResourcePods(apiVersion, kind, name, v);
  if (!crp) return undefined;
  // Without a name (or generateName) the API server creates nothing: a fragment from documentation, not an object.
  if (!name && !str(v.metadata?.generateName)) return [];
  const namespace = str(v.metadata?.namespace) || undefined;
  const span: SpanOf = (path, on = 'value') => blame(doc, path, on);
  const at = span(['metadata', 'name']);
  const out: ObjectSummary[] = [];
  for (const source of crp.sources) {
    if (source.anyNamespace) continue; // pods next to each user of the object, in namespaces it does not name
    const w = summarizeWorkload(v, kind, source.template ?? [], name, namespace, at, span);
    w.podLabels = source.labels;
    w.podLabelsAt = span(source.labelsAt, 'key');
    w.anyValue = source.anyValue;
    if (source.legacyLabels && Object.keys(source.legacyLabels).length) {
      w.altLabels = Object.fromEntries(Object.entries(source.legacyLabels).map(([k, v]) => [k, [v]]));
    }
    if (!source.template) w.createdBy = source.description;
    // Without a pod template the containers are the operator's; with `portsAdded`, it adds ports of its own.
    if (!source.template || source.portsAdded) w.portsKnown = false;
    const known = OPERATOR_PORTS[`${apiVersion.split('/')[0]}/${kind}`]?.(v);
    if (known && !source.template) {
      // The operator's containers and their ports (plus spec.containers, which it merges into the pod by name).
      w.ports = known.map((p) => ({ container: p.container, name: p.name, port: p.port, protocol: p.protocol ?? 'TCP', at: at }));
      list(v.spec?.containers).forEach((c, ci) => {
        if (!isObj(c)) return;
        list(c.ports).forEach((p, pi) => {
          if (isObj(p)) w.ports.push({ container: str(c.name) ?? `#${ci}`, name: str(p.name), port: int(p.containerPort), protocol: str(p.protocol) ?? 'TCP', at: span(['spec', 'containers', ci, 'ports', pi]) });
        });
      });
      w.portsKnown = Array.isArray(v.spec?.containers) || v.spec?.containers === undefined;
    }
    out.push(w);
  }
  if (crp.opaque) out.push({ type: 'opaque', kind, name, namespace, at });
  return out;
}

function summarizeWorkload(v: Record<string, any>, kind: WorkloadKind, tpl: ReadonlyArray<string | number>, name: string, namespace: string | undefined, at: Span, span: SpanOf): WorkloadSummary {
  const template = tpl.length ? get(v, tpl) : v;
  const containers = get(template, ['spec', 'containers']);
  const ports: ContainerPort[] = [];
  list(containers).forEach((c, ci) => {
    if (!isObj(c)) return;
    list(c.ports).forEach((p, pi) => {
      if (!isObj(p)) return;
      ports.push({
        container: str(c.name) ?? `#${ci}`,
        name: str(p.name),
        port: int(p.containerPort),
        protocol: str(p.protocol) ?? 'TCP',
        at: span([...tpl, 'spec', 'containers', ci, 'ports', pi]),
      });
    });
  });
  const w: WorkloadSummary = {
    type: 'workload',
    kind,
    name,
    namespace,
    at,
    labels: toLabels(v.metadata?.labels) ?? {},
    podLabels: toLabels(get(template, ['metadata', 'labels'])),
    podLabelsAt: span([...tpl, 'metadata', 'labels'], 'key'),
    ports,
    portsKnown: Array.isArray(containers),
  };
  const controller = CONTROLLER_LABELS[kind];
  if (controller && builtinWorkload(kind)) {
    w.anyValue = controller;
    // A Job's pods carry its own name; a CronJob's Jobs get generated names.
    if (kind === 'Job' && name) w.podLabels = w.podLabels && { ...w.podLabels, 'job-name': name, 'batch.kubernetes.io/job-name': name };
  }
  if (kind === 'StatefulSet') {
    w.serviceName = str(v.spec?.serviceName) || undefined;
    if (w.serviceName) w.serviceNameAt = span(['spec', 'serviceName']);
    w.replicas = int(v.spec?.replicas) ?? 1;
    const start = int(v.spec?.ordinals?.start) ?? 0;
    w.ordinals = int(v.spec?.replicas) !== undefined ? { start, count: w.replicas } : { start };
  } else if (kind === 'Deployment' || kind === 'ReplicaSet') {
    w.replicas = int(v.spec?.replicas) ?? 1;
  } else if (!builtinWorkload(kind)) {
    // Other kinds default their replicas in ways we do not know: only a written number is kept.
    w.replicas = int(v.spec?.replicas);
  }
  return w;
}

function summarizeService(v: Record<string, any>, name: string, namespace: string | undefined, at: Span, span: SpanOf): ServiceSummary {
  const spec = isObj(v.spec) ? v.spec : {};
  const selector = toLabels(spec.selector);
  const ports: ServicePort[] = [];
  list(spec.ports).forEach((p, i) => {
    if (!isObj(p)) return;
    const port = int(p.port);
    // The API server defaults an absent, 0 or "" targetPort to `port` (SetDefaults_Service).
    const target = int(p.targetPort) || str(p.targetPort) || undefined;
    ports.push({
      name: str(p.name),
      port,
      targetPort: target ?? port,
      protocol: str(p.protocol) ?? 'TCP',
      nodePort: int(p.nodePort) || undefined,
      at: span(['spec', 'ports', i]),
      targetAt: span(['spec', 'ports', i, p.targetPort !== undefined ? 'targetPort' : 'port']),
      protocolAt: span(['spec', 'ports', i, p.protocol !== undefined ? 'protocol' : 'port']),
      nodePortAt: p.nodePort !== undefined ? span(['spec', 'ports', i, 'nodePort']) : undefined,
    });
  });
  return {
    type: 'service',
    name,
    namespace,
    at,
    serviceType: str(spec.type) ?? 'ClusterIP',
    clusterIP: str(spec.clusterIP),
    headless: spec.clusterIP === 'None',
    selector: selector && Object.keys(selector).length ? selector : undefined,
    selectorAt: span(['spec', 'selector'], 'key'),
    ports,
  };
}

function summarizePolicy(v: Record<string, any>, name: string, namespace: string | undefined, at: Span, span: SpanOf): PolicySummary {
  const spec = isObj(v.spec) ? v.spec : {};
  const types = Array.isArray(spec.policyTypes) && spec.policyTypes.length ? spec.policyTypes : undefined;
  const egressIndex = types ? types.indexOf('Egress') : -1;
  return {
    type: 'policy',
    name,
    namespace,
    at,
    podSelector: toSelector(spec.podSelector),
    podSelectorAt: span(['spec', 'podSelector'], 'key'),
    // The API server's defaulting (SetDefaults_NetworkPolicySpec).
    ingress: types ? types.includes('Ingress') : true,
    egress: types ? types.includes('Egress') : Array.isArray(spec.egress) && spec.egress.length > 0,
    ingressRules: rules(spec.ingress, 'ingress', 'from', span),
    egressRules: rules(spec.egress, 'egress', 'to', span),
    egressAt: egressIndex >= 0 ? span(['spec', 'policyTypes', egressIndex]) : span(['spec', 'egress'], 'key'),
  };
}

function rules(raw: unknown, field: 'ingress' | 'egress', peersKey: 'from' | 'to', span: SpanOf): PolicyRule[] {
  return list(raw).map((r, i) => {
    const at = span(['spec', field, i]);
    if (!isObj(r)) return { unknown: r !== null && r !== undefined, at };
    const rawPeers = r[peersKey];
    const rawPorts = r.ports;
    if ((rawPeers != null && !Array.isArray(rawPeers)) || (rawPorts != null && !Array.isArray(rawPorts))) return { unknown: true, at };
    const rule: PolicyRule = { at };
    if (Array.isArray(rawPeers) && rawPeers.length) {
      rule.peers = rawPeers.map((p, j) => peer(p, [...['spec', field, i, peersKey], j], span));
    }
    if (Array.isArray(rawPorts) && rawPorts.length) {
      rule.ports = rawPorts.map((p) => {
        if (!isObj(p)) return { protocol: 'TCP' };
        const port = int(p.port) ?? str(p.port);
        return { protocol: str(p.protocol) ?? 'TCP', port, endPort: int(p.endPort) };
      });
    }
    return rule;
  });
}

function peer(p: unknown, path: Array<string | number>, span: SpanOf): Peer {
  const at = span(path);
  if (!isObj(p)) return { unknown: true, at };
  const out: Peer = { at };
  if (p.podSelector != null) {
    out.pods = toSelector(p.podSelector);
    out.podsAt = span([...path, 'podSelector'], 'key');
    if (!out.pods) out.unknown = true;
  }
  if (p.namespaceSelector != null) {
    out.namespaces = toSelector(p.namespaceSelector);
    if (!out.namespaces) out.unknown = true;
  }
  if (p.ipBlock != null) {
    const cidr = str(p.ipBlock?.cidr);
    const except = list(p.ipBlock?.except).filter((x): x is string => typeof x === 'string');
    if (cidr) out.ipBlock = { cidr, except };
    else out.unknown = true;
  }
  if (!out.pods && !out.namespaces && !out.ipBlock) out.unknown = true;
  return out;
}

/** Offsets of line starts; `lines[i]` is where 0-based line i begins. */
export function lineStarts(text: string): Uint32Array {
  return lineStartsOfSegments([{ start: 0, text }]);
}

/** The same for a text given as its `---` documents, without joining them into one string. */
function lineStartsOfSegments(segments: ReadonlyArray<{ start: number; text: string }>): Uint32Array {
  let n = 1;
  for (const s of segments) for (let i = s.text.indexOf('\n'); i >= 0; i = s.text.indexOf('\n', i + 1)) n++;
  const out = new Uint32Array(n);
  let k = 1;
  for (const s of segments) for (let i = s.text.indexOf('\n'); i >= 0; i = s.text.indexOf('\n', i + 1)) out[k++] = s.start + i + 1;
  return out;
}

/** 0-based line and UTF-16 character of `offset`. */
export function positionOf(lines: Uint32Array, offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - (lines[lo] ?? 0) };
}

const EMPTY_LINES = new Uint32Array(0);

interface Extra {
  patchOps?: PatchOps;
  podTemplate?: boolean;
  templateNamespaces?: string[];
}

function fileSummary(file: string, uri: string, lines: () => Uint32Array, parts: Array<{ start: number; summary: SegmentSummary }>, extra: Extra, lazyLines = false): FileSummary {
  const entries: Entry[] = [];
  let kustomization: Kustomization | undefined;
  for (const part of parts) {
    for (const obj of part.summary.objects) entries.push({ base: part.start, obj });
    kustomization = part.summary.kustomization ?? kustomization;
  }
  // Only kustomization files are kustomizations: a stray `resources:` key elsewhere is not.
  if (!KUSTOMIZATION_FILE.test(file)) kustomization = undefined;
  const base = {
    file,
    uri,
    entries,
    ...(kustomization && { kustomization }),
    ...(extra.patchOps && { patchOps: extra.patchOps }),
    ...(extra.podTemplate && { podTemplate: true }),
    ...(extra.podTemplate && extra.templateNamespaces && { templateNamespaces: extra.templateNamespaces }),
  };
  if (lazyLines && entries.length) {
    // An open document: its text is held anyway, and the lines are needed only when another file relates to it,
    // so a keystroke does not index the lines of a big file.
    let cached: Uint32Array | undefined;
    return { ...base, get lines() {
      return (cached ??= lines());
    } };
  }
  return { ...base, lines: entries.length ? lines() : EMPTY_LINES };
}

/** A `${VAR}` placeholder as envsubst and Flux write it (`${VAR:-default}` too). */
const PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}\n]*)?\}/;
/** Kinds a template may hold that create no pods. */
const NO_PODS = /^(Service|NetworkPolicy|ConfigMap|Secret|Namespace|ServiceAccount|(Cluster)?Role(Binding)?|Ingress(Class)?|PersistentVolume(Claim)?|StorageClass|CustomResourceDefinition|ServiceMonitor|PodMonitor|PrometheusRule|HorizontalPodAutoscaler|PodDisruptionBudget|Certificate|Issuer|ClusterIssuer|(Mutating|Validating)WebhookConfiguration|Kustomization|HTTPRoute|GRPCRoute|Gateway|ReferenceGrant|VirtualService|DestinationRule|BackendConfig|ManagedCertificate|FrontendConfig|LimitRange|ResourceQuota|PriorityClass|List)$/;

/**
 * A file with `{{ }}` that is nevertheless well-formed YAML (the braces sit inside strings: Istio's injection
 * templates, Knative's URL templates) holds real objects: their summaries; undefined for a real template.
 */
function wellFormedTemplate(text: string): Array<{ start: number; summary: SegmentSummary }> | undefined {
  const parts: Array<{ start: number; summary: SegmentSummary }> = [];
  for (const seg of splitDocuments(text)) {
    let parsed: ParsedDocument[];
    try {
      parsed = parseSegment(seg.text);
    } catch {
      return undefined;
    }
    if (parsed.some((p) => p.doc.errors.length > 0 || containsTemplateOutsideStrings(p, seg.text))) return undefined;
    parts.push({ start: seg.start, summary: summarizeParsed(parsed, seg.text) });
  }
  return parts;
}

/**
 * Whether a `{{` of the segment is not text inside a scalar (a key, a flow mapping `{{ .Values.x }}`): a Helm template
 * that happens to parse. `{{` in comments does not count.
 */
function containsTemplateOutsideStrings(p: ParsedDocument, text: string): boolean {
  const ranges: Array<[number, number]> = [];
  visit(p.doc, {
    Scalar(_, node) {
      if (node.range && String(node.value).includes('{{')) ranges.push([node.range[0], node.range[1]]);
    },
  });
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) {
    if (ranges.some(([a, b]) => a <= i && i < b)) continue;
    const lineStart = text.lastIndexOf('\n', i) + 1;
    if (/(^|\s)#/.test(text.slice(lineStart, i))) continue;
    return true;
  }
  return false;
}

/** The namespaces a template writes, when each `namespace:` in it is a literal name; undefined when any is not, or none is written. */
function templateNamespaces(text: string): string[] | undefined {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*["']?namespace["']?[ \t]*:[ \t]*(.*)$/gm)) {
    const hash = m[1].indexOf('#');
    const v = (hash >= 0 ? m[1].slice(0, hash) : m[1]).trim().replace(/^["']|["']$/g, '');
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v)) return undefined;
    out.add(v);
  }
  return out.size ? [...out] : undefined;
}

/** Whether a template (skipped: not YAML until rendered) names a kind that may create pods. */
function templateMayCreatePods(text: string): boolean {
  for (const m of text.matchAll(/^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/gm)) if (!NO_PODS.test(m[1])) return true;
  return false;
}

/** Summarises a file read from disk. Helm templates (`{{ }}`) are not YAML until rendered and yield nothing. */
export function summarizeText(file: string, uri: string, text: string, maxFileSize = Infinity): FileSummary {
  const steps = summarizeTextSteps(file, uri, text, maxFileSize);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `summarizeText` one `---` document at a time: the generator pauses after each, so that a caller can spread a big
 * file over several turns of its event loop (and give up on it, e.g. when the file is opened meanwhile).
 */
export function* summarizeTextSteps(file: string, uri: string, text: string, maxFileSize = Infinity): Generator<void, FileSummary, void> {
  if (text.length > maxFileSize) return fileSummary(file, uri, () => EMPTY_LINES, [], {});
  if (isTemplate(text)) {
    const parts = wellFormedTemplate(text);
    if (parts) return fileSummary(file, uri, () => lineStarts(text), parts, extraOf(parts));
    return fileSummary(file, uri, () => EMPTY_LINES, [], { podTemplate: templateMayCreatePods(text), templateNamespaces: templateNamespaces(text) });
  }
  if (!/^[ \t]*(kind|apiVersion|resources|bases|components|namespace)[ \t]*:|"(kind|apiVersion)"[ \t]*:/m.test(text)) return fileSummary(file, uri, () => EMPTY_LINES, [], {});
  const parts: Array<{ start: number; summary: SegmentSummary }> = [];
  for (const seg of splitDocuments(text)) {
    parts.push({ start: seg.start, summary: summarizeSegment(seg.text) });
    yield;
  }
  return fileSummary(file, uri, () => lineStarts(text), parts, extraOf(parts));
}

function extraOf(parts: ReadonlyArray<{ summary: SegmentSummary }>): Extra {
  return {
    patchOps: parts.find((p) => p.summary.patchOps)?.summary.patchOps,
    podTemplate: parts.some((p) => p.summary.podTemplate),
  };
}

const bySegment = new WeakMap<SegmentResult, SegmentSummary>();

/**
 * Summarises an open document from its analysis: a segment's summary is cached with its analysis result, so an
 * edit re-extracts only the `---` documents it touched.
 */
export function summarizeAnalysis(file: string, uri: string, analysis: Analysis): FileSummary {
  const parts = analysis.segments.map((seg) => {
    let summary = seg.result.summary ?? bySegment.get(seg.result);
    if (!summary) {
      summary = summarizeSegment(seg.result.text);
      bySegment.set(seg.result, summary);
    }
    return { start: seg.start, summary };
  });
  if (analysis.template) {
    // Not analysed (a template gets no diagnostics), but its objects may be real: see wellFormedTemplate.
    const text = analysis.text;
    const real = wellFormedTemplate(text);
    if (real) return fileSummary(file, uri, () => lineStarts(text), real, extraOf(real), true);
    return fileSummary(file, uri, () => EMPTY_LINES, [], { podTemplate: templateMayCreatePods(text), templateNamespaces: templateNamespaces(text) });
  }
  const extra = extraOf(parts);
  return fileSummary(file, uri, () => lineStartsOfSegments(analysis.segments.map((s) => ({ start: s.start, text: s.result.text }))), parts, extra, true);
}
