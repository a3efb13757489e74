import type { HostRunner } from '../engine/doors';
import { parseZfsPropertyTable, type ZfsPropertyTable } from './zfsPropertyTable';

/**
 * This host's ZFS property table, from the usage `zfs get` prints when called without arguments
 * (read-only). Undefined, with a note, when it cannot be read: values are then not refused.
 */
export async function readZfsPropertyTable(
  host: HostRunner,
): Promise<{ table?: ZfsPropertyTable; note?: string }> {
  const r = await host.run({ argv: ['zfs', 'get'], sudo: false }).catch((e: Error) => ({
    exitCode: -1,
    stdout: '',
    stderr: e.message,
  }));
  const table = parseZfsPropertyTable(`${r.stdout}\n${r.stderr}`);
  if (table.size) return { table };
  return {
    note: 'the property table of this ZFS could not be read (`zfs get` printed none): zfsproperties values are not checked',
  };
}
