import * as z from 'zod/mini';
import { listOf, orEmpty } from './common';

/** `GET /1.0` (lxd-api §1.3): the server and its features. Incus answers the same shape. */
export const ServerSchema = z.looseObject({
  api_extensions: listOf(z.string()),
  api_version: z.optional(z.string()),
  auth: z.optional(z.string()),
  environment: orEmpty(
    z.looseObject({
      server: z.optional(z.string()),
      server_version: z.optional(z.string()),
      server_name: z.optional(z.string()),
      server_clustered: z.optional(z.boolean()),
      certificate_fingerprint: z.optional(z.string()),
      project: z.optional(z.string()),
    }),
    () => ({}),
  ),
});
export type ServerRecord = z.output<typeof ServerSchema>;
