import type { ConfigWorkspace } from '../config/configWorkspace';
import { type IncludeTree, loadIncludeTree } from '../config/includeTree';
import { convertFile } from './convertFile';
import { lineNumber } from './lines';
import { osMergeNotes } from './osMergeNote';
import type { FileConversion, MigrationNote } from './types';

export interface TreeConversion {
  /** Every file reached, once, in the order found (given files first, then what they include). */
  files: FileConversion[];
  /** Notes that are not about one file's text (an include that cannot be read). */
  notes: MigrationNote[];
  /** The files no other file of the tree includes (those that launch keep the lxdops profile name). */
  roots: string[];
}

export interface TreeOptions {
  /**
   * Whether a file is a root config, when the caller knows better than the tree (the editor sees
   * the whole workspace); undefined: a file no other file of the tree includes is a root.
   */
  isRoot?: (file: string) => boolean | undefined;
}

/** The given files and every file they include, each once; the include edges between them. */
function reach(files: readonly string[], ws: ConfigWorkspace) {
  const order: string[] = [];
  const configs = new Set<string>();
  const included = new Set<string>();
  const notes: MigrationNote[] = [];
  const queue = [...files];
  const seen = new Set<string>();
  while (queue.length) {
    const f = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    order.push(f);
    const c = ws.config(f);
    if (!c.ok || (c.value.parsed.header.kind !== 'lxdops' && c.value.parsed.header.kind !== 'lxops'))
      continue;
    configs.add(f);
    for (const entry of c.value.model.include) {
      included.add(entry.resolved);
      if (ws.exists(entry.resolved)) queue.push(entry.resolved);
      else
        notes.push({
          code: 'include-not-read',
          file: f,
          line: lineNumber(c.value.parsed.text, entry.origin.start),
          message: `\`${entry.raw}\` cannot be read (${entry.resolved}); it is not converted`,
        });
    }
  }
  return { order, configs, included, notes };
}

/**
 * True when a root's include tree leaves the profile name to lxdops' default and names something
 * to launch from (an image or an origin, in any of its files). A file with neither is not launched
 * as it is but included by configs elsewhere (a folder of fragments converted on its own): it gets
 * no `profile-pattern`, which would override the roots' own.
 */
function reliesOnDefaultProfile(tree: IncludeTree): boolean {
  if (tree.preOrder.some((m) => m.profilePattern?.value)) return false;
  return tree.preOrder.some((m) => !!(m.os?.image?.value || m.image?.value || m.origin?.value));
}

/** One file of the tree: a root (not included by another) keeps the lxdops profile name. */
function convertInTree(file: string, isRoot: boolean, ws: ConfigWorkspace): FileConversion {
  const p = ws.parsed(file);
  if (!p.ok)
    return {
      file,
      status: 'error',
      text: '',
      changes: [],
      output: '',
      dropped: [],
      notes: [],
      problems: [{ code: 'file-unreadable', file, line: 0, message: p.failure.message }],
    };
  const lxdops = p.value.header.kind === 'lxdops' && p.value.header.exact;
  // a root's include tree, loaded once: for its profile name and for its merge-order notes (only
  // an exact #lxdops file is converted)
  const tree = isRoot && lxdops ? loadIncludeTree(file, ws) : undefined;
  const keepProfilePattern = !!tree && reliesOnDefaultProfile(tree);
  const result = convertFile(p.value, { keepProfilePattern });
  if (tree && result.status === 'converted') result.notes.push(...osMergeNotes(tree, p.value.text));
  return result;
}

/**
 * Converts every `#lxdops` file among the given ones and the files they include, each once (a
 * fragment that several roots include is converted once). `#cloud-config` files and files that
 * are `#lxops-v1` already are left as they are. Pure: it reads through the workspace, writes nothing.
 */
export function convertTree(
  files: readonly string[],
  ws: ConfigWorkspace,
  options: TreeOptions = {},
): TreeConversion {
  const { order, configs, included, notes } = reach(files, ws);
  const isRoot = (f: string) => options.isRoot?.(f) ?? !included.has(f);
  const roots = order.filter((f) => configs.has(f) && isRoot(f));
  return { files: order.map((f) => convertInTree(f, isRoot(f), ws)), notes, roots };
}
