import type { CheckOptions, RootResult } from '../check/resolveRoot';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { BlockerCode } from '../diagnostics/codes';
import type { CommandOptions } from '../engine/engine';
import type { HostRunner } from '../engine/doors';
import type { OperationCommand } from '../protocol';
import type { ProgressEvent } from '../engine/executor';
import type { Plan, Step } from '../engine/plan';
import type { HostDoors } from '../hosts/openDoors';
import type { LockStore } from './lockStore';
import type { Origin } from '../text/origin';

/** Every command of the pipeline: the engine's, and cleanup of a half-done launch. */
export type OperationCommandName = OperationCommand;

/** What the user asked for: one command over exactly these root configs. */
export interface OperationRequest {
  command: OperationCommandName;
  /** Absolute paths of the root configs, exactly the ones chosen. */
  roots: string[];
  options: CommandOptions;
  /** Properties, project and instance name, as `lxdops check` takes them. */
  check: CheckOptions;
}

/** Answers whether an image remote answers (bounded in time); a door, since it talks to the network. */
export type RemoteProbe = (url: string) => Promise<{ ok: boolean; message: string }>;

/** What the pipeline is given: the files (disk or the editor's buffers) and the doors to the world. */
export interface OperationEnv {
  /** A fresh, consistent view of the files; called once per prepare. */
  workspace: () => ConfigWorkspace;
  /** The host's doors; a cluster's also reach its members' runners. */
  doors: HostDoors;
  /** Probes `remote:alias` image servers; without one, remotes are not checked (and a note says so). */
  probeRemote?: RemoteProbe;
  /** The clock of records (tests pass a fixed one). */
  now?: () => Date;
  /** The locks of the instances (one operation per instance at a time); without one, none is taken. */
  locks?: LockStore;
  /** The name of the host the doors lead to (`--host`), which locks are keyed by; default `local`. */
  host?: string;
  /** The pause between two looks at a busy lock (`waitLock`); tests pass one that does not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Something that stops an operation before anything changes. */
export interface Blocker {
  stage: 'load' | 'check' | 'pre-flight' | 'plan';
  /** A diagnostic code (stage check) or a blocker code of codes.ts. */
  code: Diagnostic['code'] | BlockerCode;
  message: string;
  /** The file (and offsets) to fix, when the blocker points into one. */
  origin?: Origin;
  /** The file, when there is no exact place in it. */
  file?: string;
  instance?: string;
}

/** One instance's plan, ready to confirm and run. */
export interface PreparedPlan {
  root: RootResult;
  plan: Plan;
  /** The steps that delete or overwrite data, for the confirmation. */
  destructive: Step[];
  /** Warnings of this root's files, carried to the confirmation. */
  warnings: Diagnostic[];
  /** The cluster member the instance is on (or is created on); its runner does the host side. */
  member?: string;
  /** The member's runner (with `member`). */
  runner?: HostRunner;
}

export interface Prepared {
  request: OperationRequest;
  plans: PreparedPlan[];
  /** Facts of the pre-flight the user should know (a check that could not be made). */
  notes: string[];
}

export type PrepareResult = { ok: false; blockers: Blocker[] } | { ok: true; prepared: Prepared };

export interface InstanceOutcome {
  instance: string;
  config: string;
  /** `reverted`: a safe rebuild failed and was undone (the old container is back); `message` says why. */
  status: 'done' | 'failed' | 'cancelled' | 'skipped' | 'reverted';
  /** The failing step and its reason. */
  message?: string;
  /** Why it did not run, when it is a blocker code (`instance-locked`: another operation holds it). */
  code?: BlockerCode;
  /** The error itself, for front ends that report it as they always did. */
  error?: unknown;
  seconds?: number;
}

export interface RunCallbacks {
  onEvent?: (plan: Plan, event: ProgressEvent) => void;
  /** After an instance failed while others remain: go on? Without it, the run stops. */
  continueAfterFailure?: (failed: InstanceOutcome, remaining: string[]) => Promise<boolean>;
  /** Log lines of the pipeline itself (a record that could not be written). */
  onLog?: (line: string) => void;
  signal?: AbortSignal;
  /** How many instances run at once (default 1). */
  parallel?: number;
}

export type ApplyResult =
  | { kind: 'blocked'; blockers: Blocker[] }
  | { kind: 'replanned'; prepared: Prepared }
  | { kind: 'ran'; outcomes: InstanceOutcome[] };
