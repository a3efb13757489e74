// The pure side of the instance lock: which names a plan locks, the refusal message, and the
// take-or-wait loop over a store double (the file store itself: fileLockStore.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Plan } from '../../../core/src/engine/plan';
import { acquireLocks, clockTime, lockKeys, refusalMessage } from '../../../core/src/operations/instanceLock';
import type { LockIntent, LockKey, LockStore, TakeResult } from '../../../core/src/operations/lockStore';

const plan = (command: string, instance = 'web1'): Plan => ({
  command,
  config: `/ws/${instance}.yaml`,
  instance,
  container: instance,
  project: 'default',
  steps: [],
  notes: [],
});

const HOLDER = { command: 'rebuild', instance: 'web1', pid: 1234, hostname: 'h', since: '' };

/** A store double: each key is held (by HOLDER) while its name is in `busy`; counts takes and releases. */
class StoreDouble implements LockStore {
  readonly taken: string[] = [];
  readonly released: string[] = [];
  constructor(readonly busy: Set<string> = new Set()) {}
  async take(key: LockKey, _intent: LockIntent): Promise<TakeResult> {
    if (this.busy.has(key.instance))
      return {
        ok: false,
        why: 'held',
        holder: { ...HOLDER, since: new Date().toISOString() },
        thisMachine: true,
        where: '/l',
      };
    this.taken.push(key.instance);
    return { ok: true, release: async () => void this.released.push(key.instance) };
  }
}

const KEYS = (...names: string[]) =>
  names.map((instance) => ({ host: 'local', project: 'default', instance }));
const INTENT = { command: 'launch', instance: 'web1' };

describe('lockKeys', () => {
  test("a plan locks its instance; a rename also the new name; on the store's host", () => {
    assert.deepEqual(lockKeys(plan('rebuild'), {}), KEYS('web1'));
    assert.deepEqual(lockKeys(plan('rename'), { newName: 'web2' }), KEYS('web1', 'web2'));
    assert.deepEqual(
      lockKeys(plan('launch'), { newName: 'web2' }),
      KEYS('web1'),
      'newName only counts for rename',
    );
    assert.deepEqual(lockKeys(plan('launch'), {}, 'h2')[0]!.host, 'h2');
  });
});

describe('refusal message', () => {
  const now = new Date(2026, 11, 2, 11, 0);
  test('clock time today, date and time on another day, the text as given when it is no time', () => {
    assert.equal(clockTime(new Date(2026, 11, 2, 10, 42).toISOString(), now), '10:42');
    assert.equal(clockTime(new Date(2026, 11, 1, 9, 5).toISOString(), now), '2026-12-01 09:05');
    assert.equal(clockTime('garbage', now), 'garbage');
  });

  test("who holds it; the key's name first when the holder works on another name (a rename)", () => {
    const held = {
      why: 'held' as const,
      holder: { ...HOLDER, since: new Date(2026, 11, 2, 10, 42).toISOString() },
      thisMachine: true,
      where: '/l',
    };
    const [web1, web2] = KEYS('web1', 'web2');
    assert.equal(
      refusalMessage(web1!, held, now),
      'rebuild of web1 in progress since 10:42, pid 1234 on host h',
    );
    assert.equal(
      refusalMessage(web2!, held, now),
      'web2: rebuild of web1 in progress since 10:42, pid 1234 on host h',
    );
  });
});

describe('acquireLocks', () => {
  test('free: taken without a wait', async () => {
    const store = new StoreDouble();
    const r = await acquireLocks(store, KEYS('web1'), INTENT, { wait: false });
    assert.ok(r.ok && !r.waited);
    await r.release();
    assert.deepEqual(store.released, ['web1']);
  });

  test('held, no wait: refused at once with the message, no pause', async () => {
    const pauses: number[] = [];
    const r = await acquireLocks(new StoreDouble(new Set(['web1'])), KEYS('web1'), INTENT, {
      wait: false,
      sleep: async (ms) => void pauses.push(ms),
    });
    assert.ok(!r.ok && !r.cancelled);
    assert.match(r.message, /^rebuild of web1 in progress since \d\d:\d\d, pid 1234 on host h$/);
    assert.deepEqual(pauses, []);
  });

  test('held, wait: polls with growing pauses (bounded) until the holder lets go, told once', async () => {
    const store = new StoreDouble(new Set(['web1']));
    const pauses: number[] = [];
    const told: string[] = [];
    const r = await acquireLocks(store, KEYS('web1'), INTENT, {
      wait: true,
      onWait: (m) => told.push(m),
      sleep: async (ms) => {
        pauses.push(ms);
        if (pauses.length === 12) store.busy.clear();
      },
    });
    assert.ok(r.ok && r.waited);
    assert.deepEqual(pauses.slice(0, 4), [200, 300, 450, 675]);
    assert.equal(Math.max(...pauses), 2000);
    assert.equal(told.length, 1);
    assert.match(told[0]!, /^waiting for the lock: rebuild of web1 in progress/);
  });

  test('held, wait, then the signal aborts: cancelled, nothing taken', async () => {
    const abort = new AbortController();
    const store = new StoreDouble(new Set(['web1']));
    const r = await acquireLocks(store, KEYS('web1'), INTENT, {
      wait: true,
      signal: abort.signal,
      sleep: async () => abort.abort(),
    });
    assert.ok(!r.ok && r.cancelled);
    assert.equal(r.message, 'cancelled while waiting for the lock of web1');
    assert.deepEqual(store.taken, []);
  });

  test('two names, the second held: the first is given back (no operation keeps one of two)', async () => {
    const store = new StoreDouble(new Set(['web2']));
    const r = await acquireLocks(
      store,
      KEYS('web2', 'web1'),
      { command: 'rename', instance: 'web1' },
      { wait: false },
    );
    assert.ok(!r.ok);
    assert.match(r.message, /^web2: rebuild of web1 in progress/);
    assert.deepEqual(store.taken, ['web1'], 'taken in name order');
    assert.deepEqual(store.released, ['web1']);
  });
});
