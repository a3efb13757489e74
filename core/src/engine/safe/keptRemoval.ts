import type { Step } from '../plan';
import { steps } from '../steps';
import type { KeptContainer } from './safeObserve';

/**
 * The steps that remove one kept generation: the kept container (stopped first if someone
 * started it) and its safety snapshots, each listed as destructive. `datasets`: those that have
 * the snapshot (as zfs listed them).
 */
export function keptRemovalSteps(kept: KeptContainer, project: string, datasets: readonly string[]): Step[] {
  const out: Step[] = [];
  if (kept.status !== 'Stopped') out.push(steps.state(kept.name, project, 'stop', true));
  out.push({
    ...steps.deleteInstance(kept.name, project),
    description: `delete the kept container ${kept.name} (kept ${kept.time || 'at an unknown time'}, with its root filesystem and LXD snapshots)`,
  });
  for (const d of datasets) {
    const snapshot = `${d}@${kept.safety}`;
    out.push({
      ...steps.zfsDestroy(snapshot, false),
      description: `destroy the safety snapshot ${snapshot}`,
      when: [{ kind: 'snapshot', name: snapshot, exists: true }],
    });
  }
  return out;
}
