/** The result of reading one file. */
export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'not-found' | 'unreadable' | 'directory'; message: string };

/**
 * The core's only door to files: the CLI reads the disk, the language server prefers open
 * documents, tests use a map. Synchronous on purpose: configs are small and checks run per keystroke.
 */
export interface FileSystem {
  read(path: string): ReadResult;
}

/** Files held in memory, keyed by absolute path. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(files)) this.files.set(p, t);
  }

  set(path: string, text: string): void {
    this.files.set(path, text);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  read(path: string): ReadResult {
    const text = this.files.get(path);
    return text === undefined
      ? { ok: false, reason: 'not-found', message: `${path}: no such file` }
      : { ok: true, text };
  }
}
