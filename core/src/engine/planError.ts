/** A plan that cannot be made: the config or the observed state forbids it. Nothing has run. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
}
