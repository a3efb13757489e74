import { basename } from 'node:path';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import type { ConfigWorkspace } from './configWorkspace';
import type { ConfigFileModel, PathEntry } from './model';

/** The files one root config reads, in the orders the merge rules need. */
export interface IncludeTree {
  root: string;
  /** Pre-order: the root first, then its includes depth-first (the OS rule uses this order). */
  preOrder: ConfigFileModel[];
  /** Post-order: includes before the file that includes them (the merge order). */
  postOrder: ConfigFileModel[];
  /** Include entries that were followed: from which file, through which entry, to which file. */
  edges: { from: string; entry: PathEntry; to: string }[];
  /** Structural problems: missing or cyclic includes, included files that are not `#lxdops`. */
  problems: Diagnostic[];
}

/**
 * Walks the includes of a root depth-first, as upstream does, but by resolved path: a file reached
 * twice (a diamond) is read once; a file that includes one of its own includers is a cycle.
 */
export function loadIncludeTree(root: string, ws: ConfigWorkspace): IncludeTree | undefined {
  const rootConfig = ws.config(root);
  if (!rootConfig.ok) return undefined;
  const tree: IncludeTree = { root, preOrder: [], postOrder: [], edges: [], problems: [] };
  const visited = new Set<string>([root]);
  const stack: string[] = [];

  const visit = (model: ConfigFileModel): void => {
    tree.preOrder.push(model);
    stack.push(model.file);
    const seenHere = new Set<string>();
    for (const entry of model.include) {
      if (seenHere.has(entry.resolved)) {
        tree.problems.push(
          diagnostic(
            'duplicate-include',
            entry.origin,
            `\`${entry.raw}\` is already included above in this list; remove this entry.`,
          ),
        );
        continue;
      }
      seenHere.add(entry.resolved);
      if (stack.includes(entry.resolved)) {
        const chain = [...stack.slice(stack.indexOf(entry.resolved)), entry.resolved]
          .map((f) => basename(f))
          .join(' → ');
        tree.problems.push(
          diagnostic('include-cycle', entry.origin, `Include cycle: ${chain}. Remove this include.`),
        );
        continue;
      }
      if (visited.has(entry.resolved)) continue; // a diamond: already merged once
      const target = ws.config(entry.resolved);
      if (!target.ok) {
        tree.problems.push(
          target.failure.reason === 'not-found'
            ? diagnostic(
                'include-not-found',
                entry.origin,
                `Included file \`${entry.raw}\` does not exist (looked for ${entry.resolved}). Fix the path, or create the file starting with #lxdops.`,
                {
                  fixes: [
                    {
                      kind: 'create-file',
                      title: `Create ${entry.raw}`,
                      file: entry.resolved,
                      text: '#lxdops\n',
                    },
                  ],
                },
              )
            : diagnostic(
                'file-unreadable',
                entry.origin,
                `Included file \`${entry.raw}\` cannot be read: ${target.failure.message}.`,
              ),
        );
        continue;
      }
      const kind = target.value.parsed.header.kind;
      if (kind !== 'lxdops') {
        tree.problems.push(
          diagnostic(
            'include-not-lxdops',
            entry.origin,
            `Included file \`${entry.raw}\` is not an lxdops config: its first line must be exactly #lxdops${kind === 'cloud-config' ? '; list cloud-config files under `cloud-config-files` instead' : ''}.`,
          ),
        );
      }
      visited.add(entry.resolved);
      tree.edges.push({ from: model.file, entry, to: entry.resolved });
      visit(target.value.model);
    }
    stack.pop();
    tree.postOrder.push(model);
  };
  visit(rootConfig.value.model);
  return tree;
}
