import { readFileSync, statSync } from 'node:fs';
import type { FileSystem, ReadResult } from './fileSystem';

/** Reads files from the local disk. Used by the CLI and the language server, never by rules. */
export class DiskFileSystem implements FileSystem {
  read(path: string): ReadResult {
    try {
      // A FIFO or a device would block or never end: only regular files are read.
      const st = statSync(path);
      if (st.isDirectory()) return { ok: false, reason: 'directory', message: `${path} is a directory` };
      if (!st.isFile()) return { ok: false, reason: 'unreadable', message: `${path} is not a regular file` };
      return { ok: true, text: readFileSync(path, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        return { ok: false, reason: 'not-found', message: `${path}: no such file` };
      return { ok: false, reason: 'unreadable', message: `${path}: ${(e as Error).message}` };
    }
  }
}
