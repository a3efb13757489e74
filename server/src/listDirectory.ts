import { readdirSync } from 'node:fs';
import type { DirectoryEntry } from '../../core/src/language/languageContext';

/** Folder entries for path completion; an unreadable folder has none. */
export function listDirectory(dir: string): DirectoryEntry[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((e) => ({
      name: e.name,
      isDirectory: e.isDirectory(),
    }));
  } catch {
    // a path being typed often names no folder yet: completion simply offers nothing
    return [];
  }
}
