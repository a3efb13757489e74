import { DocumentCache } from '../document/documentCache';
import type { ParsedFile } from '../document/parsedFile';
import type { FileSystem, ReadResult } from '../fs/fileSystem';
import { decodeConfigFile } from './decodeConfigFile';
import type { ConfigFileModel } from './model';

export type Loaded<T> = { ok: true; value: T } | { ok: false; failure: Extract<ReadResult, { ok: false }> };

/**
 * One consistent view of the files for one check: each file is read once (memoised here), parsed
 * once per text (the long-lived DocumentCache) and decoded once per parse. Make a new workspace for
 * each check, so that edits are seen; share the DocumentCache between them.
 */
export class ConfigWorkspace {
  private readonly models = new WeakMap<ParsedFile, ConfigFileModel>();
  private readonly reads = new Map<string, ReadResult>();

  constructor(
    readonly fs: FileSystem,
    readonly documents: DocumentCache = new DocumentCache(),
  ) {}

  read(path: string): ReadResult {
    let r = this.reads.get(path);
    if (!r) {
      r = this.fs.read(path);
      this.reads.set(path, r);
    }
    return r;
  }

  parsed(path: string): Loaded<ParsedFile> {
    const r = this.read(path);
    return r.ok ? { ok: true, value: this.documents.get(path, r.text) } : { ok: false, failure: r };
  }

  /** The decoded `#lxdops` model of a file, whatever its header says (the header is checked apart). */
  config(path: string): Loaded<{ parsed: ParsedFile; model: ConfigFileModel }> {
    const p = this.parsed(path);
    if (!p.ok) return p;
    let model = this.models.get(p.value);
    if (!model) {
      model = decodeConfigFile(p.value);
      this.models.set(p.value, model);
    }
    return { ok: true, value: { parsed: p.value, model } };
  }

  exists(path: string): boolean {
    return this.read(path).ok;
  }
}
