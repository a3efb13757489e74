/**
 * Shrinks a failing text while `stillFails` holds: removes chunks of lines, then of characters,
 * halving the chunk size (a small delta debugging). `attempts` bounds the work, since a hang costs
 * the whole time bound per try.
 */
export async function minimise(
  text: string,
  stillFails: (candidate: string) => Promise<boolean>,
  attempts = 120,
): Promise<string> {
  let best = text;
  let left = attempts;
  for (const unit of ['\n', ''] as const) {
    let parts = best.split(unit === '\n' ? /(?<=\n)/ : '');
    for (
      let size = Math.max(1, Math.floor(parts.length / 2));
      size >= 1 && left > 0;
      size = Math.floor(size / 2)
    ) {
      for (let at = 0; at < parts.length && left > 0;) {
        const candidate = [...parts.slice(0, at), ...parts.slice(at + size)];
        left--;
        if (candidate.length < parts.length && (await stillFails(candidate.join('')))) parts = candidate;
        else at += size;
      }
      if (size === 1) break;
    }
    best = parts.join('');
  }
  return best;
}
