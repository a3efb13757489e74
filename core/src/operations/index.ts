// The one operation pipeline: load → check → pre-flight → plan (prepare), confirm (the front end
// asks with confirmationItems), run → record (run), and apply for a plan prepared earlier.
export { apply, samePlans } from './apply';
export { confirmationItems, type ConfirmationItem, needsConfirmation } from './confirm';
export { prepare } from './prepare';
export { run } from './run';
export type * from './types';
