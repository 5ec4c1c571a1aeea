// The contract of a cross-file check: metadata (read by the docs and by `report`) and a pure function of one object
// and the workspace view. Checks never see the incremental layer (incremental.ts): whatever they read of the view is
// recorded for them.
import type { RuleMeta } from '../../rules/types';
import type { AnalysisOptions, RelatedPlace, Span } from '../../types';
import type { Ref, WorkspaceView } from '../model';
import type { PolicySummary, ServiceSummary, WorkloadSummary } from '../summary';

export interface CheckContext {
  /** The workspace; read it only through its accessors (see VIEW_SCOPES in model.ts). */
  readonly view: WorkspaceView;
  readonly options: AnalysisOptions;
  /**
   * Reports a problem on the checked object at `span` (relative to the object's document), with the check's
   * default severity; `uncertain`: the tool cannot see everything that decides it, so it is information at most.
   */
  report(span: Span, message: string, opts?: { related?: RelatedPlace[]; uncertain?: boolean }): void;
  /** A place on another object (any file), for related information. */
  related(ref: Ref, span: Span, message: string): RelatedPlace;
}

interface Targets {
  service: ServiceSummary;
  policy: PolicySummary;
  workload: WorkloadSummary;
}

export interface WorkspaceCheck<K extends keyof Targets = keyof Targets> extends RuleMeta {
  /** The objects the check runs on. */
  readonly target: K;
  check(ctx: CheckContext, ref: Ref<Targets[K]>): void;
}

/** Declares a check; `satisfies`-style typing of the target and the checked object in one place. */
export function defineCheck<K extends keyof Targets>(check: WorkspaceCheck<K>): WorkspaceCheck<K> {
  return check;
}

/** At most this many related places per problem. */
export const MAX_RELATED = 10;
