/** Custom LSP messages shared by the client and the server (names and shapes only, no code). */
import type { EngineCommand } from './engine/engine';
import type { CloneProgress, FleetCloneStatus } from './fleet/upgradeTypes';

/** `lxdops/effectiveConfig`: the merged config of a file, as YAML with `# from:` comments. */
export const EFFECTIVE_CONFIG_REQUEST = 'lxdops/effectiveConfig';

export interface EffectiveConfigParams {
  uri: string;
}

export interface EffectiveConfigResult {
  /** Undefined when the file is not an lxdops config. */
  text?: string;
}

/** The settings under `lxdops.*`. */
export interface LxdopsSettings {
  propertiesFile: string;
  properties: Record<string, string>;
  project: string;
  /** The LXD (or Incus) unix socket; empty: LXD_SOCKET, LXD_DIR, then the usual paths. */
  socket: string;
  /** `lxdops.hosts`: entries as in hosts.yaml, unchecked here (the server checks and reports each). */
  hosts: unknown[];
  diagnostics: { enable: boolean };
  completion: { enable: boolean };
  hover: { enable: boolean };
  navigation: { enable: boolean };
  codeActions: { enable: boolean };
}

export const DEFAULT_SETTINGS: LxdopsSettings = {
  propertiesFile: '',
  properties: {},
  project: '',
  socket: '',
  hosts: [],
  diagnostics: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
  navigation: { enable: true },
  codeActions: { enable: true },
};

// ---------------------------------------------------------------------------------------------
// The workspace's configs, as the server knows them (open buffers over disk). The client's
// Configs view and every command target come from here; the client bundles no checker.
// ---------------------------------------------------------------------------------------------

/** `lxdops/configs`: every root config of the workspace with its instance and its problems. */
export const CONFIGS_REQUEST = 'lxdops/configs';
/** Server → client notification, sent whenever the answer to `lxdops/configs` may have changed. */
export const CONFIGS_CHANGED_NOTIFICATION = 'lxdops/configsChanged';

export interface ConfigProblem {
  uri: string;
  /** 0-based. */
  line: number;
  character: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface ConfigSummary {
  uri: string;
  /** The instance (container) name and project the config resolves to; absent when unresolvable. */
  instance?: string;
  project?: string;
  /** The short hash of what a launch applies (`user.lxdops.hash` on a launched instance). */
  hash?: string;
  /** The instance profile (`NAME.lxdops`) and the filesystems the config creates, to tell half-done. */
  profile?: string;
  filesystems?: { id: string; path: string; zfs: boolean; destroy: boolean }[];
  /** Errors and warnings of the root and everything it includes. */
  errors: number;
  warnings: number;
  problems: ConfigProblem[];
  /** Why the config cannot be resolved to an instance (an undefined property, ...). */
  unresolved?: string;
}

export interface ConfigsResult {
  configs: ConfigSummary[];
}

// ---------------------------------------------------------------------------------------------
// Operations: the one pipeline (load → check → pre-flight → plan → confirm → run → record) runs in
// the server for the editor, in the CLI for the terminal. The client only renders and asks.
// ---------------------------------------------------------------------------------------------

/** `lxdops/prepare`: load, check, pre-flight and plan; changes nothing. */
export const PREPARE_REQUEST = 'lxdops/prepare';
/** `lxdops/apply`: run a prepared operation (after re-checking that LXD and ZFS are as planned). */
export const APPLY_REQUEST = 'lxdops/apply';
/** Client → server: stop a running operation between steps. */
export const CANCEL_NOTIFICATION = 'lxdops/cancel';
/** Server → client: progress and log of a running operation. */
export const OPERATION_EVENT_NOTIFICATION = 'lxdops/operationEvent';
/** Server → client request after an instance failed in a multi-instance run: go on with the rest? */
export const CONTINUE_REQUEST = 'lxdops/continueAfterFailure';

/** The engine's commands (`revert`: undo the last safe rebuild), and `cleanup` of what a half-done launch or safe rebuilds left. */
export type OperationCommand = EngineCommand | 'cleanup';

export interface OperationOptions {
  snapshotName?: string;
  container?: boolean;
  destroySnapshot?: boolean;
  rebuildProfiles?: boolean;
  waitNetwork?: boolean;
  newName?: string;
  /** Wait for another operation on the instance to finish, instead of refusing at once. */
  waitLock?: boolean;
  /** launch/rebuild on a cluster: the member that holds the new instance. */
  target?: string;
  /** rebuild: today's plan (delete the old container) instead of the safe one. */
  unsafe?: boolean;
  /** rebuild: run inside the new container (`sh -c`) as its health check; non-zero exit reverts. */
  healthCommand?: string;
  /** rebuild: seconds the health check may take (default 60). */
  healthTimeoutSeconds?: number;
  /** rebuild: kept generations after a successful rebuild (default 1: the last one). */
  retention?: number;
}

export interface PrepareParams {
  command: OperationCommand;
  /** Root config files, exactly the ones the user chose. */
  uris: string[];
  options?: OperationOptions;
  /** The host (a name of `lxdops/hosts`) the operation acts on; absent: `local`. */
  host?: string;
}

/** Something that stops an operation before anything changes. */
export interface Blocker {
  stage: 'load' | 'check' | 'pre-flight' | 'plan';
  code: string;
  message: string;
  uri?: string;
  /** 0-based, when the blocker points into a file. */
  line?: number;
  character?: number;
  instance?: string;
}

export interface PreparedInstance {
  uri: string;
  instance: string;
  project: string;
  /** The plan as `--dry-run` prints it. */
  planText: string;
  steps: number;
  /** One line per step (its description, no command): what a confirmation lists. */
  outline: string[];
  /** One line per step that deletes or overwrites data. */
  destructive: string[];
  /**
   * What the run keeps and until when (a safe rebuild: the old container and its safety
   * snapshots): the confirmation says it; non-empty also means it must be confirmed.
   */
  kept?: string[];
  notes: string[];
  /** Warnings of the config, carried to the confirmation. */
  warnings: ConfigProblem[];
}

export interface PrepareResult {
  /** Present when nothing blocks: the id `lxdops/apply` takes. */
  id?: string;
  /** The host the plans were made against (and apply runs on), and the member of `target`. */
  host?: string;
  target?: string;
  blockers: Blocker[];
  instances: PreparedInstance[];
}

export interface ApplyParams {
  id: string;
}

export interface InstanceOutcome {
  instance: string;
  uri: string;
  /** `reverted`: a safe rebuild failed and was undone (the old container runs again); `message` says why. */
  status: 'done' | 'failed' | 'cancelled' | 'skipped' | 'reverted';
  /** The failing step and its reason. */
  message?: string;
  /** A blocker code when it did not run (`instance-locked`). */
  code?: string;
  seconds?: number;
}

export interface ApplyResult {
  /**
   * Set when LXD or ZFS changed since the plan was made: nothing ran; the new plan is prepared
   * under a new id for the user to look at and apply.
   */
  replanned?: PrepareResult;
  outcomes: InstanceOutcome[];
}

export interface OperationEvent {
  id: string;
  instance: string;
  type: 'step' | 'output' | 'finished' | 'failed';
  /** 0-based step index and the step count, for `step`. */
  index?: number;
  total?: number;
  text: string;
}

/** `lxdops/cancel`: the operation to stop (the id of its prepare). */
export interface CancelParams {
  id: string;
}

export interface ContinueParams {
  id: string;
  failed: InstanceOutcome;
  remaining: string[];
}

export interface ContinueResult {
  continue: boolean;
}

// ---------------------------------------------------------------------------------------------
// Hosts: the servers operations can target (local sockets, CLI remotes, hosts.yaml, lxdops.hosts).
// ---------------------------------------------------------------------------------------------

/** `lxdops/hosts`: the discovered hosts, each probed (within 10 s). */
export const HOSTS_REQUEST = 'lxdops/hosts';

export interface HostsParams {
  /** Only these hosts (probing is the slow part); absent: all. */
  names?: string[];
}

/** How Open Shell reaches the host's instances: the CLI and its remote, or why it cannot. */
export type ShellRoute =
  | {
      tool: 'lxc' | 'incus';
      /** The CLI's remote (`lxc exec REMOTE:NAME`); absent: the CLI's local server. */
      remote?: string;
      /** Environment of the terminal (the socket of a hosts.yaml socket entry). */
      env?: Record<string, string>;
    }
  | { problem: string };

export interface WireHost {
  name: string;
  kind?: 'lxd' | 'incus';
  /** The socket path or the URL. */
  address: string;
  /** Where the host is defined (`local socket`, a config.yml, hosts.yaml, `setting lxdops.hosts`). */
  source: string;
  reachable: boolean;
  version?: string;
  clustered: boolean;
  members: { name: string; status: string; roles: string[]; message: string }[];
  /** Why it is not reachable or not usable, and what to do. */
  error?: string;
  shell: ShellRoute;
}

export interface HostsResult {
  hosts: WireHost[];
  /** Sources of hosts that could not be used (an invalid `lxdops.hosts` entry, ...). */
  problems: string[];
}

/** `lxdops/instances`: the instances of one host (every project), for the palette's quick picks. */
export const INSTANCES_REQUEST = 'lxdops/instances';

export interface InstancesParams {
  host: string;
}

export interface InstancesResult {
  instances: { name: string; project: string; status: string; location?: string }[];
  /** Why the host could not be listed, and what to do. */
  error?: string;
}

// ---------------------------------------------------------------------------------------------
// The fleet (issue 11): templates, their snapshots and clones; Upgrade Fleet. The server runs the
// core's fleet reader and upgrade (the same the CLI's `lxdops fleet` runs); the client renders.
// ---------------------------------------------------------------------------------------------

/** `lxdops/fleetStatus`: the fleet of the workspace's configs on the given hosts (absent: every host). */
export const FLEET_STATUS_REQUEST = 'lxdops/fleetStatus';

export interface FleetStatusParams {
  hosts?: string[];
}

/** The answer: `FleetStatus` of core/src/fleet/fleetTypes.ts, with config paths as file URIs. */
export type { FleetStatus as FleetStatusResult } from './fleet/fleetTypes';

/** `lxdops/fleetPrepare`: plan an upgrade of a template's stale clones; changes nothing. */
export const FLEET_PREPARE_REQUEST = 'lxdops/fleetPrepare';
/** `lxdops/fleetApply`: run a prepared upgrade (`{id}` of its prepare); answers with the summary. */
export const FLEET_APPLY_REQUEST = 'lxdops/fleetApply';
/** Server → client: the live status of one clone during a fleet upgrade. */
export const FLEET_EVENT_NOTIFICATION = 'lxdops/fleetEvent';

export interface FleetUpgradeParams {
  /** The template's root config. */
  uri: string;
  /** The hosts to upgrade on; absent: every host where the template exists. */
  hosts?: string[];
  /** Take a new template snapshot first: true for the name the clones' configs use, or a name. */
  snapshot?: true | string;
  /** Rebuild (or configure) the template before its snapshot. */
  template?: 'rebuild' | 'configure';
  /** Clones rebuilt at once per host (hosts run in parallel); default 1. */
  parallel?: number;
  /** Run inside each rebuilt clone (`sh -c`); a non-zero exit fails its health check. */
  healthCommand?: string;
  healthTimeoutSeconds?: number;
  /** Kept generations per clone (old containers and safety snapshots); default 1. */
  retention?: number;
  /** Stop starting new clones after this many failures (stop-on-failure: 1); absent: never stop. */
  maxFailures?: number;
}

export interface FleetPreparedClone {
  uri: string;
  instance: string;
  host: string;
  /** One line per step (descriptions), as a confirmation lists them. */
  outline: string[];
  destructive: string[];
}

export interface FleetPrepareResult {
  /** Present when nothing blocks. */
  id?: string;
  blockers: Blocker[];
  /** Every step of the template part and of every clone, as `--dry-run` prints it. */
  planText: string;
  clones: FleetPreparedClone[];
  /** Clones that are not upgraded and why (current, not created). */
  skipped: { instance: string; host: string; reason: string }[];
  /** What safe rebuilds keep and for how long, for the confirmation. */
  kept: string[];
  notes: string[];
}

export type { FleetCloneStatus };

/** A clone's live status (the core's CloneProgress), tagged with the upgrade's id. */
export interface FleetEvent extends CloneProgress {
  id: string;
}

export interface FleetApplyResult {
  clones: { instance: string; host: string; status: FleetCloneStatus; message?: string; seconds?: number }[];
  summary: Record<'done' | 'reverted' | 'failed' | 'skipped', number>;
}
