import type { Blocker } from '../operations/types';
import { LineIndex } from '../text/lineIndex';
import { displayPath } from './output';

/**
 * One line per blocker, as `lxdops check` prints diagnostics: `file:line:col: error code:
 * message` (1-based), or `file: error code: message` when there is no exact place.
 */
export function formatBlockers(
  blockers: readonly Blocker[],
  textOf: (file: string) => string | undefined,
): string {
  const indexes = new Map<string, LineIndex>();
  const indexOf = (file: string) => {
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new LineIndex(textOf(file) ?? '')));
    return index;
  };
  return blockers
    .map((b) => {
      const tail = `error ${b.code}: ${b.message}`;
      if (b.origin) {
        const at = indexOf(b.origin.file).positionAt(b.origin.start);
        return `${displayPath(b.origin.file)}:${at.line + 1}:${at.character + 1}: ${tail}\n`;
      }
      return b.file ? `${displayPath(b.file)}: ${tail}\n` : `${tail}\n`;
    })
    .join('');
}
