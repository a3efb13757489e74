/**
 * What a command was invoked on, as plain data: tree nodes expose a `target`, the file Explorer
 * and the editor pass URIs. Pure (no vscode), so that the rules are unit-tested.
 */
export type Target =
  | { kind: 'config'; path: string; instance?: { name: string; project: string } }
  | { kind: 'instance'; name: string; project: string; configPath: string | null };

function isTarget(value: unknown): value is Target {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'config' || kind === 'instance';
}

/** A tree node's target, or a `file:` URI's (explorer multi-select, editor context, editor title). */
function targetOf(arg: unknown): Target | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = (arg as { target?: unknown }).target;
  if (isTarget(node)) return node;
  const uri = arg as { scheme?: unknown; fsPath?: unknown };
  if (uri.scheme === 'file' && typeof uri.fsPath === 'string') return { kind: 'config', path: uri.fsPath };
  return undefined;
}

/**
 * The targets of a command, from the (clicked, selected) pair VS Code passes: exactly what the user
 * selected. Nothing else: no fallback to the active editor (a palette run without arguments asks).
 */
export function selectedTargets(clicked: unknown, selected: unknown): Target[] {
  const list = Array.isArray(selected) && selected.length ? selected : clicked !== undefined ? [clicked] : [];
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const arg of list) {
    const t = targetOf(arg);
    if (!t) continue;
    const key = t.kind === 'config' ? `c:${t.path}` : `i:${t.project}/${t.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

/** The config files of the targets; `missing` names the instances that have none. */
export function configPathsOf(targets: readonly Target[]): { paths: string[]; missing: string[] } {
  const paths: string[] = [];
  const missing: string[] = [];
  for (const t of targets) {
    const path = t.kind === 'config' ? t.path : t.configPath;
    if (path) {
      if (!paths.includes(path)) paths.push(path);
    } else if (t.kind === 'instance') missing.push(t.name);
  }
  return { paths, missing };
}

/** The instances of the targets (a config target has one when the server resolved it). */
export function instancesOf(targets: readonly Target[]): { name: string; project: string }[] {
  return targets.flatMap((t) =>
    t.kind === 'instance' ? [{ name: t.name, project: t.project }] : t.instance ? [t.instance] : [],
  );
}
