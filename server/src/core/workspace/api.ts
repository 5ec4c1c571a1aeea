// Entry points of the workspace model for the CLI, the server and the tests.
import { analyze } from '../analyze';
import { applySettings, type Suppression } from '../suppress';
import type { AnalysisOptions, Problem } from '../types';
import { FileChecks, workspaceProblems } from './incremental';
import { WorkspaceIndex, WorkspaceView } from './model';
import { summarizeAnalysis } from './summary';

/**
 * The cross-file problems of one file, after severity settings and its suppression comments (`Analysis.suppressions`).
 * With `cache` (one per file, kept by the caller), a call after an edit of that file re-runs only the checks the
 * edit can affect; the result is the same.
 */
export function checkWorkspaceFile(view: WorkspaceView, file: string, suppressions: readonly Suppression[], options: AnalysisOptions, cache?: FileChecks): Problem[] {
  return applySettings(suppressions, cache ? cache.problems(view, file, options) : workspaceProblems(view, file, options), options);
}

export { FileChecks };

/**
 * A file's own problems as the workspace sees them: a kustomize or kubeadm patch holds partial objects, so only
 * what makes it unreadable (YAML syntax, duplicate keys) is reported; a partial Service lacks its ports on purpose.
 */
export function ownProblems(view: WorkspaceView, file: string, problems: readonly Problem[]): readonly Problem[] {
  return view.patches.has(file) ? problems.filter((p) => p.ruleId.startsWith('yaml-')) : problems;
}

export interface SourceFile {
  /** Key and name of the file (a path); also what related information points at unless `uri` is given. */
  file: string;
  uri?: string;
  text: string;
}

export interface FileResult {
  file: string;
  text: string;
  problems: Problem[];
}

/**
 * Analyses a set of files together, as the server does for a workspace: each file's own problems, then the
 * cross-file problems. The CLI and the fixture tests use this, so both report what the editor reports.
 */
export function analyzeFiles(files: readonly SourceFile[], options: AnalysisOptions): FileResult[] {
  const index = new WorkspaceIndex();
  const analyses = files.map((f) => {
    const analysis = analyze(f.text, options);
    index.set(summarizeAnalysis(f.file, f.uri ?? f.file, analysis));
    return analysis;
  });
  const view = index.view(options.defaultNamespace);
  return files.map((f, i) => ({
    file: f.file,
    text: f.text,
    problems: [...ownProblems(view, f.file, analyses[i].problems), ...checkWorkspaceFile(view, f.file, analyses[i].suppressions, options)].sort((a, b) => a.start - b.start || a.end - b.end),
  }));
}
