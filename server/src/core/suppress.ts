// Severity settings and in-file suppression comments:
//   # k8s-network-lens-disable-next-line rule-a, rule-b   (no ids: every rule)
//   # k8s-network-lens-disable rule-a                      (the whole file)
import type { AnalysisOptions, Problem } from './types';

export const SUPPRESS_PREFIX = 'k8s-network-lens-disable';
// The rest of the line is split in code: a regex for the id list (`[\w-]+(?:[ \t]*,?[ \t]*[\w-]+)*`) backtracks
// exponentially on a long id followed by any other character, freezing the editor while someone types.
const COMMENT = /#[ \t]*k8s-network-lens-disable(-next-line)?([ \t][^\r\n]*)?$/gm;
const ID = /^[\w-]+$/;

/** The rule ids of a comment's rest of line; undefined for none (every rule); null when it is not a list of ids. */
function idsOf(rest: string | undefined): Set<string> | undefined | null {
  const list = (rest ?? '').trim().replace(/,$/, '').trim();
  if (!list) return undefined;
  const ids = list.split(/[ \t]*,[ \t]*|[ \t]+/);
  return ids.every((id) => ID.test(id)) ? new Set(ids) : null;
}

export interface Suppression {
  /** Offset range of the line the comment applies to; undefined means the whole file. */
  lineStart?: number;
  /** -1: the line is the first one of the next `---` document (see suppressionsOf). */
  lineEnd?: number;
  ids?: Set<string>;
}

/**
 * The suppression comments of one `---` document, in offsets relative to it. A next-line comment on its last line
 * applies to the `---` line that opens the next document, whose end only the caller knows (lineEnd -1).
 */
export function suppressionsIn(text: string): Suppression[] {
  if (!text.includes(SUPPRESS_PREFIX)) return NONE;
  const out: Suppression[] = [];
  for (const m of text.matchAll(COMMENT)) {
    const ids = idsOf(m[2]);
    if (ids === null) continue;
    if (m[1]) {
      const nl = text.indexOf('\n', m.index);
      if (nl < 0) continue;
      const lineStart = nl + 1;
      const next = text.indexOf('\n', lineStart);
      out.push({ lineStart, lineEnd: next >= 0 ? next : lineStart < text.length ? text.length : -1, ids });
    } else {
      out.push({ ids });
    }
  }
  return out;
}

const NONE: Suppression[] = [];

/** The suppressions of a whole file from those of its `---` documents (`start` of each, in file offsets). */
export function suppressionsOf(parts: ReadonlyArray<{ start: number; text: string; suppressions: readonly Suppression[] }>): Suppression[] {
  let out: Suppression[] | undefined;
  for (let i = 0; i < parts.length; i++) {
    const { start, text, suppressions } = parts[i];
    for (const s of suppressions) {
      out ??= [];
      if (s.lineStart === undefined) {
        out.push(s);
        continue;
      }
      let lineEnd = s.lineEnd! + start;
      if (s.lineEnd === -1) {
        const next = parts[i + 1];
        const nl = next ? next.text.indexOf('\n') : -1;
        lineEnd = next ? next.start + (nl >= 0 ? nl : next.text.length) : start + text.length;
      }
      out.push({ lineStart: s.lineStart + start, lineEnd, ids: s.ids });
    }
  }
  return out ?? NONE;
}

export function applySettings(sup: readonly Suppression[], problems: Problem[], options: AnalysisOptions): Problem[] {
  const out: Problem[] = [];
  for (const p of problems) {
    const setting = options.rules[p.ruleId];
    if (setting === 'off') continue;
    if (sup.some((s) => (!s.ids || s.ids.has(p.ruleId)) && (s.lineStart === undefined || (p.start >= s.lineStart && p.start <= s.lineEnd!)))) {
      continue;
    }
    // A configured severity applies to what the rule is sure of; an uncertain finding is information at most.
    const severity = setting && p.uncertain && (setting === 'error' || setting === 'warning') ? 'information' : setting;
    out.push(severity ? { ...p, severity } : p);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return out;
}
