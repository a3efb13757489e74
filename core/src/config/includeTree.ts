import { basename } from 'node:path';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import type { ConfigWorkspace } from './configWorkspace';
import { type FileKind, isConfigKind } from '../document/header';
import { type ConditionLookup, conditionalPaths, isConditional } from './conditionalPaths';
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
export function loadIncludeTree(
  root: string,
  ws: ConfigWorkspace,
  lookup: ConditionLookup = () => undefined,
): IncludeTree | undefined {
  const rootConfig = ws.config(root);
  if (!rootConfig.ok) return undefined;
  const tree: IncludeTree = { root, preOrder: [], postOrder: [], edges: [], problems: [] };
  const visited = new Set<string>([root]);
  const stack: string[] = [];
  const format = rootConfig.value.model.format;
  const header = format === 'lxops' ? '#lxops-v1' : '#lxdops';

  const visit = (read: ConfigFileModel): void => {
    const model = withConditions(read, lookup, ws, tree.problems);
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
                `Included file \`${entry.raw}\` does not exist (looked for ${entry.resolved}). Fix the path, or create the file starting with ${header}.`,
                {
                  fixes: [
                    {
                      kind: 'create-file',
                      title: `Create ${entry.raw}`,
                      file: entry.resolved,
                      text: `${header}\n`,
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
      if (format === 'lxops') {
        if (!isConfigKind(kind)) tree.problems.push(notLxops(entry, kind));
      } else if (kind !== 'lxdops') {
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

/**
 * An `#lxops-v1` file as its root reads it: its conditional `include` and `cloud-config-files`
 * entries substituted, dropped ones left out (a hint says so), and the conditional cloud-config
 * files that are kept checked for existence here (the file's own check cannot substitute them).
 */
function withConditions(
  model: ConfigFileModel,
  lookup: ConditionLookup,
  ws: ConfigWorkspace,
  problems: Diagnostic[],
): ConfigFileModel {
  if (model.format !== 'lxops') return model;
  const include = conditionalPaths(model.file, model.include, 'include', lookup);
  const cloud = conditionalPaths(model.file, model.cloudConfigFiles, 'cloud-config-files', lookup);
  problems.push(...include.problems, ...cloud.problems);
  for (const e of cloud.kept)
    if (isConditional(model, e) && !ws.exists(e.resolved))
      problems.push(
        diagnostic(
          'cloud-config-not-found',
          e.origin,
          `The cloud-config file \`${e.raw}\` does not exist (looked for ${e.resolved}). Fix the path, or create the file starting with #cloud-config.`,
        ),
      );
  return { ...model, include: include.kept, cloudConfigFiles: cloud.kept };
}

function notLxops(entry: PathEntry, kind: FileKind): Diagnostic {
  return diagnostic(
    'include-not-lxops',
    entry.origin,
    `Included file \`${entry.raw}\` is not a config lxops reads: its first line must be exactly #lxops-v1 (or #lxdops, which lxops migrates on read)${kind === 'cloud-config' ? '; list cloud-config files under `cloud-config-files` instead' : ''}.`,
  );
}
