import { InstanceListSchema } from '../../../core/src/lxd/records/instance';
import type { InstancesResult } from '../../../core/src/protocol';
import type { OpenedHost } from './operationDoors';

/** Every instance of a host (all projects), named with project, status and cluster member. Read-only. */
export async function hostInstances(opened: OpenedHost): Promise<InstancesResult> {
  if (!opened.ok) return { instances: [], error: opened.blocker.message };
  const { doors } = opened;
  try {
    const listed = await doors.lxd.call(
      { method: 'GET', path: '/1.0/instances?recursion=1&all-projects=true' },
      InstanceListSchema,
    );
    return {
      instances: listed.map((i) => ({
        name: i.name,
        project: i.project,
        status: i.status,
        ...(i.location && i.location !== 'none' ? { location: i.location } : {}),
      })),
    };
  } catch (e) {
    return { instances: [], error: `${opened.host} cannot be listed: ${(e as Error).message}` };
  } finally {
    await doors.close();
  }
}
