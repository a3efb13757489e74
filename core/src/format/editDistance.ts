/**
 * The optimal-string-alignment distance (Levenshtein plus swaps of two neighbours, `nmae` → `name`),
 * or `limit + 1` as soon as it is known to exceed `limit`. Three rows of memory and, thanks to the
 * band |i - j| <= limit, O(length × limit) time: a word of any length costs little when the limit is
 * small (an 8,000-character key used to build a 64-million-cell matrix per candidate).
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  const over = limit + 1;
  let twoBack = new Array<number>(width).fill(over);
  let previous = Array.from({ length: width }, (_, j) => (j <= limit ? j : over));
  let current = new Array<number>(width).fill(over);
  for (let i = 1; i <= a.length; i++) {
    current.fill(over);
    if (i <= limit) current[0] = i;
    let rowMin = current[0]!;
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, twoBack[j - 2]! + 1);
      current[j] = Math.min(best, over);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin > limit) return over;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return Math.min(previous[b.length]!, over);
}
