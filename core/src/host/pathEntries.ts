import type { HostResult, PathEntry } from '../engine/doors';
import type { HostCommand } from '../engine/plan';

// How `lstat` (node:fs) and `stat -c '%f %u %g'` (coreutils, without -L: no link followed) answers
// become PathEntry records: the local runner reads with lstat, and through `sudo stat` where it may
// not look itself; an SSH runner can use the same `stat` argv and parser.

const S_IFMT = 0o170000;
const TYPES: Record<number, PathEntry['type']> = { 0o040000: 'dir', 0o120000: 'link', 0o100000: 'file' };

/** The entry of `path` from its raw st_mode, owner and group. */
export function entryOf(path: string, rawMode: number, uid: number, gid: number): PathEntry {
  return { path, type: TYPES[rawMode & S_IFMT] ?? 'other', uid, gid, mode: rawMode & 0o7777 };
}

/** The first entries up to and including the first that is not a directory. */
export function upToFirstNonDir(entries: readonly PathEntry[]): PathEntry[] {
  const end = entries.findIndex((e) => e.type !== 'dir');
  return end < 0 ? [...entries] : entries.slice(0, end + 1);
}

/** `stat` of every component, one line each: the raw mode in hex, uid, gid. */
export function statArgv(components: readonly string[]): string[] {
  return ['stat', '-c', '%f %u %g', '--', ...components];
}

/**
 * The entries from `stat`'s output. A missing component makes stat skip its line, and every
 * component below it is missing too, so the lines that came are those of a prefix of the
 * components; after the first link or file the lines are not used (below a link, `stat` resolves
 * the link in the middle of the path, which is never to be looked at).
 */
export function parseStat(components: readonly string[], stdout: string): PathEntry[] {
  const lines = stdout.split('\n').filter((l) => l.trim());
  const entries: PathEntry[] = [];
  for (const [i, component] of components.entries()) {
    const fields = lines[i]?.trim().split(/\s+/);
    if (!fields || fields.length !== 3)
      return upToFirstNonDir([...entries, { path: component, type: 'missing' }]);
    const [mode, uid, gid] = [parseInt(fields[0]!, 16), Number(fields[1]), Number(fields[2])];
    if (![mode, uid, gid].every(Number.isFinite))
      throw new Error(`stat printed \`${lines[i]}\` for ${component}`);
    entries.push(entryOf(component, mode, uid, gid));
  }
  return upToFirstNonDir(entries);
}

/**
 * The entries of `components` asked of `stat` through a runner (sudo, or the remote host over
 * SSH). stat exits 1 when a component is missing: the lines of those before it still came.
 */
export async function inspectWithStat(
  run: (command: HostCommand) => Promise<HostResult>,
  components: readonly string[],
): Promise<PathEntry[]> {
  const r = await run({ argv: statArgv(components), sudo: true });
  if (r.exitCode !== 0 && !/No such file or directory|Not a directory/.test(r.stderr))
    throw new Error(
      `cannot look at ${components.at(-1)}: ${r.stderr.trim() || `stat exited with ${r.exitCode}`}`,
    );
  return parseStat(components, r.stdout);
}
