import { createHash } from 'node:crypto';
import type { RootResult } from '../check/resolveRoot';
import { renderEffectiveConfig } from '../config/renderConfig';
import { snapshotNameProblem } from '../config/safeValues';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { ParsedFile } from '../document/parsedFile';
import type { HostRunner, LxdApi } from './doors';
import type { Remotes } from './imageSource';
import { instanceSpec, type InstanceSpec } from './instanceSpec';
import { launchPlan, type LaunchOptions } from './launchPlan';
import { needsOf } from './needs';
import { observe, type OwnershipReader } from './observe';
import { configurePlan, createDevicesPlan, createProfilePlan } from './partialPlans';
import type { Plan } from './plan';
import { PlanError } from './planError';
import { deletePlan, destroyPlan, destroyUsageNeeds } from './removePlans';
import { adoptPlan } from './adoptPlan';
import { dirOwners } from './dirRecords';
import { readOwnership } from './readOwnership';
import { renamePlan } from './renamePlan';
import { rollbackPlan, snapshotPlan, snapshotted } from './snapshotPlans';
import { mountpoints, readUsage } from './usage';
import {
  planRebuild,
  planRevert,
  refuseUnfinishedRebuild,
  type SafeCommandOptions,
} from './safe/rebuildCommand';
import { readStandIns, standInRemovalSteps, withoutStandIns } from './safe/standIns';
import { type SafeState, standInsOf } from './safe/safeObserve';

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
  | 'adopt'
  | 'revert';

export interface CommandOptions extends SafeCommandOptions {
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
  /** launch/rebuild on a cluster (`--target`): the member that holds the new instance. */
  target?: string;
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
function repairOwnership(doors: Doors, spec: InstanceSpec): OwnershipReader {
  return (existing) => {
    const datasets = spec.filesystems.flatMap((f) =>
      f.dataset && existing.has(f.dataset) ? [f.dataset] : [],
    );
    const dirs = spec.filesystems.flatMap((f) => (f.dataset ? [] : [f.dir]));
    return readOwnership(doors.host, spec, { datasets, dirs });
  };
}

/** delete and destroy: the stand-ins (kept, -next) of the instance go first. */
function withStandIns(plan: Plan, spec: InstanceSpec, safe: SafeState): Plan {
  const first = standInRemovalSteps(spec, safe);
  return first.length ? { ...plan, steps: [...first, ...plan.steps] } : plan;
}

/** The launch options of launch and rebuild, from the command's. */
function launchOptions(
  root: RootResult,
  ws: ConfigWorkspace,
  spec: InstanceSpec,
  o: CommandOptions,
): LaunchOptions {
  return {
    rebuildProfiles: o.rebuildProfiles ?? false,
    waitNetwork: o.waitNetwork ?? false,
    waitBeforeStop: o.waitBeforeStop ?? 0,
    ...(o.remotes ? { remotes: o.remotes } : {}),
    ...(o.target ? { target: o.target } : {}),
    configHash: configHash(root, ws),
    cloudConfigs: cloudConfigs(spec, ws),
  };
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
  const repairs = command === 'launch' || command === 'rebuild' || command === 'create-devices';
  // the owner marks are read within the observation, right after the listing (not after all of it)
  const observed = await observe(
    doors.lxd,
    doors.host,
    needsOf(spec, o.snapshotName ? { snapshot: o.snapshotName } : {}),
    repairs ? repairOwnership(doors, spec) : undefined,
  );
  switch (command) {
    case 'rebuild':
      return planRebuild(doors, spec, observed, launchOptions(root, ws, spec, o), o);
    case 'revert':
      return planRevert(doors, spec, observed);
    case 'launch':
      if (!observed.instance) await refuseUnfinishedRebuild(doors, spec);
      return launchPlan(spec, observed, launchOptions(root, ws, spec, o));
    case 'delete':
      return withStandIns(deletePlan(spec, observed), spec, await readStandIns(doors, spec));
    case 'destroy': {
      const targets = destroyUsageNeeds(spec, observed);
      const [usage, ownership, safe] = await Promise.all([
        readUsage(doors, targets),
        readOwnership(doors.host, spec, targets),
        readStandIns(doors, spec),
      ]);
      const plan = destroyPlan(spec, observed, withoutStandIns(usage, spec, safe), ownership);
      return withStandIns(plan, spec, safe);
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
      const [usage, ownership, safe] = await Promise.all([
        readUsage(doors, { datasets, dirs: [] }),
        readOwnership(doors.host, spec, { datasets, dirs: [] }),
        readStandIns(doors, spec),
      ]);
      const options = { name: o.snapshotName ?? '', container: o.container ?? false };
      // a kept container is stopped and holds no data of its own: it does not block a rollback
      return rollbackPlan(spec, observed, options, withoutStandIns(usage, spec, safe), ownership);
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
      const [own, safe] = await Promise.all([
        readOwnership(doors.host, spec, { datasets: existing, dirs }),
        standInsOf(doors.lxd, spec.container, spec.project),
      ]);
      return renamePlan(spec, to, observed, observedTarget, own, safe);
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
