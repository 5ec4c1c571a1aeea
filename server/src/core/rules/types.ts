// The contract every rule follows: an id (the public name users configure), docs, and a check over one manifest.
import type { Document } from 'yaml';
import type { AnalysisOptions, Fix, Path, RelatedPlace, Severity, Span } from '../types';

export type TargetKind = 'Service' | 'NetworkPolicy';
/** The kinds a rule reports on: a target kind, or a workload kind for cross-file checks. */
export type ReportedKind = TargetKind | 'StatefulSet';

export type RuleCategory =
  | 'yaml' // the text is not the YAML the author meant
  | 'schema' // strict decoding: unknown fields, wrong JSON types, enums and ranges from the schema
  | 'api-server' // what ValidateService / ValidateNetworkPolicy reject
  | 'cluster' // rejected depending on cluster settings (node port range, feature gates)
  | 'workspace' // accepted by the API server, but breaks traffic (needs other files)
  | 'best-practice'; // accepted, works, but likely not what was meant

export interface RuleMeta {
  /** kebab-case, equal to the file name; the public contract (settings, suppression comments, docs anchors). */
  id: string;
  category: RuleCategory;
  kinds: ReadonlyArray<ReportedKind>;
  defaultSeverity: Severity;
  /** One sentence: what the rule reports. */
  docs: string;
  /** Where the rule comes from (e.g. `validation.go validateServicePort`); shown in the rules table. */
  source?: string;
  /** A short YAML example that the rule reports. */
  example?: string;
}

export interface ReportOptions {
  /** Underline the key of the last path segment instead of its value. */
  on?: 'key' | 'value';
  fixes?: Fix[];
  related?: RelatedPlace[];
  severity?: Severity;
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface RuleContext {
  readonly kind: TargetKind;
  /** The object as the API server would receive it (YAML 1.1 scalars), before defaulting. Untrusted shape. */
  readonly value: Record<string, unknown>;
  readonly doc: Document.Parsed;
  /** The text of the document's segment; every span and edit is an offset into it. */
  readonly text: string;
  readonly options: AnalysisOptions;
  report(path: Path, message: string, opts?: ReportOptions): void;
  /** The span a problem at `path` would get. */
  span(path: Path, on?: 'key' | 'value'): Span;
  /** Whether `path` exists in the YAML (an explicit key, even with a null value). */
  has(path: Path): boolean;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): void;
}
