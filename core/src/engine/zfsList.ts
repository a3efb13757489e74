import type { HostRunner } from './doors';

/** `zfs` could not answer (not installed, its daemon down, a pool that does not exist...). */
export class ZfsError extends Error {
  override readonly name = 'ZfsError';
}

export interface ZfsListing {
  /** One row per listed dataset or snapshot: the columns asked for, in order. */
  rows: string[][];
  /** The names asked for that zfs reported as not existing (their pool does exist). */
  missing: Set<string>;
}

const MISSING = /^cannot open '(.+)': dataset does not exist$/;

/**
 * `zfs list -H -o <columns> -t filesystem,snapshot [-r] <names>`, read-only. A name that does not
 * exist is `missing` (zfs exits 1 but still lists the others); anything else zfs says on failure
 * throws ZfsError, and so does a missing name whose pool does not exist: zfs says "dataset does
 * not exist" for both, and only the first means "not created yet".
 */
export async function zfsList(
  host: HostRunner,
  names: readonly string[],
  options: { columns: readonly string[]; recursive?: boolean },
): Promise<ZfsListing> {
  const rows: string[][] = [];
  const missing = new Set<string>();
  if (names.length === 0) return { rows, missing };
  const r = await host.run({ argv: zfsListArgv(names, options), sudo: false });
  const asked = new Set(names);
  const failures: string[] = [];
  for (const line of r.stderr.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const name = MISSING.exec(line)?.[1];
    if (name !== undefined && asked.has(name)) missing.add(name);
    else failures.push(line);
  }
  if (r.exitCode !== 0 && (failures.length > 0 || missing.size === 0))
    throw new ZfsError(`zfs list failed (exit ${r.exitCode}): ${failures.join('; ') || 'no message'}`);
  for (const line of r.stdout.split('\n')) if (line.trim()) rows.push(line.trim().split('\t'));
  // a pool that holds a listed name exists: only the others are asked about (usually none)
  const listedPools = new Set(rows.map((row) => poolOf(row[0] ?? '')));
  await requirePools(host, new Set([...missing].filter((name) => !listedPools.has(poolOf(name)))));
  return { rows, missing };
}

/** The argument vector of zfsList (the pre-flight runs the very same one as the observation: prepare shares it). */
export function zfsListArgv(
  names: readonly string[],
  options: { columns: readonly string[]; recursive?: boolean },
): string[] {
  const argv = ['zfs', 'list', '-H', '-o', options.columns.join(','), '-t', 'filesystem,snapshot'];
  return [...argv, ...(options.recursive ? ['-r'] : []), '--', ...names];
}

/** The pool of a dataset or snapshot name: `lxdtest` of `lxdtest/a/b@s`. */
export function poolOf(name: string): string {
  return name.split(/[/@]/)[0]!;
}

/** Throws ZfsError when the pool of a missing name does not exist either. */
async function requirePools(host: HostRunner, missing: ReadonlySet<string>): Promise<void> {
  const pools = [...new Set([...missing].map(poolOf))];
  const missingPools = pools.filter((pool) => missing.has(pool));
  if (missingPools.length > 0) throw noSuchPool(missingPools);
  // the pools themselves: a missing one comes back here as a missing name and throws above
  if (pools.length > 0) await zfsList(host, pools, { columns: ['name'] });
}

function noSuchPool(pools: readonly string[]): ZfsError {
  return new ZfsError(
    `ZFS pool ${pools.map((p) => `'${p}'`).join(', ')} does not exist (zpool list shows the pools): check the pool name (fsroot) of the config`,
  );
}
