// Plain data shared by the core and its callers.
// Everything is in UTF-16 offsets into the analysed text; only the LSP adapter converts to lines and characters.

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

/** A path into a manifest as the API server names it: `['spec', 'ports', 0, 'port']`. */
export type Path = ReadonlyArray<string | number>;

export interface Span {
  start: number;
  end: number;
}

export interface TextEdit extends Span {
  newText: string;
}

/** A fix computed together with the problem; serialisable, so it can ride on an LSP diagnostic. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one obviously right fix (shown first, applied by "Fix all"). */
  isPreferred?: boolean;
}

/** Another place involved in a problem, possibly in another file. */
export interface RelatedPlace extends Span {
  /** A file URI or path as the caller named it; absent means the analysed text itself. */
  file?: string;
  message: string;
  /** 0-based line and UTF-16 character of `start`/`end`, given for places in another file (whose text the caller may not hold). */
  at?: { line: number; character: number; endLine: number; endCharacter: number };
}

export interface Problem extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The API field path the problem is about (`spec.ports[0].port`), when it is about one field. */
  path?: string;
  fixes?: Fix[];
  related?: RelatedPlace[];
  tags?: Array<'unnecessary' | 'deprecated'>;
  /** The tool cannot see everything that decides this (an operator, a template): information at most, whatever the rule's configured severity. */
  uncertain?: boolean;
}

export interface AnalysisOptions {
  /** Severity override per rule id; `off` silences a rule. */
  rules: Readonly<Record<string, SeveritySetting>>;
  /** The cluster's `--service-node-port-range`. */
  nodePortRange: readonly [number, number];
  /** The Kubernetes minor version the manifests are written for, e.g. `1.33`. */
  kubernetesVersion: string;
  clusterDomain: string;
  defaultNamespace: string;
  /** Files larger than this many characters are not analysed (one information problem says so). */
  maxFileSize: number;
  /** Only this many `---` documents of a file are analysed. */
  maxDocuments: number;
  dns: DnsOptions;
}

export interface DnsOptions {
  port: number;
  namespace: string;
  podLabels: Readonly<Record<string, string>>;
  /** Extra resolver addresses (NodeLocal DNSCache, a custom CoreDNS IP) an ipBlock may cover. */
  ips: readonly string[];
}

export const defaultOptions: AnalysisOptions = Object.freeze({
  rules: {},
  nodePortRange: [30000, 32767] as const,
  kubernetesVersion: '1.33',
  clusterDomain: 'cluster.local',
  defaultNamespace: 'default',
  maxFileSize: 5 * 1024 * 1024,
  maxDocuments: 10000,
  dns: { port: 53, namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, ips: [] },
});

export function withDefaults(partial?: Partial<AnalysisOptions>): AnalysisOptions {
  return { ...defaultOptions, ...partial, dns: { ...defaultOptions.dns, ...partial?.dns } };
}
