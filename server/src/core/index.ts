// The only import path into the core: text and options in, plain data in offsets out.
export { analyze, targetKind } from './analyze';
export type { Analysis, SegmentResult, ObjectHeader } from './analyze';
export { allRuleMeta } from './rules/registry';
export type { RuleMeta, RuleCategory, TargetKind } from './rules/types';
export { defaultOptions, withDefaults } from './types';
export type { AnalysisOptions, DnsOptions, Fix, Path, Problem, RelatedPlace, Severity, SeveritySetting, Span, TextEdit } from './types';
export { applyEdits } from './util/apply';
export { documentAt, allDocuments } from './features/documents';
export type { DocumentAt } from './features/documents';
