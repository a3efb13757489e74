import type { BlockerCode } from '../diagnostics/codes';

/** A plan that cannot be made: the config or the observed state forbids it. Nothing has run. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  /** `code`: the blocker code it is reported with (plan-refused unless a more precise one fits). */
  constructor(
    message: string,
    readonly code: BlockerCode = 'plan-refused',
  ) {
    super(message);
  }
}
