import * as z from 'zod/mini';
import type { RootResult } from '../check/resolveRoot';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { Doors } from '../engine/engine';
import type { InstanceSpec } from '../engine/instanceSpec';
import { needsOf } from '../engine/needs';
import { listedNames, OBSERVED } from '../engine/observe';
import { ZfsError, zfsListArgv } from '../engine/zfsList';
import { preflightBlocker } from './blockers';
import type { Blocker, OperationCommandName } from './types';
import { refusal, type ZfsPropertyTable } from './zfsPropertyTable';

/** The commands that create containers, profiles or filesystems from the config. */
const CREATING = new Set<OperationCommandName>(['launch', 'rebuild', 'create-devices', 'create-profile']);

/** Every profile the config lists exists in the project (launch, and rebuild that takes the config's list). */
export async function profilesExist(
  root: RootResult,
  spec: InstanceSpec,
  doors: Doors,
  needed: boolean,
): Promise<Blocker[]> {
  if (!needed) return [];
  const listed = [...root.config.profiles, ...root.config.profilesConfig, ...root.config.profilesRun];
  if (!listed.length) return [];
  const names = await doors.lxd.call(
    { method: 'GET', path: '/1.0/profiles', project: spec.project },
    z.array(z.string()),
  );
  const existing = new Set(names.map((url) => decodeURIComponent(url.split('/').pop()!.split('?')[0]!)));
  const missing = listed.filter(
    (p, i) => !existing.has(p.value) && listed.findIndex((q) => q.value === p.value) === i,
  );
  return missing.map((p) =>
    preflightBlocker(
      root,
      'profile-missing',
      `missing profiles in project ${spec.project}: ${p.value} (create it, or fix \`profiles\`)`,
      p.origin,
    ),
  );
}

/** The pool of every dataset the config creates exists (`zfs create -p` makes the parents, never the pool). */
export async function poolsExist(
  root: RootResult,
  spec: InstanceSpec,
  doors: Doors,
  command: OperationCommandName,
): Promise<Blocker[]> {
  if (!CREATING.has(command)) return [];
  const datasets = spec.filesystems.filter((f) => f.dataset);
  const pools = [...new Set(datasets.map((f) => f.dataset!.split('/')[0]!))];
  if (!pools.length) return [];
  // the observation's own listing (its datasets, then their pools): prepare runs it once for both
  const names = listedNames([...new Set(needsOf(spec).datasets)]);
  const r = await doors.host.run({ argv: zfsListArgv(names, OBSERVED), sudo: false });
  const failures = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^cannot open '.+': dataset does not exist$/.test(l));
  if (r.exitCode !== 0 && failures.length)
    throw new ZfsError(`zfs list failed (exit ${r.exitCode}): ${failures.join('; ')}`);
  const existing = new Set(r.stdout.split('\n').map((l) => l.split('\t')[0]!.trim()));
  return datasets
    .filter((f) => !existing.has(f.dataset!.split('/')[0]!))
    .map((f) =>
      preflightBlocker(
        root,
        'zfs-pool-missing',
        `filesystems.${f.id}: the ZFS pool \`${f.dataset!.split('/')[0]}\` of ${f.dataset} does not exist on this host (zpool list shows the pools)`,
        root.config.filesystems.get(f.id)?.pattern?.origin,
      ),
    );
}

/** Each `zfsproperties` value is one this host's ZFS accepts (when its table could be read). */
export function zfsPropertiesAccepted(
  root: RootResult,
  command: OperationCommandName,
  table: ZfsPropertyTable | undefined,
): Blocker[] {
  if (!table || !CREATING.has(command)) return [];
  const out: Blocker[] = [];
  for (const fs of root.config.filesystems.values()) {
    if (fs.isNull || fs.pattern?.value.startsWith('/')) continue;
    for (const entry of fs.zfsproperties) {
      const why = refusal(table, entry.key, entry.value.value);
      if (why)
        out.push(
          preflightBlocker(
            root,
            'zfs-property-refused',
            `filesystems.${fs.id}.zfsproperties.${entry.key}: ${why}`,
            entry.value.origin,
          ),
        );
    }
  }
  return out;
}

/** Every cloud-config file the instance applies can be read and parsed now. */
export function cloudConfigsParse(root: RootResult, ws: ConfigWorkspace): Blocker[] {
  const out: Blocker[] = [];
  for (const entry of root.config.cloudConfigFiles) {
    const parsed = ws.parsed(entry.resolved);
    const problem = !parsed.ok
      ? parsed.failure.message
      : parsed.value.header.kind !== 'cloud-config'
        ? 'does not start with #cloud-config'
        : parsed.value.syntaxErrors.length || parsed.value.tooLarge
          ? `cannot be parsed: ${parsed.value.syntaxErrors[0]?.message ?? 'too large'}`
          : undefined;
    if (problem)
      out.push(
        preflightBlocker(
          root,
          'cloud-config-unreadable',
          `cloud-config file ${entry.raw}: ${problem}`,
          entry.origin,
        ),
      );
  }
  return out;
}
