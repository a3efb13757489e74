import { readFileSync } from 'node:fs';
import type { FileSystem, ReadResult } from './fileSystem';

/** Reads files from the local disk. Used by the CLI and the language server, never by rules. */
export class DiskFileSystem implements FileSystem {
  read(path: string): ReadResult {
    try {
      return { ok: true, text: readFileSync(path, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', message: `${path}: no such file` };
      if (code === 'EISDIR') return { ok: false, reason: 'directory', message: `${path} is a directory` };
      return { ok: false, reason: 'unreadable', message: `${path}: ${(e as Error).message}` };
    }
  }
}
