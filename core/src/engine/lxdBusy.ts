import type { LxdRequest } from '../lxd/lxdClient';
import { LxdError } from '../lxd/lxdError';
import { UnusedAnswer } from '../lxd/records/envelope';
import type { LxdApi } from './doors';

/** LXD and Incus refuse a change while another operation holds the instance (`Instance is busy running a "stop" operation`). */
const BUSY = /instance is busy running/i;

/**
 * A step's request, retried while the instance is busy with another operation: a run again after
 * a `kill -9` finds the killed run's operation (a stop, a rename) still going on in the daemon,
 * which finishes it on its own within its timeout (30 s for a stop).
 */
export async function callRetryingBusy(
  lxd: LxdApi,
  request: LxdRequest,
  o: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (o.timeoutMs ?? 40_000);
  for (;;) {
    try {
      await lxd.call(request, UnusedAnswer);
      return;
    } catch (e) {
      if (!(e instanceof LxdError) || !BUSY.test(e.message) || Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
  }
}
