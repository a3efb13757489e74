import damerauLevenshtein from 'damerau-levenshtein';

/** Edit distance where swapping two neighbours (`nmae` → `name`) counts as one edit. */
const distance = (a: string, b: string) => damerauLevenshtein(a, b).steps;

/**
 * The candidate a misspelt word most likely meant, or undefined: the same word in another case,
 * a close edit (at most a third of its length), or a longer key that starts with it.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let score: number;
    if (cl === lower) score = 0;
    else if (cl.replace(/[-_]/g, '') === lower.replace(/[-_]/g, '')) score = 0.5;
    else {
      const d = distance(lower, cl);
      if (d <= Math.max(1, Math.floor(word.length / 3))) score = d;
      else if (word.length >= 4 && cl.startsWith(lower)) score = 1 + (cl.length - lower.length) / 10;
      else continue;
    }
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
