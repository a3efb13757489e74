import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigWorkspace } from '../config/configWorkspace';
import type { CommandOptions } from '../engine/engine';
import { type ProgressEvent, StepFailedError } from '../engine/executor';
import { SpecError } from '../engine/instanceSpec';
import { formatPlan, type Plan } from '../engine/plan';
import { PlanError } from '../engine/planError';
import { ZfsError } from '../engine/zfsList';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { FileLockStore } from '../host/fileLockStore';
import { LxdError } from '../lxd/lxdError';
import type { OpenDoors } from '../hosts/openDoors';
import { type HostFlags, openDoorsFor } from './hostFlags';
import { probeRemote } from '../lxd/remoteProbe';
import { confirmationItems, needsConfirmation } from '../operations/confirm';
import { prepare } from '../operations/prepare';
import { run } from '../operations/run';
import { unreachableDoors } from '../operations/unreachableDoors';
import type {
  Blocker,
  InstanceOutcome,
  OperationCommandName,
  OperationEnv,
  Prepared,
} from '../operations/types';
import { formatBlockers } from './blockerOutput';
import { type ConfigFlags, checkOptionsFrom, UsageError } from './cliOptions';
import { stopOnSignals } from './stopSignals';

export { openDoors } from '../hosts/openDoors';

export interface EngineFlags extends ConfigFlags, HostFlags {
  dryRun?: boolean;
  yes?: boolean;
  parallel?: string;
  waitNetwork?: boolean;
  wait?: string;
  waitLock?: boolean;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Asks a yes/no question when a terminal is attached; undefined when there is none. */
  confirm?: (question: string) => Promise<boolean>;
}

export async function terminalConfirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function progress(io: Io, multi: boolean): (plan: Plan, e: ProgressEvent) => void {
  return (plan, e) => {
    const prefix = multi ? `${plan.instance}: ` : '';
    if (e.type === 'step') io.err(`${prefix}[${e.index + 1}/${e.total}] ${e.step.description}\n`);
    else if (e.type === 'skipped') io.err(`${prefix}      (skipped: its conditions do not hold)\n`);
    else if (e.type === 'revert')
      io.err(`${prefix}[revert ${e.index + 1}/${e.total}] ${e.step.description}\n`);
    else if (e.type === 'output') io.err(e.text.replace(/^/gm, `${prefix}      `).replace(/\s*$/, '\n'));
    else if (e.type === 'finished')
      io.err(`${prefix}${e.plan.command} ${e.plan.instance}: done in ${(e.ms / 1000).toFixed(1)} s\n`);
  };
}

function numberFlags(flags: EngineFlags): { parallel: number; wait: number } {
  const parallel = flags.parallel === undefined ? 1 : Number(flags.parallel);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError(`--parallel ${flags.parallel}: a whole number ≥ 1`);
  const wait = flags.wait === undefined ? 0 : Number(flags.wait);
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait ${flags.wait}: seconds ≥ 0`);
  return { parallel, wait };
}

/** Prints what blocks and throws: a file that is not a config is a usage error (2), the rest exit 1. */
function refuse(blockers: Blocker[], env: OperationEnv, io: Io): never {
  const unusable = blockers.find((b) => b.code === 'config-unreadable' || b.code === 'not-a-config');
  if (unusable) throw new UsageError(unusable.message);
  const ws = env.workspace();
  io.err(
    formatBlockers(blockers, (file) => {
      const r = ws.read(file);
      return r.ok ? r.text : undefined;
    }),
  );
  const checks = blockers.filter((b) => b.stage === 'check').length;
  if (checks) throw new PlanError(`${checks} error(s) in the config: fix them first (lxdops check)`);
  throw new PlanError(`${blockers.length} problem(s) found before anything was changed: nothing was changed`);
}

/** The terminal confirmation of what is deleted or overwritten; false when the user says no. */
async function confirmed(prepared: Prepared, flags: EngineFlags, io: Io): Promise<boolean> {
  if (!needsConfirmation(prepared) || flags.yes) return true;
  for (const p of prepared.plans) io.out(formatPlan(p.plan));
  const items = confirmationItems(prepared);
  const lines = items.flatMap((i) => i.destructive.map((d) => `  ${i.instance}: ${d}`));
  const kept = items.flatMap((i) => i.kept.map((k) => `  ${i.instance}: ${k}`));
  const question = [
    ...(lines.length ? [`This deletes or overwrites:\n${lines.join('\n')}`] : []),
    ...(kept.length ? [`This replaces the container and keeps:\n${kept.join('\n')}`] : []),
    'Proceed?',
  ].join('\n');
  if (!io.confirm)
    throw new PlanError(`${question.replace(/\nProceed\?$/, '')}\nre-run with --yes to proceed`);
  if (await io.confirm(question)) return true;
  io.err('cancelled: nothing was changed\n');
  return false;
}

/**
 * Reports each instance's outcome of a multi-instance run; rethrows the first failure as before
 * (a LockBusyError: exit 2). A run cancelled by a signal ends with its status (130, 143).
 */
function report(outcomes: InstanceOutcome[], io: Io, stoppedBy: number | undefined): number {
  // a reverted rebuild is said even alone: its exit status is 1 like a failure, but the instance is back
  for (const o of outcomes.filter(
    (x) => x.status !== 'done' && (outcomes.length > 1 || x.status === 'reverted'),
  ))
    io.err(`${o.instance}: ${o.status}\n`);
  const failed = outcomes.find((o) => o.status === 'failed' || o.status === 'reverted');
  if (failed) throw failed.error ?? new PlanError(failed.message ?? `${failed.instance} failed`);
  const cancelled = outcomes.find((o) => o.status === 'cancelled');
  if (cancelled) io.err(`lxdops: ${cancelled.instance}: ${cancelled.message ?? 'cancelled'}\n`);
  return cancelled ? (stoppedBy ?? 1) : 0;
}

/** The doors; when there is no socket, doors that refuse, so the check still reports its errors first. */
function doorsOrUnreachable(flags: HostFlags): OpenDoors {
  try {
    return openDoorsFor(flags);
  } catch (e) {
    if (e instanceof LxdError) return unreachableDoors(e);
    throw e;
  }
}

function environment(doors: OpenDoors, locks: FileLockStore, host: string | undefined): OperationEnv {
  return {
    workspace: () => new ConfigWorkspace(new DiskFileSystem()),
    doors,
    probeRemote: (url) => probeRemote(url),
    locks,
    ...(host ? { host } : {}),
  };
}

/**
 * `lxdops COMMAND CONFIG...`: prepare (check, pre-flight, plan: read-only), print the plans with
 * --dry-run, confirm destructive steps (--yes, or a prompt on a terminal), then run with progress.
 */
export async function runEngineCommand(
  command: OperationCommandName,
  configs: string[],
  flags: EngineFlags,
  options: CommandOptions,
  io: Io,
): Promise<number> {
  if (flags.name !== undefined && configs.length !== 1)
    throw new UsageError('--name can be used with only one config file');
  const { parallel, wait } = numberFlags(flags);
  const check = checkOptionsFrom(flags, new ConfigWorkspace(new DiskFileSystem())).options;
  const doors = doorsOrUnreachable(flags);
  const locks = new FileLockStore();
  try {
    const env = environment(doors, locks, flags.host);
    const request = {
      command,
      roots: configs.map((c) => resolve(c)),
      options: {
        ...options,
        waitNetwork: flags.waitNetwork ?? false,
        waitBeforeStop: wait,
        waitLock: flags.waitLock ?? false,
      },
      check,
    };
    const result = await prepare(request, env);
    if (!result.ok) refuse(result.blockers, env, io);
    const { prepared } = result;
    for (const n of prepared.notes) io.err(`note: ${n}\n`);
    if (flags.dryRun) {
      for (const p of prepared.plans) io.out(formatPlan(p.plan));
      io.out('dry run: nothing was changed\n');
      return 0;
    }
    if (!(await confirmed(prepared, flags, io))) return 1;
    for (const p of prepared.plans) for (const n of p.plan.notes) io.err(`${p.plan.instance}: note: ${n}\n`);
    const multi = prepared.plans.length > 1;
    const stop = stopOnSignals(() => locks.releaseHeld(), io.err);
    const outcomes = await run(prepared, env, {
      parallel,
      signal: stop.signal,
      onEvent: progress(io, multi),
      onLog: (line) => io.err(`${line}\n`),
      ...(io.confirm && multi
        ? {
            continueAfterFailure: (f, rest) =>
              io.confirm!(`${f.instance} failed. Go on with ${rest.join(', ')}?`),
          }
        : {}),
    }).finally(() => stop.dispose());
    return report(outcomes, io, stop.status());
  } finally {
    await doors.close();
  }
}

/** Turns engine failures into a message and exit status 1; other errors go on. */
export function engineFailure(e: unknown): string | undefined {
  if (
    e instanceof StepFailedError ||
    e instanceof PlanError ||
    e instanceof SpecError ||
    e instanceof LxdError ||
    e instanceof ZfsError
  )
    return e.message;
  if (e && typeof e === 'object' && 'name' in e && (e as Error).name === 'CloudConfigError')
    return (e as Error).message;
  return undefined;
}
