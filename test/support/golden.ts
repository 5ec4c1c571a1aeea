// Golden files for hovers and lenses: the test renders what the user would see into a readable file and compares it
// with the committed copy. `UPDATE_GOLDEN=1 npm test` rewrites them; review the diff like code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, lookupFromView, summarizeText, withDefaults, WorkspaceIndex } from '../../server/src/core';
import type { Analysis, AnalysisOptions, WorkspaceLookup } from '../../server/src/core';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

/** Compares `actual` with the golden file, or writes it when UPDATE_GOLDEN is set. Returns an error message or ''. */
export function checkGolden(file: string, actual: string): string {
  if (process.env.UPDATE_GOLDEN) {
    fs.writeFileSync(file, actual);
    return '';
  }
  if (!fs.existsSync(file)) return `${path.relative(FIXTURES, file)} is missing: run UPDATE_GOLDEN=1 npm test and review it`;
  const expected = fs.readFileSync(file, 'utf8');
  return expected === actual ? '' : `${path.relative(FIXTURES, file)} is stale (UPDATE_GOLDEN=1 npm test rewrites it); actual:\n${actual}`;
}

export interface GoldenInput {
  /** Path relative to the feature folder, e.g. `seed-examples/clusterip-service.yaml`; also the workspace key. */
  name: string;
  file: string;
  text: string;
  analysis: Analysis;
  lookup: WorkspaceLookup;
}

/** Every input YAML under `dir` (one level of folders), each analysed, with the folder as its workspace. */
export function goldenInputs(dir: string, options: AnalysisOptions = withDefaults()): GoldenInput[] {
  const out: GoldenInput[] = [];
  for (const group of fs.readdirSync(dir).sort()) {
    const groupDir = path.join(dir, group);
    if (!fs.statSync(groupDir).isDirectory()) continue;
    const files = fs.readdirSync(groupDir).filter((f) => /\.ya?ml$/.test(f) && !/\.(lens|hover)\./.test(f)).sort();
    const index = new WorkspaceIndex();
    const texts = files.map((f) => fs.readFileSync(path.join(groupDir, f), 'utf8'));
    files.forEach((f, i) => index.set(summarizeText(`${group}/${f}`, `${group}/${f}`, texts[i])));
    const view = index.view(options.defaultNamespace);
    files.forEach((f, i) => {
      const name = `${group}/${f}`;
      out.push({ name, file: path.join(groupDir, f), text: texts[i], analysis: analyze(texts[i], options), lookup: lookupFromView(view, name, options.dns) });
    });
  }
  return out;
}

/** `line:column`, 1-based, as editors show positions. */
export function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
}
