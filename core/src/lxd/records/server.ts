import { z } from 'zod';
import { listOf } from './common';

/** `GET /1.0` (lxd-api §1.3): the server and its features. Incus answers the same shape. */
export const ServerSchema = z.looseObject({
  api_extensions: listOf(z.string()),
  api_version: z.string().optional(),
  auth: z.string().optional(),
  environment: z
    .looseObject({
      server: z.string().optional(),
      server_version: z.string().optional(),
      server_name: z.string().optional(),
      project: z.string().optional(),
    })
    .nullish()
    .transform((value) => value ?? {}),
});
export type ServerRecord = z.output<typeof ServerSchema>;
