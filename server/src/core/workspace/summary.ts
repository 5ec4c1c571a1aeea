// Compact summaries of the objects the cross-file checks need, extracted once per `---` document.
// A summary keeps labels, selectors, ports and a few spans to blame; never the YAML tree or the text, so the
// whole workspace fits in memory (see bench/workspace-index). Spans are relative to the document's segment;
// `Entry.base` places them in the file. Values are untyped user input: anything malformed becomes `undefined`
// ("cannot judge") rather than a guess, and extraction never throws.
import type { Document } from 'yaml';
import type { Analysis, SegmentResult } from '../analyze';
import type { Span } from '../types';
import { isTemplate, splitDocuments } from '../yaml/documents';
import { parseSegment, type ParsedDocument } from '../yaml/parse';
import { blame } from '../yaml/path';
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

export type ObjectSummary = WorkloadSummary | ServiceSummary | PolicySummary | NamespaceSummary;

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
  /** `namespace:` of a kustomization file: the namespace of the folder's objects that name none. */
  readonly kustomizeNamespace?: string;
  /** Line starts, to turn offsets into positions for files that are not open; empty when the file holds no object. */
  readonly lines: Uint32Array;
}

const isObj = (x: unknown): x is Record<string, any> => !!x && typeof x === 'object' && !Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const int = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) ? x : undefined);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

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

const builtinWorkload = (kind: string): boolean => Object.prototype.hasOwnProperty.call(WORKLOADS, kind);

const KUSTOMIZATION_FILE = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;

function get(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const k of path) v = isObj(v) ? v[k] : undefined;
  return v;
}

/** Summaries of one `---` segment's documents, with spans relative to the segment. */
export function summarizeSegment(text: string): SegmentSummary {
  let parsed: ParsedDocument[];
  try {
    parsed = parseSegment(text);
  } catch {
    return { objects: [], kustomizeNamespace: undefined };
  }
  return summarizeParsed(parsed);
}

/** The same, from documents already parsed: the analysis summarises its own parse, so nothing is parsed twice. */
export function summarizeParsed(parsed: readonly ParsedDocument[]): SegmentSummary {
  const objects: ObjectSummary[] = [];
  let kustomizeNamespace: string | undefined;
  try {
    for (const p of parsed) {
      const v = p.value;
      if (!isObj(v)) continue;
      if (typeof v.apiVersion === 'string' && v.apiVersion.startsWith('kustomize.config.k8s.io/')) {
        kustomizeNamespace = str(v.namespace) ?? kustomizeNamespace;
        continue;
      }
      const o = summarizeObject(v, p.doc);
      if (o) objects.push(o);
      else if (v.kind === undefined && v.apiVersion === undefined && typeof v.namespace === 'string' && Array.isArray(v.resources)) {
        // An old-style kustomization.yaml names neither apiVersion nor kind.
        kustomizeNamespace = v.namespace;
      }
    }
  } catch {
    // Extraction must never take the server down; a document we cannot read simply contributes nothing.
  }
  return { objects, kustomizeNamespace };
}

export interface SegmentSummary {
  objects: ObjectSummary[];
  kustomizeNamespace?: string;
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

function summarizeWorkload(v: Record<string, any>, kind: WorkloadKind, tpl: string[], name: string, namespace: string | undefined, at: Span, span: SpanOf): WorkloadSummary {
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
  if (kind === 'StatefulSet') {
    w.serviceName = str(v.spec?.serviceName) || undefined;
    if (w.serviceName) w.serviceNameAt = span(['spec', 'serviceName']);
    w.replicas = int(v.spec?.replicas) ?? 1;
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
    const target = int(p.targetPort) ?? (str(p.targetPort) || undefined);
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

function fileSummary(file: string, uri: string, lines: () => Uint32Array, parts: Array<{ start: number; summary: SegmentSummary }>, lazyLines = false): FileSummary {
  const entries: Entry[] = [];
  let kustomizeNamespace: string | undefined;
  for (const part of parts) {
    for (const obj of part.summary.objects) entries.push({ base: part.start, obj });
    kustomizeNamespace = part.summary.kustomizeNamespace ?? kustomizeNamespace;
  }
  // Only kustomization files set the folder's namespace: a stray `namespace:` key elsewhere must not.
  if (!KUSTOMIZATION_FILE.test(file)) kustomizeNamespace = undefined;
  if (lazyLines && entries.length) {
    // An open document: its text is held anyway, and the lines are needed only when another file relates to it,
    // so a keystroke does not index the lines of a big file.
    let cached: Uint32Array | undefined;
    return { file, uri, entries, kustomizeNamespace, get lines() {
      return (cached ??= lines());
    } };
  }
  return { file, uri, entries, kustomizeNamespace, lines: entries.length ? lines() : EMPTY_LINES };
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
  if (text.length > maxFileSize || isTemplate(text) || !/^[ \t]*(kind|apiVersion|resources|namespace)[ \t]*:|"(kind|apiVersion)"[ \t]*:/m.test(text)) {
    return fileSummary(file, uri, () => EMPTY_LINES, []);
  }
  const parts: Array<{ start: number; summary: SegmentSummary }> = [];
  for (const seg of splitDocuments(text)) {
    parts.push({ start: seg.start, summary: summarizeSegment(seg.text) });
    yield;
  }
  return fileSummary(file, uri, () => lineStarts(text), parts);
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
  return fileSummary(file, uri, () => lineStartsOfSegments(analysis.segments.map((s) => ({ start: s.start, text: s.result.text }))), parts, true);
}
