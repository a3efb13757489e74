import type { FleetCloneStatus, FleetEvent } from '../../../core/src/protocol';

/** What a clone is doing during a fleet upgrade, from the last event about it. */
export interface LiveClone {
  status: FleetCloneStatus;
  step?: number;
  steps?: number;
  message?: string;
}

/** The key of a clone in the live map: its host and instance. */
export function liveKey(host: string, instance: string): string {
  return `${host}/${instance}`;
}

export function liveOf(e: FleetEvent): LiveClone {
  return {
    status: e.status,
    ...(e.step !== undefined ? { step: e.step } : {}),
    ...(e.steps !== undefined ? { steps: e.steps } : {}),
    ...(e.message ? { message: e.message } : {}),
  };
}

/** The clone node's description while an upgrade runs: `queued`, `step 3/9: …`, `health check`, ... */
export function liveText(live: LiveClone): string {
  switch (live.status) {
    case 'running': {
      const at = live.step !== undefined && live.steps ? `step ${live.step}/${live.steps}` : 'running';
      return live.message ? `${at}: ${live.message}` : at;
    }
    case 'health-check':
      return 'health check';
    case 'failed':
    case 'reverted':
      return live.message ? `${live.status}: ${live.message}` : live.status;
    default:
      return live.status;
  }
}

export type UpgradeCounts = Record<FleetCloneStatus, number>;

/** How many clones are in each status now. */
export function upgradeCounts(live: Iterable<LiveClone>): UpgradeCounts {
  const counts: UpgradeCounts = {
    queued: 0,
    running: 0,
    'health-check': 0,
    done: 0,
    reverted: 0,
    failed: 0,
    skipped: 0,
  };
  for (const l of live) counts[l.status]++;
  return counts;
}

/** The progress notification's message: `2/5 finished · 2 running · 1 queued · 1 failed`. */
export function countsText(counts: UpgradeCounts, total: number): string {
  const finished = counts.done + counts.reverted + counts.failed + counts.skipped;
  const parts = [
    `${finished}/${total} finished`,
    counts.running + counts['health-check'] ? `${counts.running + counts['health-check']} running` : '',
    counts.queued ? `${counts.queued} queued` : '',
    counts.reverted ? `${counts.reverted} reverted` : '',
    counts.failed ? `${counts.failed} failed` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}
