import { createHash } from 'node:crypto';
import type { RootResult } from '../check/resolveRoot';
import { renderEffectiveConfig } from '../config/renderConfig';
import { snapshotNameProblem } from '../config/safeValues';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { ParsedFile } from '../document/parsedFile';
import type { HostRunner, LxdApi } from './doors';
import type { Remotes } from './imageSource';
import { instanceSpec, type InstanceSpec } from './instanceSpec';
import { launchPlan } from './launchPlan';
import { needsOf } from './needs';
import { observe } from './observe';
import { configurePlan, createDevicesPlan, createProfilePlan } from './partialPlans';
import type { Observed } from './observed';
import type { Plan } from './plan';
import { PlanError } from './planError';
import { deletePlan, destroyPlan, destroyUsageNeeds } from './removePlans';
import { adoptPlan } from './adoptPlan';
import { dirOwners } from './dirRecords';
import { readOwnership } from './readOwnership';
import { renamePlan } from './renamePlan';
import { rollbackPlan, snapshotPlan, snapshotted } from './snapshotPlans';
import { mountpoints, readUsage } from './usage';

export type EngineCommand =
  | 'launch'
  | 'rebuild'
  | 'delete'
  | 'destroy'
  | 'snapshot'
  | 'rollback'
  | 'configure'
  | 'create-devices'
  | 'create-profile'
  | 'rename'
  | 'adopt';

export interface CommandOptions {
  snapshotName?: string;
  /** snapshot/rollback -c: the LXD snapshot of the container too. */
  container?: boolean;
  /** snapshot -d. */
  destroySnapshot?: boolean;
  /** rebuild --profiles: take the config's profile list instead of the container's. */
  rebuildProfiles?: boolean;
  waitNetwork?: boolean;
  waitBeforeStop?: number;
  remotes?: Remotes;
  /** rename: the new instance name. */
  newName?: string;
  /** Wait for another operation on the instance to finish, instead of refusing at once. */
  waitLock?: boolean;
}

export interface Doors {
  lxd: LxdApi;
  host: HostRunner;
}

/** A short hash of what a launch applies (the effective config and its cloud-config files), to detect later changes. */
export function configHash(root: RootResult, ws: ConfigWorkspace): string {
  const h = createHash('sha256').update(renderEffectiveConfig(root.config));
  for (const e of root.config.cloudConfigFiles) {
    const r = ws.read(e.resolved);
    h.update(`\0${e.resolved}\0${r.ok ? r.text : ''}`);
  }
  return h.digest('hex').slice(0, 16);
}

function cloudConfigs(spec: InstanceSpec, ws: ConfigWorkspace): Map<string, ParsedFile> {
  const out = new Map<string, ParsedFile>();
  for (const f of spec.cloudConfigFiles) {
    const p = ws.parsed(f);
    if (!p.ok) throw new PlanError(`cloud-config file ${f}: ${p.failure.message}`);
    out.set(f, p.value);
  }
  return out;
}

/** The marks of the existing datasets that launch, rebuild or create-devices may repair. */
async function repairOwnership(doors: Doors, spec: InstanceSpec, observed: Observed) {
  const datasets = spec.filesystems.flatMap((f) =>
    f.dataset && observed.datasets.has(f.dataset) ? [f.dataset] : [],
  );
  const dirs = spec.filesystems.flatMap((f) => (f.dataset ? [] : [f.dir]));
  return readOwnership(doors.host, spec, { datasets, dirs });
}

/**
 * Builds the plan of one command for one config: substitutes the config, reads the state it
 * depends on (read-only), and lays out the steps. Nothing is changed here: `--dry-run` stops
 * after this, and execute() runs the result.
 */
export async function planCommand(
  command: EngineCommand,
  root: RootResult,
  ws: ConfigWorkspace,
  doors: Doors,
  o: CommandOptions = {},
): Promise<Plan> {
  const spec = instanceSpec(root);
  // before anything reads ZFS: a name like `a@b` or `-rf` would reach `zfs list` as a dataset operand
  const badName = o.snapshotName === undefined ? undefined : snapshotNameProblem(o.snapshotName);
  if (badName) throw new PlanError(`snapshot name \`${o.snapshotName}\` ${badName}`);
  const observed = await observe(
    doors.lxd,
    doors.host,
    needsOf(spec, o.snapshotName ? { snapshot: o.snapshotName } : {}),
  );
  if (command === 'launch' || command === 'rebuild' || command === 'create-devices')
    observed.ownership = await repairOwnership(doors, spec, observed);
  switch (command) {
    case 'launch':
    case 'rebuild':
      return launchPlan(spec, observed, {
        rebuild: command === 'rebuild',
        rebuildProfiles: o.rebuildProfiles ?? false,
        waitNetwork: o.waitNetwork ?? false,
        waitBeforeStop: o.waitBeforeStop ?? 0,
        ...(o.remotes ? { remotes: o.remotes } : {}),
        configHash: configHash(root, ws),
        cloudConfigs: cloudConfigs(spec, ws),
      });
    case 'delete':
      return deletePlan(spec, observed);
    case 'destroy': {
      const targets = destroyUsageNeeds(spec, observed);
      const [usage, ownership] = await Promise.all([
        readUsage(doors, targets),
        readOwnership(doors.host, spec, targets),
      ]);
      return destroyPlan(spec, observed, usage, ownership);
    }
    case 'snapshot':
      return snapshotPlan(spec, observed, {
        name: o.snapshotName ?? '',
        container: o.container ?? false,
        destroy: o.destroySnapshot ?? false,
      });
    case 'rollback': {
      const datasets = snapshotted(spec).flatMap((f) =>
        observed.datasets.has(f.dataset!) ? [f.dataset!] : [],
      );
      const [usage, ownership] = await Promise.all([
        readUsage(doors, { datasets, dirs: [] }),
        readOwnership(doors.host, spec, { datasets, dirs: [] }),
      ]);
      const options = { name: o.snapshotName ?? '', container: o.container ?? false };
      return rollbackPlan(spec, observed, options, usage, ownership);
    }
    case 'configure':
      return configurePlan(spec, observed, {
        cloudConfigs: cloudConfigs(spec, ws),
        waitNetwork: o.waitNetwork ?? false,
      });
    case 'create-devices':
      return createDevicesPlan(spec, observed);
    case 'create-profile':
      return createProfilePlan(spec, observed);
    case 'rename': {
      if (!o.newName) throw new PlanError('rename needs the new name');
      const to = instanceSpec(root, o.newName);
      const observedTarget = await observe(doors.lxd, doors.host, needsOf(to));
      const existing = [...observed.datasets, ...observedTarget.datasets].filter((d) => !d.includes('@'));
      const dirs = spec.filesystems.flatMap((f) => (f.dataset ? [] : [f.dir]));
      const own = await readOwnership(doors.host, spec, { datasets: existing, dirs });
      return renamePlan(spec, to, observed, observedTarget, own);
    }
    case 'adopt': {
      const datasets = spec.filesystems.flatMap((f) =>
        f.dataset && observed.datasets.has(f.dataset) ? [f.dataset] : [],
      );
      const dirs = spec.filesystems.flatMap((f) => (!f.dataset && observed.paths.has(f.dir) ? [f.dir] : []));
      const [own, owners, mounts] = await Promise.all([
        readOwnership(doors.host, spec, { datasets, dirs }),
        dirOwners(doors.host, dirs),
        mountpoints(doors.host, dirs),
      ]);
      return adoptPlan(spec, observed, own, { dirOwners: owners, mountpoints: mounts });
    }
  }
}
