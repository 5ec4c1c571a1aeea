// Severity settings and in-file suppression comments:
//   # k8s-network-lens-disable-next-line rule-a, rule-b   (no ids: every rule)
//   # k8s-network-lens-disable rule-a                      (the whole file)
import type { AnalysisOptions, Problem } from './types';

export const SUPPRESS_PREFIX = 'k8s-network-lens-disable';
const COMMENT = /#\s*k8s-network-lens-disable(-next-line)?(?:[ \t]+([\w-]+(?:[ \t]*,?[ \t]*[\w-]+)*))?[ \t]*$/gm;

interface Suppression {
  /** Offset range of the line the comment applies to; undefined means the whole file. */
  lineStart?: number;
  lineEnd?: number;
  ids?: Set<string>;
}

function suppressions(text: string): Suppression[] {
  if (!text.includes(SUPPRESS_PREFIX)) return [];
  const out: Suppression[] = [];
  for (const m of text.matchAll(COMMENT)) {
    const ids = m[2] ? new Set(m[2].split(/[\s,]+/).filter(Boolean)) : undefined;
    if (m[1]) {
      const nl = text.indexOf('\n', m.index);
      if (nl < 0) continue;
      const lineStart = nl + 1;
      const next = text.indexOf('\n', lineStart);
      out.push({ lineStart, lineEnd: next < 0 ? text.length : next, ids });
    } else {
      out.push({ ids });
    }
  }
  return out;
}

export function applySettings(text: string, problems: Problem[], options: AnalysisOptions): Problem[] {
  const sup = suppressions(text);
  const out: Problem[] = [];
  for (const p of problems) {
    const setting = options.rules[p.ruleId];
    if (setting === 'off') continue;
    if (sup.some((s) => (!s.ids || s.ids.has(p.ruleId)) && (s.lineStart === undefined || (p.start >= s.lineStart && p.start <= s.lineEnd!)))) {
      continue;
    }
    out.push(setting ? { ...p, severity: setting } : p);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return out;
}
