// String helpers with no dependencies.

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 8) return Math.max(a.length, b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate a typo most likely meant: a case-insensitive match first, then the nearest by edit distance
 * (at most a third of the word, and at most 3), unless two candidates tie.
 */
export function closest(word: string, candidates: readonly string[], caseInsensitiveFirst = true): string | undefined {
  if (word.length > 200) return undefined;
  if (caseInsensitiveFirst) {
    const ci = candidates.filter((c) => c.toLowerCase() === word.toLowerCase());
    if (ci.length === 1) return ci[0];
  }
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  return best !== undefined && bestD <= limit && !tie ? best : undefined;
}
