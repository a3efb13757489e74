import { LxdError } from './lxdError';

/**
 * What a cluster member answers while its database has no leader: when a voting member stops,
 * dqlite elects a new leader, and until it has one every query fails at once, e.g. `Failed to begin
 * transaction: call exec-sql (budget 9.99s): receive: header: EOF` (seen in CI, stopping a member of
 * the nested cluster). Only these messages, never a plain 500: a real error must not be retried.
 */
const NO_LEADER = [
  /failed to begin transaction/i,
  /no available dqlite leader/i,
  /not leader/i,
  /leadership lost/i,
  /database is locked/i,
];

/** Waits between tries of a read, ms: about 4 s in all, inside the 10 s bound of every probe. */
export const ELECTION_RETRY_MS: readonly number[] = [250, 500, 1000, 2000];

export function isLeaderElection(error: unknown): boolean {
  return error instanceof LxdError && error.status >= 500 && NO_LEADER.some((re) => re.test(error.message));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A read, tried again while the cluster elects a database leader. Only reads: a write that failed
 * this way may still have been applied, and the engine's steps decide for themselves what to redo.
 */
export async function readThroughElection<T>(
  read: () => Promise<T>,
  delaysMs: readonly number[] = ELECTION_RETRY_MS,
): Promise<T> {
  for (const delay of delaysMs) {
    try {
      return await read();
    } catch (e) {
      if (!isLeaderElection(e)) throw e;
    }
    await pause(delay);
  }
  return read();
}
