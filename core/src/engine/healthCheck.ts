import { InstanceStateSchema } from '../lxd/records/instanceState';
import type { LxdApi } from './doors';
import { exec, ipv4Of } from './executor';

/** What a health step checks on the rebuilt container (safe rebuild, issue 11 §4). */
export interface HealthCheck {
  instance: string;
  project: string;
  /** Wait for a global IPv4 address too: the old container had one when the rebuild was planned. */
  ipv4: boolean;
  /** Run inside as `sh -c COMMAND`; exit 0 is healthy. */
  command?: string;
  /** Everything above must hold within this many seconds. */
  timeoutSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One look: undefined when healthy, else what is wrong now. */
async function problemNow(lxd: LxdApi, check: HealthCheck, remainingMs: number): Promise<string | undefined> {
  const state = await lxd.call(
    {
      method: 'GET',
      path: `/1.0/instances/${encodeURIComponent(check.instance)}/state`,
      project: check.project,
    },
    InstanceStateSchema,
  );
  if (state.status !== 'Running') return `${check.instance} is not running (${state.status})`;
  if (check.ipv4 && !ipv4Of(state).length)
    return `${check.instance} has no IPv4 address (the old container had one)`;
  if (check.command === undefined) return undefined;
  // a command that hangs must not hold the rebuild past the timeout: its answer is not awaited then
  const ran = exec(lxd, check.instance, check.project, ['sh', '-c', check.command]);
  const late = sleep(Math.max(remainingMs, 1)).then(() => undefined);
  const r = await Promise.race([ran, late]);
  if (!r) return `the health command did not finish in time`;
  if (r.exitCode === 0) return undefined;
  const said = `${r.stdout}${r.stderr}`.trim().slice(-300);
  return `the health command exited with ${r.exitCode}${said ? `: ${said}` : ''}`;
}

/**
 * Runs a health step: the container runs, has an IPv4 address when asked, and the command exits
 * 0, all within the timeout. Looked at again (every `pollMs`, the command every second) until
 * then, since services take a moment after start; throws with the last problem seen.
 */
export async function runHealthCheck(lxd: LxdApi, check: HealthCheck, pollMs: number): Promise<void> {
  const deadline = Date.now() + check.timeoutSeconds * 1000;
  let problem: string | undefined = 'not checked';
  while (Date.now() < deadline) {
    problem = await problemNow(lxd, check, deadline - Date.now());
    if (problem === undefined) return;
    await sleep(check.command !== undefined && problem.startsWith('the health') ? 1000 : pollMs);
  }
  throw new Error(`health check failed after ${check.timeoutSeconds} s: ${problem}`);
}
