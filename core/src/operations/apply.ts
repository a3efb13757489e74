import { prepare } from './prepare';
import { run } from './run';
import type { ApplyResult, OperationEnv, Prepared, RunCallbacks } from './types';

/** The steps as data, for comparison (descriptions included: they are what the user saw). */
const stepsOf = (prepared: Prepared) => JSON.stringify(prepared.plans.map((p) => p.plan.steps));

/** True when two preparations of the same request would run exactly the same steps. */
export function samePlans(a: Prepared, b: Prepared): boolean {
  return stepsOf(a) === stepsOf(b);
}

/**
 * Applies a plan prepared earlier: prepares the same request again (the configs, LXD and ZFS as
 * they are now) and runs only when the steps are the ones the user saw; otherwise nothing runs
 * and the new preparation is returned for the user to look at.
 */
export async function apply(
  prepared: Prepared,
  env: OperationEnv,
  callbacks: RunCallbacks = {},
): Promise<ApplyResult> {
  const again = await prepare(prepared.request, env);
  if (!again.ok) return { kind: 'blocked', blockers: again.blockers };
  if (!samePlans(prepared, again.prepared)) return { kind: 'replanned', prepared: again.prepared };
  return { kind: 'ran', outcomes: await run(again.prepared, env, callbacks) };
}
