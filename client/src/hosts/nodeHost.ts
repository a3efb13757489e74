/**
 * The host a command was invoked on: every tree node of a host carries `host` (and an instance
 * node `member`). Pure (no vscode), so that the rule is unit-tested.
 */

function hostOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null || !('host' in arg)) return undefined;
  const host = (arg as { host: unknown }).host;
  return typeof host === 'string' && host ? host : undefined;
}

/** The nodes VS Code passes: the selection, else the clicked one. */
function invokedOn(clicked: unknown, selected: unknown): unknown[] {
  if (Array.isArray(selected) && selected.length) return selected;
  return clicked !== undefined ? [clicked] : [];
}

/**
 * The host of the nodes a command was invoked on, else the default host (the palette, a file,
 * a node that belongs to no host). Nodes of several hosts: `mixed` lists them, since one
 * operation acts on one host.
 */
export function commandHost(
  clicked: unknown,
  selected: unknown,
  defaultHost: string,
): { host: string; mixed?: string[] } {
  const hosts = [
    ...new Set(
      invokedOn(clicked, selected)
        .map(hostOf)
        .filter((h) => h !== undefined),
    ),
  ];
  if (hosts.length > 1) return { host: hosts[0]!, mixed: hosts };
  return { host: hosts[0] ?? defaultHost };
}

/** The cluster member of the node a command was invoked on (a member node, an instance's location). */
export function nodeMember(clicked: unknown): string | undefined {
  if (typeof clicked !== 'object' || clicked === null || !('member' in clicked)) return undefined;
  const member = (clicked as { member: unknown }).member;
  return typeof member === 'string' && member ? member : undefined;
}
