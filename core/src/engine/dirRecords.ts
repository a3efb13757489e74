import type { HostRunner } from './doors';
import type { InstanceSpec } from './instanceSpec';
import type { Step } from './plan';
import { PlanError } from './planError';

/**
 * Where lxdops records the plain directories it made for an instance: one empty directory per
 * recorded path, `<root>/<project>/<instance>/<the path, URI-encoded into one name>`.
 *
 * Why a host-side record, and not a file in the directory or a key in LXD: a container can write
 * into its own directories, so a marker there could be forged (or planted in a directory the
 * container makes and a later config names); the root of this record is on the host, outside
 * every instance's data (a config cannot name it: protectedPaths.ts), so no container reaches
 * it. A key on the instance or its profile would be readable by the container (devlxd shows user.*
 * keys) and is gone after `delete`, when `destroy` still needs it; a key on the project is shared
 * by every instance, and LXD 5.0's PATCH of a project replaces its whole config (tried on the real
 * stack). Like the ZFS mark, the record outlives delete and rebuild, and it is read with the same
 * door (HostRunner.exists) locally and over SSH.
 */
export const DIR_RECORDS = '/var/lib/lxdops-owners';

type Owner = Pick<InstanceSpec, 'project' | 'instance'>;

const component = (name: string, what: string): string => {
  if (!name || name === '.' || name === '..') throw new PlanError(`${what} \`${name}\` cannot name a record`);
  return encodeURIComponent(name);
};

/** The record of `dir` for this instance (a path on the host). */
export function dirRecordPath(owner: Owner, dir: string): string {
  return [
    DIR_RECORDS,
    component(owner.project, 'project'),
    component(owner.instance, 'instance'),
    encodeURIComponent(dir),
  ].join('/');
}

/** Record `dir` as the instance's (before it is made: an interruption leaves it recorded, never made by hand). */
export function recordDirStep(owner: Owner, dir: string): Step {
  return {
    kind: 'host',
    description: `record ${dir} as ${owner.project}/${owner.instance}'s (${DIR_RECORDS})`,
    destructive: false,
    command: { argv: ['mkdir', '-p', '--', dirRecordPath(owner, dir)], sudo: true },
  };
}

/** Forget the record of `dir` (after it is destroyed, or when it moves to another name). */
export function forgetDirStep(owner: Owner, dir: string): Step {
  return {
    kind: 'host',
    description: `forget the record of ${dir} for ${owner.project}/${owner.instance}`,
    destructive: false,
    command: { argv: ['rmdir', '--', dirRecordPath(owner, dir)], sudo: true },
  };
}

/** Which of these directories are recorded as the instance's (read-only). */
export async function recordedDirs(
  host: HostRunner,
  owner: Owner,
  dirs: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  await Promise.all(
    [...new Set(dirs)].map(async (dir) => {
      if (await host.exists(dirRecordPath(owner, dir))) out.add(dir);
    }),
  );
  return out;
}

/** Launch and create-devices: the plain directories they are about to make, recorded first. */
export function newDirRecordSteps(spec: InstanceSpec, existing: ReadonlySet<string>): Step[] {
  return spec.filesystems.flatMap((f) =>
    f.dataset || existing.has(f.dir) ? [] : [recordDirStep(spec, f.dir)],
  );
}

/** A record name decoded; '' for one that is not (never written by lxdops). */
function decoded(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return '';
  }
}

/**
 * Every instance's record of these directories (read-only: `find` in the record root; none when
 * the root does not exist yet): dir → the `project/instance` names that recorded it.
 */
export async function dirOwners(host: HostRunner, dirs: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!dirs.length || !(await host.exists(DIR_RECORDS))) return out;
  const r = await host.run({
    argv: ['find', DIR_RECORDS, '-mindepth', '3', '-maxdepth', '3', '-type', 'd'],
    sudo: false,
  });
  if (r.exitCode !== 0) throw new PlanError(`cannot read the records in ${DIR_RECORDS}: ${r.stderr.trim()}`);
  const wanted = new Set(dirs);
  for (const line of r.stdout.split('\n')) {
    const [project, instance, dir] = line
      .slice(DIR_RECORDS.length + 1)
      .split('/')
      .map(decoded);
    if (!project || !instance || !dir || !wanted.has(dir)) continue;
    out.set(dir, [...(out.get(dir) ?? []), `${project}/${instance}`]);
  }
  return out;
}
