// SARIF 2.1.0 output (`check --format sarif`), for code-scanning services: every rule with its docs and a link to
// them, results located relative to the checked root (uriBaseId SRCROOT), related places, and a fingerprint that
// stays the same when lines move, so a finding is tracked across commits.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRuleMeta, type Problem } from '../core';

/** Where the rule docs live (the same base the .vsix uses for relative links). */
const DOCS = 'https://example.invalid/k8s-network-lens/blob/main/docs/rules.md';
const VERSION = '0.1.0';

export interface SarifFinding {
  /** The file as the CLI found it. */
  file: string;
  problem: Problem;
  start: { line: number; col: number };
  end: { line: number; col: number };
  /** The text of the underlined span, for the fingerprint. */
  snippet: string;
  related: Array<{ file: string; line: number; column: number; message: string }>;
}

const level = (p: Problem) => (p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'note');
const firstSentence = (s: string) => (/^(.*?[.!?])(\s|$)/.exec(s)?.[1] ?? s);

/** The SARIF log of one run; `root` is the folder locations are relative to. */
export function sarifLog(findings: readonly SarifFinding[], root: string): object {
  const rules = allRuleMeta();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const rel = (file: string) => path.relative(root, path.resolve(file)).split(path.sep).join('/');
  const seen = new Map<string, number>();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'k8s-network-lens',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: 'https://example.invalid/k8s-network-lens',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: firstSentence(r.docs) },
              fullDescription: { text: r.docs },
              helpUri: `${DOCS}#${r.id}`,
              help: { text: `${r.docs}${r.example ? `\n\nExample:\n${r.example}` : ''}\n\nSee ${DOCS}#${r.id}`, markdown: `${r.docs}${r.example ? `\n\n\`\`\`yaml\n${r.example}\n\`\`\`` : ''}\n\n[Rule documentation](${DOCS}#${r.id})` },
              defaultConfiguration: { level: r.defaultSeverity === 'error' ? 'error' : r.defaultSeverity === 'warning' ? 'warning' : 'note' },
              properties: { category: r.category, tags: ['kubernetes', r.category] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root + path.sep).href } },
        results: findings.map((f) => {
          const p = f.problem;
          const file = rel(f.file);
          // The same rule, file, message and underlined text: the same finding, whatever line it moved to.
          const base = createHash('sha256').update([p.ruleId, file, p.message, f.snippet].join('\0')).digest('hex').slice(0, 32);
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          const ruleIndex = index.get(p.ruleId);
          return {
            ruleId: p.ruleId,
            ...(ruleIndex !== undefined && { ruleIndex }),
            level: level(p),
            message: { text: p.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file, uriBaseId: 'SRCROOT' },
                  region: { startLine: f.start.line, startColumn: f.start.col, endLine: f.end.line, endColumn: Math.max(f.end.col, f.end.line === f.start.line ? f.start.col + 1 : 1) },
                },
              },
            ],
            ...(f.related.length && {
              relatedLocations: f.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: { artifactLocation: { uri: rel(r.file), uriBaseId: 'SRCROOT' }, region: { startLine: r.line, startColumn: r.column } },
              })),
            }),
            partialFingerprints: { 'k8sNetworkLensFinding/v1': `${base}:${n + 1}` },
          };
        }),
      },
    ],
  };
}
