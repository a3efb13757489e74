import type { OperationOptions } from '../../../core/src/protocol';

/** The `lxdops.fleet.*` settings, as read (unchecked values from the user's settings.json). */
export interface FleetSettingValues {
  healthCommand: unknown;
  healthTimeout: unknown;
  retention: unknown;
  parallel: unknown;
}

export interface FleetSettings {
  /** Empty: no command, the health check is running + IPv4 only. */
  healthCommand: string;
  healthTimeoutSeconds: number;
  retention: number;
  parallel: number;
}

export const FLEET_DEFAULTS: FleetSettings = {
  healthCommand: '',
  healthTimeoutSeconds: 60,
  retention: 1,
  parallel: 4,
};

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** The settings with a wrong value (not a positive integer, not a string) replaced by its default. Pure. */
export function fleetSettings(values: FleetSettingValues): FleetSettings {
  return {
    healthCommand: typeof values.healthCommand === 'string' ? values.healthCommand.trim() : '',
    healthTimeoutSeconds: positiveInteger(values.healthTimeout, FLEET_DEFAULTS.healthTimeoutSeconds),
    retention: positiveInteger(values.retention, FLEET_DEFAULTS.retention),
    parallel: positiveInteger(values.parallel, FLEET_DEFAULTS.parallel),
  };
}

/** What every rebuild from VS Code passes for its safe rebuild (no command: none is sent). */
export function safeRebuildOptions(
  s: FleetSettings,
): Pick<OperationOptions, 'healthCommand' | 'healthTimeoutSeconds' | 'retention'> {
  return {
    ...(s.healthCommand ? { healthCommand: s.healthCommand } : {}),
    healthTimeoutSeconds: s.healthTimeoutSeconds,
    retention: s.retention,
  };
}
