import type { CommandOptions } from '../engine/engine';
import type { Plan } from '../engine/plan';
import type { LockIntent, LockKey, LockRefusal, LockStore } from './lockStore';

/** The host of every lock until operations name their host (issue 10): this machine's LXD. */
export const LOCAL_HOST = 'local';

/** An operation refused because another one holds the instance (CLI: exit 2, the message only). */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
  readonly code = 'instance-locked';
}

/** The instances a plan changes: its own, and for a rename the new name as well. */
export function lockKeys(plan: Plan, options: CommandOptions, host = LOCAL_HOST): LockKey[] {
  const names = [plan.instance];
  if (plan.command === 'rename' && options.newName && options.newName !== plan.instance)
    names.push(options.newName);
  return names.map((instance) => ({ host, project: plan.project, instance }));
}

const two = (n: number) => String(n).padStart(2, '0');

/** `10:42`, or `2026-12-01 10:42` when it is not today (local time, as the user reads a clock). */
export function clockTime(iso: string, now: Date): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const time = `${two(t.getHours())}:${two(t.getMinutes())}`;
  return t.toDateString() === now.toDateString()
    ? time
    : `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${time}`;
}

/** "rebuild of web1 in progress since 10:42, pid 1234 on host h", and what to do when it is stuck. */
export function refusalMessage(key: LockKey, r: LockRefusal, now: Date): string {
  if (r.why === 'unreadable')
    return `the lock of ${key.instance} cannot be used (${r.detail}): if no lxdops operation runs on it, remove ${r.where}`;
  const h = r.holder;
  const about = h.instance === key.instance ? '' : `${key.instance}: `;
  const text = `${about}${h.command} of ${h.instance} in progress since ${clockTime(h.since, now)}, pid ${h.pid} on host ${h.hostname}`;
  return r.thisMachine
    ? text
    : `${text} (another machine: its lock is never taken over automatically; if no lxdops runs there, remove ${r.where})`;
}

export type Acquired =
  | { ok: true; waited: boolean; release: () => Promise<void> }
  | { ok: false; cancelled: boolean; message: string };

export interface AcquireOptions {
  /** Wait for the holders to finish instead of refusing at once. */
  wait: boolean;
  signal?: AbortSignal;
  /** The pause between two tries (tests pass one that does not wait). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => Date;
  /** Told once, when the first try found the lock held and waiting begins. */
  onWait?: (message: string) => void;
}

/** A pause that ends early when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The poll of a busy lock: soon at first, then every 2 s at most. */
const FIRST_POLL_MS = 200;
const LONGEST_POLL_MS = 2000;

/** One try at every key, in a fixed order; on a refusal the ones taken are given back. */
async function takeAll(
  store: LockStore,
  keys: LockKey[],
  intent: LockIntent,
  now: Date,
): Promise<{ release: () => Promise<void> } | { message: string }> {
  const releases: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    for (const release of releases.reverse()) await release();
  };
  const ordered = [...keys].sort((a, b) => keyText(a).localeCompare(keyText(b)));
  for (const key of ordered) {
    const r = await store.take(key, intent);
    if (!r.ok) {
      await releaseAll();
      return { message: refusalMessage(key, r, now) };
    }
    releases.push(r.release);
  }
  return { release: releaseAll };
}

const keyText = (k: LockKey) => `${k.host}/${k.project}/${k.instance}`;

/**
 * Takes the locks of `keys` for `intent`: at once, or (with `wait`) as soon as their holders let
 * go, polling with a bounded pause until the signal aborts. Keys are taken in one order and given
 * back on a refusal, so two operations that need the same two names cannot hold one each forever.
 */
export async function acquireLocks(
  store: LockStore,
  keys: LockKey[],
  intent: LockIntent,
  o: AcquireOptions,
): Promise<Acquired> {
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? pause;
  let poll = FIRST_POLL_MS;
  for (let tries = 0; ; tries++) {
    if (o.signal?.aborted)
      return {
        ok: false,
        cancelled: true,
        message: `cancelled while waiting for the lock of ${intent.instance}`,
      };
    const r = await takeAll(store, keys, intent, now());
    if ('release' in r) return { ok: true, waited: tries > 0, release: r.release };
    if (!o.wait) return { ok: false, cancelled: false, message: r.message };
    if (tries === 0) o.onWait?.(`waiting for the lock: ${r.message}`);
    await sleep(poll, o.signal);
    poll = Math.min(LONGEST_POLL_MS, Math.round(poll * 1.5));
  }
}
