import { type ConditionLookup, conditionalPaths } from './conditionalPaths';
import type { ConfigWorkspace } from './configWorkspace';
import type { EdgeKind, GraphEdge, GraphNode } from './configGraph';
import type { PathEntry } from './model';

/**
 * The graph node of one file as the workspace sees it now. Every readable file gets its path
 * entries, whatever its header says, because an include tree follows the includes of an included
 * file that is not `#lxdops` too (and reports its header); a file too large to parse has none.
 */
export function readGraphNode(
  path: string,
  ws: ConfigWorkspace,
  lookup: ConditionLookup = () => undefined,
): GraphNode {
  const parsed = ws.parsed(path);
  if (!parsed.ok)
    return { path, kind: parsed.failure.reason === 'not-found' ? 'missing' : 'unreadable', edges: [] };
  const kind = parsed.value.header.kind;
  const config = ws.config(path);
  if (parsed.value.tooLarge || !config.ok) return { path, kind, edges: [] };
  const model = config.value.model;
  // an `#lxops-v1` file's conditional entries lead where the current -P and global properties say
  const conditional = (list: PathEntry[], what: 'include' | 'cloud-config-files') =>
    model.format === 'lxops' ? conditionalPaths(path, list, what, lookup).kept : list;
  const edges = [
    ...conditional(model.include, 'include').map((entry) => edgeOf('include', path, entry)),
    ...conditional(model.cloudConfigFiles, 'cloud-config-files').map((entry) =>
      edgeOf('cloud-config-files', path, entry),
    ),
    ...(model.sourceConfig ? [edgeOf('source-config', path, model.sourceConfig)] : []),
  ];
  return { path, kind, edges };
}

function edgeOf(kind: EdgeKind, from: string, entry: PathEntry): GraphEdge {
  return {
    kind,
    from,
    to: entry.resolved,
    raw: entry.raw,
    span: { start: entry.origin.start, end: entry.origin.end },
  };
}
