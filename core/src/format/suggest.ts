import { boundedDistance } from './editDistance';

/**
 * Words longer than this get no suggestion: every key, module and OS name of the format is far
 * shorter, and a pasted blob of text is not a misspelling.
 */
export const MAX_SUGGESTED_WORD = 64;

const folded = (s: string) => s.toLowerCase().replace(/[-_]/g, '');

/** How far a candidate is from a word (lower is better), or undefined when it is not a plausible match. */
function score(lower: string, candidate: string, allowed: number): number | undefined {
  const cl = candidate.toLowerCase();
  if (cl === lower) return 0;
  if (folded(cl) === folded(lower)) return 0.5;
  const d = boundedDistance(lower, cl, allowed);
  if (d <= allowed) return d;
  if (lower.length >= 4 && cl.startsWith(lower)) return 1 + (cl.length - lower.length) / 10;
  return undefined;
}

/**
 * The candidate a misspelt word most likely meant, or undefined: the same word in another case,
 * a close edit (at most a third of its length), or a longer key that starts with it.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTED_WORD) return undefined;
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c.length > MAX_SUGGESTED_WORD * 2) continue;
    const s = score(lower, c, allowed);
    if (s !== undefined && s < bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}
