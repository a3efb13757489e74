import type { HostResult } from '../engine/doors';
import type { HostCommand } from '../engine/plan';

const BUSY = /dataset is busy|pool or dataset is busy/i;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface RetryOptions {
  busyRetries?: number;
  busyDelayMs?: number;
}

/**
 * Runs `attempt` as the command asks, whatever carries it (this machine or SSH): again after
 * "dataset is busy" when `retryBusy`, and every 100 ms up to `until` times for a check.
 */
export async function runRetrying(
  command: HostCommand,
  options: RetryOptions,
  attempt: () => Promise<HostResult>,
): Promise<HostResult> {
  const retries = command.retryBusy ? (options.busyRetries ?? 10) : 0;
  for (let tries = 0; ; tries++) {
    const result = await attempt();
    if (result.exitCode !== 0 && tries < retries && BUSY.test(result.stderr)) {
      await sleep(options.busyDelayMs ?? 1000);
      continue;
    }
    if (result.exitCode !== 0 && command.until !== undefined && tries < command.until) {
      await sleep(100);
      continue;
    }
    return result;
  }
}
