import type { HostResult, HostRunner } from '../engine/doors';
import type { HostCommand } from '../engine/plan';

/** The zfs verbs that only read. */
const READS = new Set(['list', 'get']);

const isRead = (c: HostCommand) => c.argv[0] === 'zfs' && READS.has(c.argv[1] ?? '') && !c.until;

/**
 * The runner of one root's prepare, which runs a read-only `zfs list`/`zfs get` once when the
 * pre-flight and the plan ask the very same one (the pool check and the observation do): a
 * prepare changes nothing, so the second would only see the same thing again, later. Anything
 * else goes through as it is. Made per prepare, never kept: a run must see the host as it is.
 */
export function readsOnce(host: HostRunner): HostRunner {
  const seen = new Map<string, Promise<HostResult>>();
  return {
    run: (c) => {
      if (!isRead(c)) return host.run(c);
      const key = JSON.stringify([c.argv, c.sudo]);
      if (!seen.has(key)) seen.set(key, host.run(c));
      return seen.get(key)!;
    },
    exists: (p) => host.exists(p),
    inspect: (p) => host.inspect(p),
  };
}
