import type { ProgressEvent } from '../engine/executor';
import type { InstanceOutcome } from '../operations/types';
import type { FleetCloneStatus } from './upgradeTypes';
import type { CloneProgress, CloneResult } from './upgradeTypes';

/** A clone's live status from an event of its rebuild (undefined: nothing to show). */
export function progressOf(host: string, instance: string, e: ProgressEvent): CloneProgress | undefined {
  if (e.type !== 'step') return undefined;
  // the safe rebuild's health check is a step of its own kind
  const health = (e.step.kind as string) === 'health';
  return {
    instance,
    host,
    status: health ? 'health-check' : 'running',
    step: e.index + 1,
    steps: e.total,
    message: e.step.description,
  };
}

/** What a clone's rebuild outcome means for the fleet: reverted is its own status. */
export function statusOf(outcome: InstanceOutcome): FleetCloneStatus {
  const status = outcome.status as string;
  if (status === 'done' || status === 'reverted' || status === 'failed') return status;
  return status === 'cancelled' ? 'failed' : 'skipped';
}

export function resultOf(host: string, outcome: InstanceOutcome): CloneResult {
  return {
    instance: outcome.instance,
    host,
    status: statusOf(outcome),
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(outcome.seconds !== undefined ? { seconds: outcome.seconds } : {}),
  };
}

/** The counts of the summary. */
export function summaryOf(
  results: readonly CloneResult[],
): Record<'done' | 'reverted' | 'failed' | 'skipped', number> {
  const summary = { done: 0, reverted: 0, failed: 0, skipped: 0 };
  for (const r of results)
    if (r.status === 'done' || r.status === 'reverted' || r.status === 'failed' || r.status === 'skipped')
      summary[r.status]++;
  return summary;
}
