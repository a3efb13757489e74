import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { TreeConversion } from '../migrate/convertTree';
import type { FileConversion } from '../migrate/types';
import { displayPath } from './output';

/**
 * Writes a converted file atomically: a temporary file beside it (same mode), then a rename over
 * it, so that an interruption leaves either the old text or the new, never half of one. A file
 * that changed on disk since it was read is not overwritten.
 */
export function writeConverted(f: FileConversion): void {
  if (readFileSync(f.file, 'utf8') !== f.text)
    throw new Error(`${displayPath(f.file)} changed while it was being converted; run the command again`);
  const temp = join(dirname(f.file), `.${basename(f.file)}.lxdops-convert-${process.pid}.tmp`);
  let created = false;
  try {
    writeFileSync(temp, f.output, { flag: 'wx' });
    created = true;
    chmodSync(temp, statSync(f.file).mode & 0o7777);
    renameSync(temp, f.file);
  } catch (e) {
    if (created) rmSync(temp, { force: true });
    throw e;
  }
}

/** A unified diff of one converted file, with paths as the user gave them. */
export function conversionDiff(f: FileConversion): string {
  const p = displayPath(f.file);
  const [a, b] = isAbsolute(p) ? [p, p] : [`a/${p}`, `b/${p}`];
  return createTwoFilesPatch(a, b, f.text, f.output, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** What each file lost or may read differently, one line each: `file:line: what`. */
export function conversionListing(tree: TreeConversion): string[] {
  const lines: string[] = [];
  for (const f of tree.files) {
    for (const p of f.problems) lines.push(`${displayPath(p.file)}:${p.line}: error ${p.code}: ${p.message}`);
    for (const d of f.dropped)
      lines.push(`${displayPath(d.file)}:${d.line}: commented out \`${d.key}\`: ${d.instead}`);
    for (const n of f.notes) lines.push(`${displayPath(n.file)}:${n.line}: note ${n.code}: ${n.message}`);
  }
  for (const n of tree.notes) lines.push(`${displayPath(n.file)}:${n.line}: note ${n.code}: ${n.message}`);
  return lines;
}
