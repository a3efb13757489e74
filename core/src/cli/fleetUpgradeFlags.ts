import type { CheckOptions } from '../check/resolveRoot';
import type { FleetConfig } from '../fleet/fleetConfig';
import type { CloneRebuildOptions, FleetUpgradeRequest } from '../fleet/upgradeTypes';
import { snapshotNameProblem } from '../config/safeValues';
import { UsageError } from './cliOptions';
import type { FleetFlags } from './fleetCommand';

export interface UpgradeFlags extends FleetFlags {
  snapshot?: string | true;
  parallel?: string;
  healthCmd?: string;
  healthTimeout?: string;
  unsafe?: boolean;
  stopOnFailure?: boolean;
  maxFailures?: string;
  dryRun?: boolean;
  yes?: boolean;
  rebuildTemplate?: boolean;
  configureTemplate?: boolean;
  /** --configs PATH, repeatable: where the clones' configs are (default: .). */
  configs: string[];
}

function whole(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} ${value}: a whole number ≥ ${min}`);
  return n;
}

function rebuildOptions(flags: UpgradeFlags): CloneRebuildOptions {
  const timeout = whole(flags.healthTimeout, '--health-timeout', 1);
  if (flags.unsafe && (flags.healthCmd !== undefined || timeout !== undefined))
    throw new UsageError('--unsafe rebuilds without a health check: drop --health-cmd and --health-timeout');
  return {
    ...(flags.unsafe ? { unsafe: true } : {}),
    ...(flags.healthCmd !== undefined ? { healthCommand: flags.healthCmd } : {}),
    ...(timeout !== undefined ? { healthTimeoutSeconds: timeout } : {}),
  };
}

function maxFailures(flags: UpgradeFlags): number | undefined {
  if (flags.stopOnFailure && flags.maxFailures !== undefined)
    throw new UsageError('--stop-on-failure and --max-failures cannot be used together');
  return flags.stopOnFailure ? 1 : whole(flags.maxFailures, '--max-failures', 1);
}

/** The request the flags describe; every value checked before anything is read (exit 2). */
export function upgradeRequestOf(
  template: string,
  configs: FleetConfig[],
  flags: UpgradeFlags,
  check: CheckOptions,
): FleetUpgradeRequest {
  if (flags.rebuildTemplate && flags.configureTemplate)
    throw new UsageError('--rebuild-template and --configure-template cannot be used together');
  const problem = typeof flags.snapshot === 'string' ? snapshotNameProblem(flags.snapshot) : undefined;
  if (problem) throw new UsageError(`--snapshot ${String(flags.snapshot)}: a snapshot name ${problem}`);
  const max = maxFailures(flags);
  const command = flags.rebuildTemplate ? 'rebuild' : flags.configureTemplate ? 'configure' : undefined;
  return {
    template,
    configs,
    ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
    ...(command ? { templateCommand: command } : {}),
    parallel: whole(flags.parallel, '--parallel', 1) ?? 1,
    ...(max !== undefined ? { maxFailures: max } : {}),
    rebuild: rebuildOptions(flags),
    check,
  };
}
