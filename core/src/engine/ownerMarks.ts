import type { HostRunner } from './doors';
import { OWNER_PROPERTY } from './ownerMark';

/**
 * `zfs get` of the owner mark of existing datasets: each name → its own mark, or undefined. An
 * inherited mark is not the dataset's own, so it does not count (read-only).
 */
export async function ownerMarks(
  host: HostRunner,
  names: string[],
): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>(names.map((n) => [n, undefined]));
  if (!names.length) return out;
  const r = await host.run({
    argv: ['zfs', 'get', '-H', '-o', 'name,value,source', OWNER_PROPERTY, ...names],
    sudo: false,
  });
  if (r.exitCode !== 0)
    throw new Error(`zfs get ${OWNER_PROPERTY} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  for (const line of r.stdout.split('\n')) {
    const [name, value, source] = line.split('\t');
    if (name && out.has(name) && source === 'local') out.set(name, value);
  }
  return out;
}
