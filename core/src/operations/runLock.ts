import { acquireLocks, LockBusyError, lockKeys } from './instanceLock';
import { prepare } from './prepare';
import type { InstanceOutcome, OperationEnv, Prepared, PreparedPlan, RunCallbacks } from './types';

export type RunLock = { ok: true; release: () => Promise<void> } | { ok: false; outcome: InstanceOutcome };

const stepsOf = (p: PreparedPlan) => JSON.stringify(p.plan.steps);

/**
 * After a wait for the lock, the plan was made before the other operation changed LXD or ZFS:
 * the root is prepared again, and only the same steps may run. Returns why not, or undefined.
 */
async function changedMeanwhile(prepared: Prepared, p: PreparedPlan, env: OperationEnv) {
  const again = await prepare({ ...prepared.request, roots: [p.plan.config] }, env);
  if (!again.ok) return again.blockers.map((b) => b.message).join('; ');
  const fresh = again.prepared.plans.find((q) => q.plan.instance === p.plan.instance);
  if (fresh && stepsOf(fresh) === stepsOf(p)) return undefined;
  return 'LXD or ZFS changed while it waited for the lock: nothing was run; run the command again to see the new plan';
}

/**
 * The lock of the instances one plan changes (a rename's new name as well), taken for its run:
 * at once, or after a wait with `waitLock` (then the plan is checked again). Without a lock
 * store in the env, no lock is taken.
 */
export async function lockForRun(
  prepared: Prepared,
  p: PreparedPlan,
  env: OperationEnv,
  callbacks: RunCallbacks,
): Promise<RunLock> {
  const { plan } = p;
  if (!env.locks) return { ok: true, release: () => Promise.resolve() };
  const base = { instance: plan.instance, config: plan.config };
  const lock = await acquireLocks(
    env.locks,
    lockKeys(plan, prepared.request.options, env.host),
    { command: plan.command, instance: plan.instance },
    {
      wait: prepared.request.options.waitLock ?? false,
      ...(callbacks.signal ? { signal: callbacks.signal } : {}),
      ...(env.sleep ? { sleep: env.sleep } : {}),
      ...(env.now ? { now: env.now } : {}),
      onWait: (line) => callbacks.onLog?.(`${plan.instance}: ${line}`),
    },
  );
  if (!lock.ok) {
    const status = lock.cancelled ? 'cancelled' : 'failed';
    const error = new LockBusyError(lock.message);
    return { ok: false, outcome: { ...base, status, code: 'instance-locked', message: lock.message, error } };
  }
  const changed = lock.waited
    ? await changedMeanwhile(prepared, p, env).catch((e: Error) => e.message)
    : undefined;
  if (changed === undefined) return { ok: true, release: lock.release };
  await lock.release();
  return { ok: false, outcome: { ...base, status: 'failed', code: 'plan-refused', message: changed } };
}
