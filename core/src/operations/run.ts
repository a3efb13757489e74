import { execute, RevertedError, StepFailedError } from '../engine/executor';
import { recordOutcome } from './record';
import { lockForRun } from './runLock';
import type { InstanceOutcome, OperationEnv, Prepared, PreparedPlan, RunCallbacks } from './types';

async function runLocked(
  prepared: PreparedPlan,
  env: OperationEnv,
  callbacks: RunCallbacks,
): Promise<InstanceOutcome> {
  const { plan } = prepared;
  const base = { instance: plan.instance, config: plan.config };
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  let failure: StepFailedError | undefined;
  // on a cluster, the host side runs on the instance's member
  const doors = prepared.runner ? { lxd: env.doors.lxd, host: prepared.runner } : env.doors;
  try {
    await execute(plan, doors, {
      onEvent: (e) => callbacks.onEvent?.(plan, e),
      ...(callbacks.signal ? { signal: callbacks.signal } : {}),
    });
  } catch (e) {
    if (!(e instanceof StepFailedError)) return { ...base, status: 'failed', message: String(e), error: e };
    if (
      callbacks.signal?.aborted &&
      e.reason === 'cancelled before this step' &&
      !(e instanceof RevertedError)
    )
      return { ...base, status: 'cancelled', message: e.message, error: e, seconds: seconds() };
    failure = e;
  }
  const problem = await recordOutcome(env.doors.lxd, plan, failure, (env.now ?? (() => new Date()))());
  if (problem) callbacks.onLog?.(problem);
  if (failure instanceof RevertedError)
    return { ...base, status: 'reverted', message: failure.message, error: failure, seconds: seconds() };
  return failure
    ? { ...base, status: 'failed', message: failure.message, error: failure, seconds: seconds() }
    : { ...base, status: 'done', seconds: seconds() };
}

/** One plan under the lock of its instances: refused (or waited for) while another operation holds it. */
async function runOne(
  prepared: Prepared,
  p: PreparedPlan,
  env: OperationEnv,
  callbacks: RunCallbacks,
): Promise<InstanceOutcome> {
  const lock = await lockForRun(prepared, p, env, callbacks);
  if (!lock.ok) return lock.outcome;
  try {
    return await runLocked(p, env, callbacks);
  } finally {
    await lock
      .release()
      .catch((e: Error) => callbacks.onLog?.(`${p.plan.instance}: lock not released: ${e.message}`));
  }
}

/**
 * run → record: the plans' steps through the executor (events for progress and log), each
 * instance's outcome recorded on it, each instance locked while its plan runs (env.locks). After a failure, the front end is asked whether to go on
 * with the instances not started yet; without an answer (or with no), they are skipped.
 */
export async function run(
  prepared: Prepared,
  env: OperationEnv,
  callbacks: RunCallbacks = {},
): Promise<InstanceOutcome[]> {
  const queue = [...prepared.plans];
  const outcomes = new Map<PreparedPlan, InstanceOutcome>();
  let stopped = false;
  const decide = async (outcome: InstanceOutcome): Promise<void> => {
    if (outcome.status === 'cancelled') stopped = true;
    // a reverted rebuild failed too (its instance is back as it was): the same question
    if ((outcome.status !== 'failed' && outcome.status !== 'reverted') || stopped || !queue.length) return;
    const remaining = queue.map((p) => p.plan.instance);
    stopped = !(await (callbacks.continueAfterFailure?.(outcome, remaining) ?? Promise.resolve(false)));
  };
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (stopped) {
        outcomes.set(next, { instance: next.plan.instance, config: next.plan.config, status: 'skipped' });
        continue;
      }
      const outcome = await runOne(prepared, next, env, callbacks);
      outcomes.set(next, outcome);
      await decide(outcome);
    }
  };
  const width = Math.max(1, Math.min(callbacks.parallel ?? 1, prepared.plans.length));
  await Promise.all(Array.from({ length: width }, worker));
  return prepared.plans.map((p) => outcomes.get(p)!);
}
