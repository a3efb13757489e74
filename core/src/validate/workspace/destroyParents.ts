import type { RootResult } from '../../check/resolveRoot';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { configLabel, type OtherData, parentDiagnostics } from '../root/destroyParent';
import { resolvedFilesystems } from '../root/resolvedFilesystems';

/**
 * Across the root configs of a workspace: a `destroy: true` filesystem of one config that is a
 * parent of another config's filesystem (`z/nest` above `z/nest/web2`).
 */
export function destroyParentsAcrossRoots(roots: readonly RootResult[]): Diagnostic[] {
  const byRoot = roots.map((r) => ({ root: r.root, filesystems: resolvedFilesystems(r) }));
  const out: Diagnostic[] = [];
  for (const { root, filesystems } of byRoot) {
    const others: OtherData[] = byRoot
      .filter((o) => o.root !== root)
      .flatMap((o) =>
        o.filesystems.map((fs) => ({ fs, label: `filesystem \`${fs.model.id}\` of ${configLabel(o.root)}` })),
      );
    for (const fs of filesystems)
      if (fs.model.destroy?.value === true) out.push(...parentDiagnostics(fs, others));
  }
  return out;
}
