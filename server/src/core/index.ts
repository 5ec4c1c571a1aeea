// The only import path into the core: text and options in, plain data in offsets out.
export { analyze, targetKind } from './analyze';
export type { Analysis, SegmentResult, ObjectHeader } from './analyze';
export { splitDocuments, editSplit } from './yaml/documents';
export { jsonStartsLikeManifest } from './yaml/parse';
export type { Segment, SplitText } from './yaml/documents';
export { allRuleMeta } from './rules/registry';
export type { RuleMeta, RuleCategory, TargetKind } from './rules/types';
export { defaultOptions, withDefaults } from './types';
export type { AnalysisOptions, DnsOptions, Fix, Path, Problem, RelatedPlace, Severity, SeveritySetting, Span, TextEdit } from './types';
export { applyEdits } from './util/apply';
export { documentAt, allDocuments } from './features/documents';
export type { DocumentAt } from './features/documents';
// The workspace model and cross-file checks (core/workspace/): summaries per file, an index, queries, checks.
export { WorkspaceIndex, WorkspaceView, folderOf } from './workspace/model';
export type { Ref } from './workspace/model';
export { summarizeText, summarizeTextSteps, summarizeAnalysis, lineStarts, positionOf } from './workspace/summary';
export type { FileSummary, ObjectSummary, WorkloadSummary, ServiceSummary, PolicySummary, NamespaceSummary, ContainerPort, ServicePort, Peer, PolicyRule, PolicyPort } from './workspace/summary';
export { checkWorkspaceFile, analyzeFiles, FileChecks, ownProblems } from './workspace/api';
export type { SourceFile, FileResult } from './workspace/api';
export { workloadsSelectedBy, servicesSelecting, statefulSetsNaming, policiesSelecting, dnsVerdict, refsInFile, refAt, describe } from './workspace/queries';
export type { DnsVerdict, WorkloadDns } from './workspace/queries';
export type { DnsAllowance } from './workspace/dns';
export { matches, toSelector, toLabels, fromMap, formatSelector, selectsAll } from './workspace/selectors';
export type { Selector, Labels } from './workspace/selectors';
export { workspaceRules } from './workspace/checks';
export { globMatcher } from './workspace/glob';
// Editor features (hover, CodeLens, completion) and the DNS egress fix: pure, in offsets.
export { hoverAt } from './features/hover';
export type { HoverInfo } from './features/hover';
export { lenses, lensAt, lensOffsets } from './features/lens';
export type { Lens } from './features/lens';
export { completionsAt } from './features/completion';
export type { CompletionInfo } from './features/completion';
export { serviceDnsNames, lookupFromView } from './features/dns-names';
export type { WorkspaceLookup, WorkloadInfo, DnsNames } from './features/dns-names';
export { dnsFixes, DNS_FIX_CODES } from './fixes/dns';
