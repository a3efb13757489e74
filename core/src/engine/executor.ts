import { LxdError } from '../lxd/lxdError';
import { ErrorBodySchema } from '../lxd/records/envelope';
import { InstanceStateSchema, type InstanceStateRecord } from '../lxd/records/instanceState';
import { ExecOperationSchema } from '../lxd/records/operation';
import { LxdRecordError } from '../lxd/records/parseRecord';
import type { HostRunner, LxdApi } from './doors';
import { entriesByPath, guardProblem, type PathGuard } from './hostPaths';
import { runHealthCheck } from './healthCheck';
import { runHostCommand } from './zfsCreateRace';
import { callRetryingBusy } from './lxdBusy';
import { displayArgv, type Plan, type Step } from './plan';
import { conditionsHold } from './stepConditions';

export type ProgressEvent =
  | { type: 'start'; plan: Plan }
  | { type: 'step'; index: number; total: number; step: Step }
  | { type: 'output'; index: number; text: string }
  | { type: 'done'; index: number; ms: number }
  | { type: 'failed'; index: number; step: Step; message: string }
  /** A step skipped because its conditions do not hold (`when`). */
  | { type: 'skipped'; index: number; step: Step }
  /** A step of the plan's revert, after step `failed` failed. */
  | { type: 'revert'; index: number; total: number; step: Step; failed: number }
  | { type: 'finished'; plan: Plan; ms: number };

/** The first step that failed: where, what it did, and why. Later steps did not run. */
/** The start of `text`, at most `max` characters, with … where it was cut. */
function clipEnd(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The end of `text`, at most `max` characters, with … where it was cut (errors are said last). */
function clipStart(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(-(max - 1))}`;
}

export class StepFailedError extends Error {
  override readonly name: string = 'StepFailedError';
  constructor(
    readonly plan: Plan,
    readonly index: number,
    readonly step: Step,
    readonly reason: string,
  ) {
    super(
      `${plan.command} ${plan.instance}: step ${index + 1} of ${plan.steps.length} failed (${step.description}): ${reason}. Steps before it are done; run the same command again to continue.`,
    );
  }
}

/**
 * A safe rebuild that failed at `index` and was reverted: its revert steps all ran, the old
 * container is back under its name. `reason` is the failure's.
 */
export class RevertedError extends StepFailedError {
  override readonly name: string = 'RevertedError';
  override readonly message: string;
  constructor(plan: Plan, index: number, step: Step, reason: string) {
    super(plan, index, step, reason);
    this.message = `${plan.command} ${plan.instance}: step ${index + 1} of ${plan.steps.length} failed (${step.description}): ${reason}. Reverted: the old container runs again under its name as before, its data rolled back to the safety snapshot.`;
  }
}

export interface ExecuteOptions {
  onEvent?: (e: ProgressEvent) => void;
  /** Checked between steps: a cancelled plan stops before its next step. */
  signal?: AbortSignal;
  /** Poll interval of waits, in ms. */
  pollMs?: number;
}

const CANCELLED = 'cancelled before this step';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = encodeURIComponent;

/** Runs a plan's steps in order through the two doors, reporting progress; stops at the first failure. */
export async function execute(
  plan: Plan,
  doors: { lxd: LxdApi; host: HostRunner },
  options: ExecuteOptions = {},
): Promise<void> {
  const emit = options.onEvent ?? (() => undefined);
  const started = Date.now();
  emit({ type: 'start', plan });
  for (let i = 0; i < plan.steps.length; i++) {
    if (options.signal?.aborted) {
      // a safe rebuild past its point of no return is brought back, not left half-done
      if (reverts(plan, i)) await revert(plan, i, CANCELLED, doors, options);
      throw new StepFailedError(plan, i, plan.steps[i]!, CANCELLED);
    }
    const step = plan.steps[i]!;
    emit({ type: 'step', index: i, total: plan.steps.length, step });
    const t = Date.now();
    try {
      await runIfDue(step, doors, options.pollMs ?? 100, {
        output: (text) => emit({ type: 'output', index: i, text }),
        skipped: () => emit({ type: 'skipped', index: i, step }),
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      emit({ type: 'failed', index: i, step, message: reason });
      if (reverts(plan, i)) await revert(plan, i, reason, doors, options);
      throw new StepFailedError(plan, i, step, reason);
    }
    emit({ type: 'done', index: i, ms: Date.now() - t });
  }
  emit({ type: 'finished', plan, ms: Date.now() - started });
}

/** Whether a failure of step `i` reverts the plan. */
const reverts = (plan: Plan, i: number) => !!plan.revert && i >= plan.revert.from && i <= plan.revert.until;

/** A step whose conditions hold (or that has none) runs; the others are reported skipped. */
async function runIfDue(
  step: Step,
  doors: { lxd: LxdApi; host: HostRunner },
  pollMs: number,
  report: { output: (s: string) => void; skipped: () => void },
): Promise<void> {
  if (!(await conditionsHold(step.when, doors))) return report.skipped();
  try {
    await runStep(step, doors, report.output, pollMs);
  } catch (e) {
    if (!step.fallback) throw e;
    report.output(
      `${step.description} failed (${e instanceof Error ? e.message : String(e)}): ${step.fallback.description}`,
    );
    await runIfDue(step.fallback, doors, pollMs, report);
  }
}

/**
 * The plan's revert after step `failed` failed: every revert step in order (each under its
 * conditions, so it fits whatever point was reached), then RevertedError. A revert step that
 * fails stops it: running the same command again finishes the job (it looks at what is left).
 */
async function revert(
  plan: Plan,
  failed: number,
  reason: string,
  doors: { lxd: LxdApi; host: HostRunner },
  options: ExecuteOptions,
): Promise<never> {
  const emit = options.onEvent ?? (() => undefined);
  const list = plan.revert!.steps;
  for (const [index, step] of list.entries()) {
    emit({ type: 'revert', index, total: list.length, step, failed });
    try {
      await runIfDue(step, doors, options.pollMs ?? 100, {
        output: (text) => emit({ type: 'output', index: failed, text }),
        skipped: () => undefined,
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const said = `${reason}; then its revert failed at step ${index + 1} of ${list.length} (${step.description}): ${why}`;
      throw new StepFailedError(plan, failed, plan.steps[failed]!, said);
    }
  }
  throw new RevertedError(plan, failed, plan.steps[failed]!, reason);
}

async function runStep(
  step: Step,
  doors: { lxd: LxdApi; host: HostRunner },
  output: (s: string) => void,
  pollMs: number,
): Promise<void> {
  switch (step.kind) {
    case 'host': {
      await checkGuards(doors.host, step.guards ?? []);
      const r = await runHostCommand(doors.host, step.command);
      if (r.stdout.trim()) output(r.stdout);
      if (r.exitCode !== 0)
        throw new Error(
          `${displayArgv(step.command.argv)} exited with ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`,
        );
      return;
    }
    case 'lxd':
      try {
        await callRetryingBusy(doors.lxd, step.request, { pollMs });
      } catch (e) {
        if (e instanceof LxdError && step.accept?.includes(e.status)) return;
        throw e;
      }
      return;
    case 'exec': {
      const r = await exec(doors.lxd, step.instance, step.project, step.command);
      if (!step.secret && (r.stdout.trim() || r.stderr.trim())) output(`${r.stdout}${r.stderr}`);
      if (r.exitCode !== 0) {
        const shown = step.secret ? step.description : clipEnd(displayArgv(step.command), 200);
        const said = step.secret ? '' : clipStart(r.stderr.trim(), 500);
        throw new Error(`${shown} exited with ${r.exitCode}${said ? `: ${said}` : ''}`);
      }
      return;
    }
    case 'push-file':
      await pushFile(doors.lxd, step.instance, step.project, step.path, step.content, step.mode, step.append);
      return;
    case 'wait':
      await waitFor(doors.lxd, step.instance, step.project, step.until, step.timeoutSeconds, pollMs);
      return;
    case 'sleep':
      await sleep(step.seconds * 1000);
      return;
    case 'health':
      await runHealthCheck(doors.lxd, step, pollMs);
      return;
  }
}

/**
 * The guards of a host step, looked at again right before it runs: the container may have made a
 * link since the plan was made. A problem stops the step before its command.
 */
async function checkGuards(host: HostRunner, guards: readonly PathGuard[]): Promise<void> {
  for (const guard of guards) {
    const seen = entriesByPath(await host.inspect(guard.path));
    const problem = guardProblem(guard, (c) => seen.get(c));
    if (problem) throw new Error(`${problem.message}; the command was not run`);
  }
}

/** Runs a command in the container (no websocket: recorded output), returns its status and output. */
export async function exec(
  lxd: LxdApi,
  instance: string,
  project: string,
  command: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const op = await lxd.call(
    {
      method: 'POST',
      path: `/1.0/instances/${q(instance)}/exec`,
      project,
      body: {
        command,
        environment: {},
        interactive: false,
        'wait-for-websocket': false,
        'record-output': true,
      },
    },
    ExecOperationSchema,
  );
  const read = async (url: string | undefined) => {
    if (!url) return '';
    const r = await lxd.raw({ method: 'GET', path: url, project });
    // removing the log is housekeeping: LXD expires it anyway after ~48 h, so a failure is harmless
    void lxd.raw({ method: 'DELETE', path: url, project }).catch(() => undefined);
    return r.status === 200 ? r.body.toString('utf8') : '';
  };
  const output = op.metadata.output ?? {};
  const [stdout, stderr] = await Promise.all([read(output['1']), read(output['2'])]);
  return { exitCode: op.metadata.return, stdout, stderr };
}

/** Writes a file through the files API (LXD and Incus headers; the mode as a zero-padded octal). */
export async function pushFile(
  lxd: LxdApi,
  instance: string,
  project: string,
  path: string,
  content: string,
  mode: number,
  append: boolean,
): Promise<void> {
  const m = `0${(mode & 0o7777).toString(8)}`;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  for (const p of ['x-lxd', 'x-incus']) {
    headers[`${p}-uid`] = '0';
    headers[`${p}-gid`] = '0';
    headers[`${p}-mode`] = m;
    headers[`${p}-type`] = 'file';
    headers[`${p}-write`] = append ? 'append' : 'overwrite';
  }
  const r = await lxd.raw({
    method: 'POST',
    path: `/1.0/instances/${q(instance)}/files?path=${q(path)}`,
    project,
    raw: Buffer.from(content, 'utf8'),
    headers,
  });
  if (r.status >= 300) throw new Error(`writing ${path}: ${errorMessageOf(r.body) ?? `HTTP ${r.status}`}`);
}

/** LXD's message in an error body, when the body is an error envelope (it may be anything else). */
function errorMessageOf(body: Buffer): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined; // not JSON: the caller falls back to the HTTP status
  }
  const parsed = ErrorBodySchema.safeParse(json);
  return (parsed.success && parsed.data.error) || undefined;
}

/** The container's global IPv4 addresses. */
export function ipv4Of(state: Pick<InstanceStateRecord, 'network'>): string[] {
  return Object.entries(state.network)
    .filter(([name]) => name !== 'lo')
    .flatMap(([, n]) =>
      n.addresses.filter((a) => a.family === 'inet' && a.scope === 'global').map((a) => a.address),
    );
}

function instanceState(lxd: LxdApi, instance: string, project: string): Promise<InstanceStateRecord> {
  return lxd.call(
    { method: 'GET', path: `/1.0/instances/${q(instance)}/state`, project },
    InstanceStateSchema,
  );
}

async function waitFor(
  lxd: LxdApi,
  instance: string,
  project: string,
  until: 'running' | 'ipv4',
  timeoutSeconds: number,
  pollMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    if (until === 'running') {
      // a command that runs is the proof; the state is read only to explain a failure
      try {
        if ((await exec(lxd, instance, project, ['true'])).exitCode === 0) return;
      } catch (e) {
        // not running yet, or not ready for commands; an answer of the wrong shape will not improve
        if (e instanceof LxdRecordError) throw e;
      }
      last = (await instanceState(lxd, instance, project)).status;
    } else {
      const s = await instanceState(lxd, instance, project);
      last = s.status;
      if (s.status === 'Running' && ipv4Of(s).length) return;
    }
    await sleep(pollMs);
  }
  throw new Error(
    until === 'ipv4'
      ? `no IPv4 address after ${timeoutSeconds} s: the container needs a network (a NIC on a bridge with DHCP) to install packages; check its profiles`
      : `${instance} did not start within ${timeoutSeconds} s (state: ${last || 'unknown'})`,
  );
}
