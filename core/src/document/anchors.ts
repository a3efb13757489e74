import { type Alias, type Document, isAlias, isCollection, isPair, type Node } from 'yaml';

/** Where an alias leads: the anchored node, or nothing (undefined anchor, or the alias is inside it). */
export interface AliasTarget {
  node: Node | null;
  /** The alias sits inside the node it names (`x: &a [*a]`): following it would never end. */
  recursive: boolean;
}

interface AnchorIndex {
  targets: Map<Alias, AliasTarget>;
  /** How many nodes the document has as written (aliases not expanded). */
  nodeCount: number;
}

const indexes = new WeakMap<Document, AnchorIndex>();

/** A walk step: a node to visit, or the marker that its children are done. */
type Step = { node: Node; leave: false } | { node: Node; leave: true };

function childrenOf(node: Node): Node[] {
  if (!isCollection(node)) return [];
  const out: Node[] = [];
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      if (item.key && typeof item.key === 'object') out.push(item.key as Node);
      if (item.value) out.push(item.value as Node);
    } else if (item) out.push(item as Node);
  }
  return out;
}

/**
 * One pass over the document in `yaml`'s visiting order (a node before its children, keys before
 * values), iterative so that depth cannot overflow the stack. An alias names the last node with its
 * anchor before it, as `Alias.resolve` does, but that walks the whole document for every alias.
 */
function buildIndex(doc: Document): AnchorIndex {
  const targets = new Map<Alias, AliasTarget>();
  const latest = new Map<string, Node>();
  const open = new Set<Node>();
  let nodeCount = 0;
  const root = doc.contents as Node | null;
  const stack: Step[] = root ? [{ node: root, leave: false }] : [];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.leave) {
      open.delete(step.node);
      continue;
    }
    const node = step.node;
    nodeCount++;
    if (isAlias(node)) {
      const target = latest.get(node.source) ?? null;
      targets.set(node, { node: target, recursive: target !== null && open.has(target) });
      continue;
    }
    if (node.anchor) latest.set(node.anchor, node);
    open.add(node);
    stack.push({ node, leave: true });
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, leave: false });
  }
  return { targets, nodeCount };
}

function indexOf(doc: Document): AnchorIndex {
  let index = indexes.get(doc);
  if (!index) indexes.set(doc, (index = buildIndex(doc)));
  return index;
}

/** Where an alias of this document leads (built once per document, then a lookup). */
export function aliasTarget(alias: Alias, doc: Document): AliasTarget {
  return indexOf(doc).targets.get(alias) ?? { node: null, recursive: false };
}

/** How many nodes the document has as written. */
export function writtenNodeCount(doc: Document): number {
  return indexOf(doc).nodeCount;
}

/** Aliases that cannot be followed: those that name no anchor before them, and those inside their target. */
export function brokenAliases(doc: Document): { alias: Alias; recursive: boolean }[] {
  const out: { alias: Alias; recursive: boolean }[] = [];
  for (const [alias, target] of indexOf(doc).targets)
    if (target.recursive || !target.node) out.push({ alias, recursive: target.recursive });
  return out;
}
