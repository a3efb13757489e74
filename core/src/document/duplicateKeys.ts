import { type Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/**
 * The start offsets of keys that repeat an earlier key of the same mapping, as `yaml` reports them
 * (scalar keys with equal values). `yaml` compares each key with every earlier one, which takes
 * minutes for a mapping of 100,000 keys, so we parse with `uniqueKeys: false` and look here, in one
 * iterative pass with a set per mapping.
 */
export function duplicateKeyOffsets(doc: Document): number[] {
  const out: number[] = [];
  const root = doc.contents as Node | null;
  const stack: Node[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          if (seen.has(key.value) && key.range) out.push(key.range[0]);
          seen.add(key.value);
        }
        if (key && typeof key === 'object') stack.push(key);
        if (pair.value) stack.push(pair.value as Node);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push(item as Node);
    }
  }
  return out.sort((a, b) => a - b);
}
