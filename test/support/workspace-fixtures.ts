// Multi-file fixtures for the cross-file checks: every folder test/fixtures/workspace/<rule-id>/<case>/ is one
// workspace. All its YAML and JSON files (sub-folders included: kustomize layouts) are analysed together, exactly as
// the CLI does, and each file's problems are compared with its annotations (same `# ^^^ severity rule-id: text`
// style as test/fixtures/rules). A `# options: {json}` line in any file of the case sets the options for all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, withDefaults } from '../../server/src/core';
import { compareAnnotations, FIXTURES, fixtureSource, listFixtures, parseAnnotations, sourceAnnotations } from './fixtures';

export const WORKSPACE_FIXTURES = path.join(FIXTURES, 'workspace');

/** Case folders: test/fixtures/workspace/<rule-id>/<case>/. */
export function listWorkspaceCases(): string[] {
  if (!fs.existsSync(WORKSPACE_FIXTURES)) return [];
  const out: string[] = [];
  for (const rule of fs.readdirSync(WORKSPACE_FIXTURES, { withFileTypes: true })) {
    if (!rule.isDirectory()) continue;
    for (const c of fs.readdirSync(path.join(WORKSPACE_FIXTURES, rule.name), { withFileTypes: true })) {
      if (c.isDirectory()) out.push(path.join(WORKSPACE_FIXTURES, rule.name, c.name));
    }
  }
  return out.sort();
}

export function checkWorkspaceCase(dir: string): { ok: boolean; report: string } {
  const raw = new Map(listFixtures(dir).map((file) => [file, fs.readFileSync(file, 'utf8')]));
  const sources = new Map([...raw].map(([file, text]) => [file, fixtureSource(file, text)]));
  const files = [...sources].map(([file, source]) => ({ file, text: source.text }));
  const optionsLine = [...raw.values()].map((text) => text.match(/^# options: (\{.*\})\s*$/m)).find((m) => m);
  const options = withDefaults(optionsLine ? JSON.parse(optionsLine[1]) : undefined);
  const reports: string[] = [];
  for (const r of analyzeFiles(files, options)) {
    const text = raw.get(r.file)!;
    const report = compareAnnotations(r.file, text, parseAnnotations(text), sourceAnnotations(sources.get(r.file)!, r.problems));
    if (report) reports.push(report);
  }
  return { ok: reports.length === 0, report: reports.join('\n\n') };
}
