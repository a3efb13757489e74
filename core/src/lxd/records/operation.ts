import * as z from 'zod/mini';
import { stringOr } from './common';

/** An LXD operation (reference lxd-api §1.2): only what waiting on it needs is required. */
export const OperationSchema = z.looseObject({
  id: z.optional(z.string()),
  class: z.optional(z.string()),
  status: z.string(),
  status_code: z.number(),
  err: stringOr(''),
  metadata: z.nullish(z.record(z.string(), z.unknown())),
  resources: z.nullish(z.record(z.string(), z.nullable(z.array(z.string())))),
});
export type OperationRecord = z.output<typeof OperationSchema>;

/** A finished exec operation with recorded output (lxd-api §1.9): the exit code and the log URLs. */
export const ExecOperationSchema = z.extend(OperationSchema, {
  metadata: z.looseObject({
    return: z.number(),
    output: z.nullish(z.record(z.string(), z.string())),
  }),
});
export type ExecOperationRecord = z.output<typeof ExecOperationSchema>;
