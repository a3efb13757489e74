import { STATUS_KEY } from '../operations/record';
import type { FleetConfig } from './fleetConfig';
import type { FleetInstance } from './fleetInstance';
import { BUILT_FROM_ID_KEY, BUILT_FROM_KEY, REBUILD_STATE_KEY } from '../engine/recordKeys';
import type { CloneState, FleetClone } from './fleetTypes';

type Judged = Pick<FleetClone, 'state' | 'reason' | 'builtFrom'>;

/** What the container records of its template snapshot: the short name when it is of `template`. */
function builtFromOf(i: FleetInstance, template: string): FleetClone['builtFrom'] {
  const recorded = i.config[BUILT_FROM_KEY];
  if (!recorded) return null;
  const short = recorded.startsWith(`${template}/`) ? recorded.slice(template.length + 1) : recorded;
  return { snapshot: short, id: i.config[BUILT_FROM_ID_KEY] ?? '' };
}

const judged = (state: CloneState, reason: string, builtFrom: FleetClone['builtFrom']): Judged => ({
  state,
  reason,
  builtFrom,
});

/** Stale or current: what the clone was built from against what its config names and the template has now. */
function freshness(
  wants: string,
  builtFrom: NonNullable<FleetClone['builtFrom']>,
  template: FleetInstance | undefined,
  templateName: string,
): Judged {
  if (builtFrom.snapshot !== wants)
    return judged('stale', `built from ${builtFrom.snapshot}; its config now names ${wants}`, builtFrom);
  const now = template?.snapshots.find((s) => s.name === wants);
  if (!now) return judged('stale', `${templateName} has no snapshot ${wants} now`, builtFrom);
  if (now.id !== builtFrom.id)
    return judged('stale', `${templateName}/${wants} was taken again (${now.id})`, builtFrom);
  return judged('current', `built from ${templateName}/${wants}`, builtFrom);
}

/**
 * The state of one clone (issue 11 §1): not-created (no container), failed (its last launch or
 * rebuild failed), reverted (a revert brought the old container back), stale (nothing recorded, a
 * safe rebuild not finished, another snapshot than its config names, or that snapshot taken again),
 * else current. A copy of a container without a snapshot, or a clone of device sources only, has
 * nothing to be stale against: current once it exists.
 */
export function cloneState(c: FleetConfig, i: FleetInstance | undefined, template?: FleetInstance): Judged {
  if (!i) return judged('not-created', 'no container', null);
  const templateName = c.origin?.container ?? '';
  const builtFrom = c.origin ? builtFromOf(i, templateName) : null;
  const status = i.config[STATUS_KEY];
  if (status === 'failed' || status === 'configure-failed')
    return judged('failed', i.config['user.lxdops.failed-step'] ?? `last run: ${status}`, builtFrom);
  const rebuild = i.config[REBUILD_STATE_KEY];
  if (rebuild === 'reverted') return judged('reverted', 'its last rebuild was reverted', builtFrom);
  if (rebuild === 'pending') return judged('stale', 'a rebuild of it did not finish', builtFrom);
  const wants = c.origin?.snapshot;
  if (!wants) return judged('current', 'nothing to be stale against (no origin snapshot)', builtFrom);
  if (!builtFrom) return judged('stale', 'no template snapshot recorded on it', null);
  return freshness(wants, builtFrom, template, templateName);
}
