import { createInterface } from 'node:readline/promises';
import { checkFiles, type RootResult } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { DiskFileSystem } from '../fs/diskFileSystem';
import type { Doors, CommandOptions, EngineCommand } from '../engine/engine';
import { planCommand } from '../engine/engine';
import { execute, type ProgressEvent, StepFailedError } from '../engine/executor';
import { SpecError } from '../engine/instanceSpec';
import { destructiveSteps, formatPlan, type Plan } from '../engine/plan';
import { PlanError } from '../engine/planError';
import { ZfsError } from '../engine/zfsList';
import { LocalHostRunner } from '../host/localHostRunner';
import { LxdClient } from '../lxd/lxdClient';
import { LxdError } from '../lxd/lxdError';
import { findSocket } from '../lxd/socketPath';
import { type ConfigFlags, checkOptionsFrom, UsageError } from './cliOptions';
import { loadRoot } from './configCommands';
import { formatText, toCliDiagnostics } from './output';

export interface EngineFlags extends ConfigFlags {
  dryRun?: boolean;
  yes?: boolean;
  socket?: string;
  parallel?: string;
  waitNetwork?: boolean;
  wait?: string;
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

/** Opens the doors to LXD and the host. */
export function openDoors(socket: string | undefined): Doors & { close: () => Promise<void> } {
  const found = findSocket(process.env, socket);
  if (!found.path)
    throw new LxdError(
      `no LXD socket found (tried ${found.tried.join(', ')}): is LXD installed and running? Use --socket PATH or LXD_SOCKET`,
      0,
      'GET',
      '/1.0',
    );
  const lxd = new LxdClient(found.path);
  return { lxd, host: new LocalHostRunner(), close: () => lxd.close() };
}

/** Refuses to run configs with errors: the same check as `lxdops check`, on the configs and what they reach. */
function checkFirst(configs: string[], flags: ConfigFlags, io: Io): void {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const r = checkFiles(configs, ws, checkOptionsFrom(flags, ws).options);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return;
  io.err(
    formatText(
      toCliDiagnostics(errors, (f) => {
        const x = ws.read(f);
        return x.ok ? x.text : undefined;
      }),
    ),
  );
  throw new PlanError(`${errors.length} error(s) in the config: fix them first (lxdops check)`);
}

function progress(io: Io, prefix: string): (e: ProgressEvent) => void {
  return (e) => {
    if (e.type === 'step') io.err(`${prefix}[${e.index + 1}/${e.total}] ${e.step.description}\n`);
    else if (e.type === 'output') io.err(e.text.replace(/^/gm, `${prefix}      `).replace(/\s*$/, '\n'));
    else if (e.type === 'finished')
      io.err(`${prefix}${e.plan.command} ${e.plan.instance}: done in ${(e.ms / 1000).toFixed(1)} s\n`);
  };
}

/** Runs up to `n` tasks at a time; the first failure is thrown once all started tasks have settled. */
async function pool<T>(items: T[], n: number, task: (t: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
      for (let item = queue.shift(); item !== undefined && errors.length === 0; item = queue.shift()) {
        try {
          await task(item);
        } catch (e) {
          errors.push(e);
        }
      }
    }),
  );
  if (errors.length) throw errors[0];
}

/**
 * `lxdops COMMAND CONFIG...`: check, plan every config (reading LXD and ZFS only), print the plans
 * with --dry-run, confirm destructive steps (--yes, or a prompt on a terminal), then execute.
 */
export async function runEngineCommand(
  command: EngineCommand,
  configs: string[],
  flags: EngineFlags,
  options: CommandOptions,
  io: Io,
): Promise<number> {
  if (flags.name !== undefined && configs.length !== 1)
    throw new UsageError('--name can be used with only one config file');
  const parallel = flags.parallel === undefined ? 1 : Number(flags.parallel);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError(`--parallel ${flags.parallel}: a whole number ≥ 1`);
  const wait = flags.wait === undefined ? 0 : Number(flags.wait);
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait ${flags.wait}: seconds ≥ 0`);
  const roots: RootResult[] = configs.map((c) => loadRoot(c, flags));
  const doors = openDoors(flags.socket);
  try {
    checkFirst(
      roots.map((r) => r.root),
      flags,
      io,
    );
    const ws = new ConfigWorkspace(new DiskFileSystem());
    const plans: Plan[] = [];
    for (const r of roots)
      plans.push(
        await planCommand(command, r, ws, doors, {
          ...options,
          waitNetwork: flags.waitNetwork ?? false,
          waitBeforeStop: wait,
        }),
      );
    if (flags.dryRun) {
      for (const p of plans) io.out(formatPlan(p));
      io.out('dry run: nothing was changed\n');
      return 0;
    }
    const destructive = plans.flatMap((p) =>
      destructiveSteps(p).map((s) => `  ${p.instance}: ${s.description}`),
    );
    if (destructive.length && !flags.yes) {
      for (const p of plans) io.out(formatPlan(p));
      const question = `This deletes or overwrites:\n${destructive.join('\n')}\nProceed?`;
      if (!io.confirm)
        throw new PlanError(`${question.replace(/\nProceed\?$/, '')}\nre-run with --yes to proceed`);
      if (!(await io.confirm(question))) {
        io.err('cancelled: nothing was changed\n');
        return 1;
      }
    }
    for (const p of plans) for (const n of p.notes) io.err(`${p.instance}: note: ${n}\n`);
    await pool(plans, parallel, (p) =>
      execute(p, doors, { onEvent: progress(io, plans.length > 1 ? `${p.instance}: ` : '') }),
    );
    return 0;
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
