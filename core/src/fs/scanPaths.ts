import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { isConfigKind, readHeader } from '../document/header';

const NEAR_MISS_EXTENSIONS = new Set(['.yaml', '.yml', '.cfg']);
const SKIPPED_DIRS = new Set(['node_modules']);

export interface ScanResult {
  files: string[];
  /** Paths that do not exist or cannot be listed: usage or I/O errors. */
  errors: string[];
}

function firstBytes(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Expands the CLI's PATH arguments: a file is checked as given; a folder is searched recursively
 * for files whose first line is `#lxdops` or `#cloud-config`, plus `.yaml`/`.yml`/`.cfg` files
 * whose first line is a near miss (so that the near miss is reported, not skipped).
 */
export function scanPaths(args: readonly string[]): ScanResult {
  const files = new Set<string>();
  const errors: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      errors.push(`${dir}: ${(e as Error).message}`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || SKIPPED_DIRS.has(name)) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // a dangling link
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        let head: string;
        try {
          head = firstBytes(p);
        } catch (e) {
          errors.push(`${p}: ${(e as Error).message}`);
          continue;
        }
        const h = readHeader(head);
        if (
          (isConfigKind(h.kind) || h.kind === 'cloud-config') &&
          (h.exact || NEAR_MISS_EXTENSIONS.has(extname(name)))
        )
          files.add(p);
      }
    }
  };
  for (const a of args) {
    const p = resolve(a);
    let st;
    try {
      st = statSync(p);
    } catch {
      errors.push(`${a}: no such file or directory`);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.add(p);
  }
  return { files: [...files], errors };
}
