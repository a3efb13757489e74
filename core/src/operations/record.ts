import type { LxdApi } from '../engine/doors';
import { RevertedError, type StepFailedError } from '../engine/executor';
import { REBUILD_FAILURE_KEY } from '../engine/recordKeys';
import type { Plan, Step } from '../engine/plan';
import type { LxdRequest } from '../lxd/lxdClient';
import { LxdError } from '../lxd/lxdError';
import { UnusedAnswer } from '../lxd/records/envelope';

/** The commands whose outcome is recorded on the container. */
const RECORDED = new Set(['launch', 'rebuild', 'configure']);

export type RecordedStatus = 'ok' | 'configure-failed' | 'failed';

/** The instance config key that holds the RecordedStatus. */
export const STATUS_KEY = 'user.lxdops.status';

/** How much of the failing output is kept on the instance. */
const TAIL = 400;

/** A failure while configuring (cloud-config commands and files) or anywhere else. */
export function statusOfFailure(step: Step): RecordedStatus {
  return step.kind === 'exec' || step.kind === 'push-file' ? 'configure-failed' : 'failed';
}

/**
 * The PATCH that records what was applied and how it ended, on the instance's config keys
 * (`user.lxdops.status`, `.failed-step`, `.failure`, `.applied`, `.time`). An empty value
 * removes a key: a success clears the failure of an earlier run.
 */
export function recordRequest(plan: Plan, failure: StepFailedError | undefined, now: Date): LxdRequest {
  if (failure instanceof RevertedError) return revertedRecord(plan, failure);
  const config: Record<string, string> = {
    [STATUS_KEY]: failure ? statusOfFailure(failure.step) : 'ok',
    'user.lxdops.applied': `${plan.command} (${plan.steps.length} steps)`,
    'user.lxdops.time': now.toISOString(),
    'user.lxdops.failed-step': failure
      ? `${failure.index + 1}/${plan.steps.length} ${failure.step.description}`
      : '',
    'user.lxdops.failure': failure ? failure.reason.slice(-TAIL) : '',
  };
  return {
    method: 'PATCH',
    path: `/1.0/instances/${encodeURIComponent(plan.container)}`,
    project: plan.project,
    body: { config },
  };
}

/**
 * A reverted rebuild: the container under the name is the old one again, whose own record of its
 * last launch stays true; only why the rebuild was reverted is added (REBUILD_STATE_KEY=reverted
 * was set by the revert's steps).
 */
function revertedRecord(plan: Plan, failure: StepFailedError): LxdRequest {
  const why = `${failure.index + 1}/${plan.steps.length} ${failure.step.description}: ${failure.reason}`;
  return {
    method: 'PATCH',
    path: `/1.0/instances/${encodeURIComponent(plan.container)}`,
    project: plan.project,
    body: { config: { [REBUILD_FAILURE_KEY]: why.slice(-TAIL) } },
  };
}

/**
 * Records the outcome on the container, when the command is one that applies the config and the
 * container exists (a launch that failed before creating it has nowhere to record). Returns why
 * it could not be recorded, or undefined.
 */
export async function recordOutcome(
  lxd: LxdApi,
  plan: Plan,
  failure: StepFailedError | undefined,
  now: Date,
): Promise<string | undefined> {
  if (!RECORDED.has(plan.command)) return undefined;
  try {
    await lxd.call(recordRequest(plan, failure, now), UnusedAnswer);
    return undefined;
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    return `${plan.instance}: the outcome could not be recorded on the container: ${(e as Error).message}`;
  }
}
