import type { ListedInstance } from '../../../core/src/engine/listing';
import type { ConfigSummary } from '../../../core/src/protocol';
import { uriPath } from '../../../core/src/hosts/configLink';

/** What the LXD side looks like to the views: a listing, or why there is none. */
export type LxdSide =
  | {
      reachable: true;
      instances: readonly ListedInstance[];
      /** `project/name` of every profile. */
      profiles: ReadonlySet<string>;
      /** ZFS datasets of the configs that exist on the host. */
      datasets: ReadonlySet<string>;
    }
  | { reachable: false; problem: string };

export type ConfigState =
  | 'cannot run'
  | 'lxd unreachable'
  | 'not created'
  | 'partially created'
  | 'configure failed'
  | 'config changed since launch'
  | 'running'
  | 'stopped';

export interface ConfigStatus {
  state: ConfigState;
  /** The instance tied to the config, when there is one. */
  instance?: ListedInstance;
  /** Lines for the tooltip: what is left behind, the failing step and its output, why not. */
  details: string[];
}

/** The `user.lxdops.*` keys (without prefix) the pipeline records on the instance (core/src/operations/record.ts). */
export const FAILURE_RECORDS = {
  status: 'status',
  configureFailed: 'configure-failed',
  step: 'failed-step',
  /** The tail of the failing step's output and reason. */
  output: 'failure',
} as const;

/** The instance of a config: tied by its config path; the one with the config's name first. */
function instanceOf(
  summary: ConfigSummary,
  instances: readonly ListedInstance[],
): ListedInstance | undefined {
  const path = uriPath(summary.uri);
  const tied = instances.filter((i) => i.config === path);
  return tied.find((i) => i.name === summary.instance && i.project === summary.project) ?? tied[0];
}

/** What a config created although its container does not exist: its profile, its datasets. */
export function leftoversOf(summary: ConfigSummary, lxd: Extract<LxdSide, { reachable: true }>): string[] {
  const out: string[] = [];
  if (summary.profile && lxd.profiles.has(`${summary.project ?? 'default'}/${summary.profile}`))
    out.push(`profile ${summary.profile}`);
  for (const f of summary.filesystems ?? [])
    if (f.zfs && lxd.datasets.has(f.path)) out.push(`dataset ${f.path}`);
  return out;
}

function failureDetails(instance: ListedInstance): string[] {
  const records = instance.records;
  const output = records[FAILURE_RECORDS.output];
  return [
    `failed step: ${records[FAILURE_RECORDS.step] ?? 'unknown'}`,
    ...(output ? ['output:', ...output.trimEnd().split('\n').slice(-10)] : []),
  ];
}

function createdStatus(summary: ConfigSummary, instance: ListedInstance): ConfigStatus {
  if (instance.records[FAILURE_RECORDS.status] === FAILURE_RECORDS.configureFailed)
    return { state: 'configure failed', instance, details: failureDetails(instance) };
  if (instance.hash && summary.hash && instance.hash !== summary.hash)
    return {
      state: 'config changed since launch',
      instance,
      details: ['the config changed since the launch'],
    };
  return { state: instance.status === 'Running' ? 'running' : 'stopped', instance, details: [] };
}

/** The state of a config from what the server says of it and what LXD and ZFS show. */
export function configStatus(summary: ConfigSummary, lxd: LxdSide): ConfigStatus {
  if (summary.unresolved) return { state: 'cannot run', details: [summary.unresolved] };
  if (!lxd.reachable) return { state: 'lxd unreachable', details: [lxd.problem] };
  const instance = instanceOf(summary, lxd.instances);
  if (instance) return createdStatus(summary, instance);
  const leftovers = leftoversOf(summary, lxd);
  return leftovers.length
    ? { state: 'partially created', details: ['left behind, without a container:', ...leftovers] }
    : { state: 'not created', details: [] };
}

/** The contextValue suffix of a config node (package.json menus match it). */
export function stateKey(status: ConfigStatus): string {
  if (status.state === 'config changed since launch')
    return status.instance?.status === 'Running' ? 'running' : 'stopped';
  const keys: Record<ConfigState, string> = {
    'cannot run': 'invalid',
    'lxd unreachable': 'unreachable',
    'not created': 'absent',
    'partially created': 'partial',
    'configure failed': 'failed',
    'config changed since launch': 'running',
    running: 'running',
    stopped: 'stopped',
  };
  return keys[status.state];
}
