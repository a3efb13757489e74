import { z } from 'zod';
import { listOf, StringMap } from './common';

/** A project as `GET /1.0/projects?recursion=1` lists it (lxd-api §1.4). */
export const ProjectSchema = z.looseObject({
  name: z.string(),
  config: StringMap,
  description: z.string().optional(),
  used_by: listOf(z.string()),
});
export type ProjectRecord = z.output<typeof ProjectSchema>;

export const ProjectListSchema = z.array(ProjectSchema);
