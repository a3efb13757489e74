import * as z from 'zod/mini';
import { listOf, StringMap } from './common';

/** An image as `GET /1.0/images?recursion=1` lists it (lxd-api §1.11). */
export const ImageSchema = z.looseObject({
  fingerprint: z.string(),
  aliases: listOf(z.looseObject({ name: z.string(), description: z.optional(z.string()) })),
  properties: StringMap,
  type: z.optional(z.string()),
  architecture: z.optional(z.string()),
  size: z.optional(z.number()),
});
export type ImageRecord = z.output<typeof ImageSchema>;

export const ImageListSchema = z.array(ImageSchema);

/** `GET /1.0/images/aliases/<name>`: the alias and the fingerprint it points to. */
export const ImageAliasSchema = z.looseObject({
  name: z.string(),
  target: z.string(),
  type: z.optional(z.string()),
  description: z.optional(z.string()),
});
export type ImageAliasRecord = z.output<typeof ImageAliasSchema>;
