import { z } from 'zod';

/** LXD's response envelope (reference lxd-api §1.1): sync, async (with an operation URL) or error. */
export const EnvelopeSchema = z.looseObject({
  type: z.enum(['sync', 'async', 'error']),
  status_code: z.number().optional(),
  error_code: z.number().optional(),
  error: z.string().optional(),
  operation: z.string().optional(),
  metadata: z.unknown().optional(),
});
export type Envelope = z.output<typeof EnvelopeSchema>;

/** The part of an error answer we read (also the body of a failed files-API request). */
export const ErrorBodySchema = z.looseObject({
  error: z.string().optional(),
  error_code: z.number().optional(),
});

/** For requests whose answer is not used (a PATCH, a DELETE): anything is accepted. */
export const UnusedAnswer = z.unknown();
