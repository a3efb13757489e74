import { z } from 'zod';
import { listOf, StringMap } from './common';

/** An image as `GET /1.0/images?recursion=1` lists it (lxd-api §1.11). */
export const ImageSchema = z.looseObject({
  fingerprint: z.string(),
  aliases: listOf(z.looseObject({ name: z.string(), description: z.string().optional() })),
  properties: StringMap,
  type: z.string().optional(),
  architecture: z.string().optional(),
  size: z.number().optional(),
});
export type ImageRecord = z.output<typeof ImageSchema>;

export const ImageListSchema = z.array(ImageSchema);

/** `GET /1.0/images/aliases/<name>`: the alias and the fingerprint it points to. */
export const ImageAliasSchema = z.looseObject({
  name: z.string(),
  target: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
});
export type ImageAliasRecord = z.output<typeof ImageAliasSchema>;
