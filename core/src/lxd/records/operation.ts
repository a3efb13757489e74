import { z } from 'zod';
import { stringOr } from './common';

/** An LXD operation (reference lxd-api §1.2): only what waiting on it needs is required. */
export const OperationSchema = z.looseObject({
  id: z.string().optional(),
  class: z.string().optional(),
  status: z.string(),
  status_code: z.number(),
  err: stringOr(''),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  resources: z.record(z.string(), z.array(z.string()).nullable()).nullish(),
});
export type OperationRecord = z.output<typeof OperationSchema>;

/** A finished exec operation with recorded output (lxd-api §1.9): the exit code and the log URLs. */
export const ExecOperationSchema = OperationSchema.extend({
  metadata: z.looseObject({
    return: z.number(),
    output: z.record(z.string(), z.string()).nullish(),
  }),
});
export type ExecOperationRecord = z.output<typeof ExecOperationSchema>;
