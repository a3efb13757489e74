import type { CheckOptions } from '../check/resolveRoot';
import type { CommandOptions } from '../engine/engine';
import type { Plan } from '../engine/plan';
import type { Blocker, OperationEnv, Prepared } from '../operations/types';
import type { FleetConfig } from './fleetConfig';

/** Where one clone's rebuild is in a fleet upgrade (the live status of issue 11). */
export type FleetCloneStatus =
  'queued' | 'running' | 'health-check' | 'done' | 'reverted' | 'failed' | 'skipped';

/** The options of every clone's rebuild: the engine's, with the safe rebuild's health check. */
export type CloneRebuildOptions = CommandOptions & {
  healthCommand?: string;
  healthTimeoutSeconds?: number;
  unsafe?: boolean;
};

/** `lxdops fleet upgrade` (and Upgrade Fleet): what to upgrade and how. */
export interface FleetUpgradeRequest {
  /** The template's root config (absolute path). */
  template: string;
  /** Every config of the workspace: the clones are those that name the template in `origin`. */
  configs: readonly FleetConfig[];
  /** Take a new template snapshot first: true for the name the clones' configs use, or a name. */
  snapshot?: true | string;
  /** Rebuild or configure the template (through the operations pipeline) before its snapshot. */
  templateCommand?: 'rebuild' | 'configure';
  /** Clones rebuilt at once per host; hosts run in parallel. */
  parallel: number;
  /** Stop starting clones after this many failed or reverted (absent: never stop). */
  maxFailures?: number;
  rebuild: CloneRebuildOptions;
  check: CheckOptions;
}

/** A host of the upgrade: its name and the pipeline's environment on it (doors, locks, files). */
export interface UpgradeHost {
  name: string;
  env: OperationEnv;
}

/** One host's part of a prepared upgrade: every step, and the clones that are left alone. */
export interface HostUpgradePlan {
  host: string;
  /** The template part: its rebuild or configure, then its snapshot (each absent when not done). */
  templatePrepared?: Prepared;
  snapshotPlan?: Plan;
  /** The snapshot the clones are rebuilt from. */
  snapshot: string;
  /** The clones' rebuilds, as planned now (the run plans them again after the snapshot). */
  clones?: Prepared;
  skipped: { instance: string; reason: string }[];
  notes: string[];
}

export type PreparedUpgrade =
  | { ok: false; blockers: Blocker[] }
  | { ok: true; request: FleetUpgradeRequest; hosts: HostUpgradePlan[]; notes: string[] };

/** The live status of one clone. */
export interface CloneProgress {
  instance: string;
  host: string;
  status: FleetCloneStatus;
  /** 1-based step and the step count, while running. */
  step?: number;
  steps?: number;
  /** The step's description, or the failure's reason. */
  message?: string;
}

export interface CloneResult {
  instance: string;
  host: string;
  status: FleetCloneStatus;
  message?: string;
  seconds?: number;
}

export interface UpgradeResult {
  clones: CloneResult[];
  summary: Record<'done' | 'reverted' | 'failed' | 'skipped', number>;
  /** What the template part did or why it stopped, per host. */
  notes: string[];
}

export interface UpgradeCallbacks {
  onProgress?: (p: CloneProgress) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}
