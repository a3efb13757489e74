/**
 * Where the locks of one host's instances live. The lock must be where the instance's host is (a
 * remote host gets its own store), so the pipeline only sees this interface; the local one is
 * core/src/host/fileLockStore.ts.
 */

/** One instance of one host: what a lock is taken on. */
export interface LockKey {
  /** The name of the host whose LXD holds the instance (`local` for this machine's). */
  host: string;
  project: string;
  instance: string;
}

/** What the taker says about itself; the store adds who it is (pid, hostname) and when. */
export interface LockIntent {
  /** The operation (`rebuild`, `rename`, …). */
  command: string;
  /** The instance the operation is about (for a rename's new name: the old one). */
  instance: string;
}

/** Who holds a lock, as recorded in it. */
export interface LockHolder extends LockIntent {
  pid: number;
  /** The machine the holding process runs on. */
  hostname: string;
  /** ISO time the lock was taken. */
  since: string;
}

export type LockRefusal =
  /** A live process holds it (on this machine, or on another one, which cannot be checked). */
  | { why: 'held'; holder: LockHolder; thisMachine: boolean; where: string }
  /** The lock's record cannot be read: nobody can tell whether its holder is alive. */
  | { why: 'unreadable'; where: string; detail: string };

export type TakeResult = { ok: true; release: () => Promise<void> } | ({ ok: false } & LockRefusal);

export interface LockStore {
  /**
   * Takes the lock of `key` at once, or says who holds it; never waits. A lock whose holder is
   * a dead process of this machine is taken over (atomically: of two takers, one wins).
   */
  take(key: LockKey, intent: LockIntent): Promise<TakeResult>;
}
