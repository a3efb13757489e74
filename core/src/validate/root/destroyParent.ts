import { basename } from 'node:path';
import { isAtOrBelow } from '../../config/safeValues';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { type ResolvedFilesystem, resolvedFilesystems, shownPattern } from './resolvedFilesystems';
import type { RootContext } from './rootContext';

/** Data that a destroy must not reach: a filesystem, and whose it is (for the message). */
export interface OtherData {
  fs: ResolvedFilesystem;
  /** `filesystem \`keep\`` or `filesystem \`host\` of web2.yaml`. */
  label: string;
}

/** `destroy-parent` for each of `others` that lies strictly below the `destroy: true` filesystem `fs`. */
export function parentDiagnostics(fs: ResolvedFilesystem, others: OtherData[]): Diagnostic[] {
  const below = others.filter((o) => o.fs.path !== fs.path && isAtOrBelow(o.fs.path, fs.path));
  if (!below.length) return [];
  const what = below.map((o) => `${o.label} (\`${o.fs.path}\`)`).join(', ');
  return [
    diagnostic(
      'destroy-parent',
      fs.model.pattern!.origin,
      `Filesystem \`${fs.model.id}\` has \`destroy: true\` and its pattern ${shownPattern(fs.model.pattern!.value, fs.value)} is a parent of ${what}: destroying it would delete that data too. Give it a path of its own, beside the others, or remove \`destroy: true\`.`,
      {
        related: below.map((o) => ({ origin: o.fs.model.pattern!.origin, message: `${o.label} lies below` })),
      },
    ),
  ];
}

/** Within one config: a `destroy: true` filesystem above one that is kept (no `destroy: true`). */
export function destroyParent(ctx: RootContext): Diagnostic[] {
  const all = resolvedFilesystems(ctx);
  const kept = all
    .filter((fs) => fs.model.destroy?.value !== true)
    .map((fs) => ({ fs, label: `filesystem \`${fs.model.id}\` (kept: no \`destroy: true\`)` }));
  return all.filter((fs) => fs.model.destroy?.value === true).flatMap((fs) => parentDiagnostics(fs, kept));
}

export const configLabel = (root: string): string => basename(root);
