import * as z from 'zod/mini';

/** LXD's response envelope (reference lxd-api §1.1): sync, async (with an operation URL) or error. */
export const EnvelopeSchema = z.looseObject({
  type: z.enum(['sync', 'async', 'error']),
  status_code: z.optional(z.number()),
  error_code: z.optional(z.number()),
  error: z.optional(z.string()),
  operation: z.optional(z.string()),
  metadata: z.optional(z.unknown()),
});
export type Envelope = z.output<typeof EnvelopeSchema>;

/** The part of an error answer we read (also the body of a failed files-API request). */
export const ErrorBodySchema = z.looseObject({
  error: z.optional(z.string()),
  error_code: z.optional(z.number()),
});

/** For requests whose answer is not used (a PATCH, a DELETE): anything is accepted. */
export const UnusedAnswer = z.unknown();
