import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiskFileSystem } from '../../core/src/fs/diskFileSystem';
import type { FileSystem, ReadResult } from '../../core/src/fs/fileSystem';
import { pathToUri } from './uris';

/**
 * Open documents first, then the disk through a cache that the file watcher invalidates, so
 * that a keystroke does not re-read every fragment from disk.
 */
export class OverlayFileSystem implements FileSystem {
  private readonly disk = new DiskFileSystem();
  private readonly cache = new Map<string, ReadResult>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  read(path: string): ReadResult {
    const open = this.documents.get(pathToUri(path));
    if (open) return { ok: true, text: open.getText() };
    let r = this.cache.get(path);
    if (!r) {
      r = this.disk.read(path);
      this.cache.set(path, r);
    }
    return r;
  }

  invalidate(path: string): void {
    this.cache.delete(path);
  }

  invalidateAll(): void {
    this.cache.clear();
  }
}
