/** Custom LSP messages shared by the client and the server (names and shapes only, no code). */
import type { EngineCommand } from './engine/engine';

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

/** The engine's commands, and `cleanup` of what a half-done launch left. */
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
}

export interface PrepareParams {
  command: OperationCommand;
  /** Root config files, exactly the ones the user chose. */
  uris: string[];
  options?: OperationOptions;
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
  notes: string[];
  /** Warnings of the config, carried to the confirmation. */
  warnings: ConfigProblem[];
}

export interface PrepareResult {
  /** Present when nothing blocks: the id `lxdops/apply` takes. */
  id?: string;
  blockers: Blocker[];
  instances: PreparedInstance[];
}

export interface ApplyParams {
  id: string;
}

export interface InstanceOutcome {
  instance: string;
  uri: string;
  status: 'done' | 'failed' | 'cancelled' | 'skipped';
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
