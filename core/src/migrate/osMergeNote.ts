import type { IncludeTree } from '../config/includeTree';
import type { ConfigFileModel } from '../config/model';
import { lineNumber } from './lines';
import type { MigrationNote } from './types';

type OsField = 'name' | 'image';

/** lxdops: the first `os` in pre-order wins whole (a later image is ignored; reference §3.4). */
function lxdopsValue(preOrder: readonly ConfigFileModel[], field: OsField): string {
  return preOrder.find((m) => m.os)?.os?.[field]?.value ?? '';
}

/** lxops: each file sets its own, then its includes override when not empty: the last in pre-order. */
function lxopsValue(preOrder: readonly ConfigFileModel[], field: OsField): string {
  let value = '';
  for (const m of preOrder) if (m.os?.[field]?.value) value = m.os[field]!.value;
  return value;
}

/**
 * A note on a root whose merged OS or image differs under lxops' merge order (an included file's
 * `ostype`/`image` overrides the including file's), so that the user sees it before launching.
 */
export function osMergeNotes(tree: IncludeTree, rootText: string): MigrationNote[] {
  const out: MigrationNote[] = [];
  for (const [field, key] of [
    ['name', 'ostype'],
    ['image', 'image'],
  ] as const) {
    const before = lxdopsValue(tree.preOrder, field);
    const after = lxopsValue(tree.preOrder, field);
    if (before === after) continue;
    const os = tree.preOrder[0]?.os;
    out.push({
      code: 'os-merge-order',
      file: tree.root,
      line: os ? lineNumber(rootText, os.keyOrigin.start) : 1,
      message: `lxops merges \`${key}\` differently: included files override the including one, so this config gets ${after ? `\`${after}\`` : 'none'} where lxdops took ${before ? `\`${before}\`` : 'none'}; set \`${key}\` in one file only`,
    });
  }
  return out;
}
