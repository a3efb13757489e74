import { LxdError } from '../lxd/lxdError';
import { InstanceSchema } from '../lxd/records/instance';
import type { HostRunner, LxdApi } from './doors';
import { existingDatasets } from './observe';

/**
 * What must hold right before a conditional step runs. The steps of a revert carry them: a
 * rebuild may fail (or be killed) at any step, so each revert step says which state it acts on
 * (the new container still under its temporary name, or already under the instance's) and is
 * skipped otherwise. Read-only checks: one GET or one `zfs list`.
 */
export type StepCondition =
  | {
      kind: 'instance';
      instance: string;
      project: string;
      exists: boolean;
      /** With exists: these config keys have these values. */
      config?: Record<string, string>;
      /** With exists: its status is (or, with `not`, is not) this one. */
      status?: { is: string; not?: boolean };
    }
  | { kind: 'snapshot'; name: string; exists: boolean };

function formatCondition(c: StepCondition): string {
  if (c.kind === 'snapshot') return `${c.name} ${c.exists ? 'exists' : 'does not exist'}`;
  if (!c.exists) return `${c.instance} does not exist`;
  const keys = Object.entries(c.config ?? {}).map(([k, v]) => `${k}=${v}`);
  const status = c.status ? [`${c.status.not ? 'not ' : ''}${c.status.is}`] : [];
  const what = [...keys, ...status];
  return `${c.instance} exists${what.length ? ` (${what.join(', ')})` : ''}`;
}

/** The conditions as the plan listing says them. */
export function formatConditions(list: readonly StepCondition[]): string {
  return list.map(formatCondition).join(' and ');
}

async function instanceHolds(lxd: LxdApi, c: Extract<StepCondition, { kind: 'instance' }>) {
  let found;
  try {
    found = await lxd.call(
      { method: 'GET', path: `/1.0/instances/${encodeURIComponent(c.instance)}`, project: c.project },
      InstanceSchema,
    );
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return !c.exists;
    throw e;
  }
  if (!c.exists) return false;
  const config = Object.entries(c.config ?? {}).every(([k, v]) => (found.config[k] ?? '') === v);
  const status = !c.status || (found.status === c.status.is) !== !!c.status.not;
  return config && status;
}

/** Whether every condition holds now (none: true). */
export async function conditionsHold(
  conditions: readonly StepCondition[] | undefined,
  doors: { lxd: LxdApi; host: HostRunner },
): Promise<boolean> {
  for (const c of conditions ?? []) {
    const holds =
      c.kind === 'instance'
        ? await instanceHolds(doors.lxd, c)
        : (await existingDatasets(doors.host, [c.name])).existing.has(c.name) === c.exists;
    if (!holds) return false;
  }
  return true;
}
