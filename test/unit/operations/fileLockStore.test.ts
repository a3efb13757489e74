// The file lock store with real files in a temporary directory: take, refuse with the holder's
// details, stale takeover (the pid of a child that has exited), other machines never taken over,
// and real processes racing for one lock: exactly one wins.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { FileLockStore } from '../../../core/src/host/fileLockStore';
import { defaultLockDir, ensureLockDir } from '../../../core/src/host/lockDir';
import { refusalMessage } from '../../../core/src/operations/instanceLock';
import type { LockKey, TakeResult } from '../../../core/src/operations/lockStore';

const ROOT = resolve(__dirname, '../../..');
const KEY: LockKey = { host: 'local', project: 'default', instance: 'web1' };
const REBUILD = { command: 'rebuild', instance: 'web1' };

const tempDir = () => mkdtempSync(join(tmpdir(), 'lxdops-locks-'));

/** The pid of a process that has run and exited: no process has it now (until the pids wrap). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.equal(child.status, 0);
  return child.pid;
}

function record(o: { pid: number; hostname?: string; since?: string; token?: string }): string {
  return JSON.stringify({
    command: 'launch',
    instance: 'web1',
    hostname: hostname(),
    since: '2026-12-01T10:42:00.000Z',
    token: 'old',
    ...o,
  });
}

function refused(r: TakeResult) {
  assert.ok(!r.ok, 'the lock should be refused');
  return r;
}

describe('FileLockStore', () => {
  test('take writes the holder (command, instance, pid, hostname, time); release removes it', async () => {
    const store = new FileLockStore(tempDir());
    const r = await store.take(KEY, REBUILD);
    assert.ok(r.ok);
    const held = JSON.parse(readFileSync(store.fileOf(KEY), 'utf8'));
    assert.equal(held.command, 'rebuild');
    assert.equal(held.instance, 'web1');
    assert.equal(held.pid, process.pid);
    assert.equal(held.hostname, hostname());
    assert.ok(Math.abs(Date.parse(held.since) - Date.now()) < 60_000, held.since);
    await r.release();
    assert.deepEqual(readdirSync(store.dir), [], 'no lock and no temporary file left');
  });

  test('a second take is refused at once with the holder, and the message says who and since when', async () => {
    const store = new FileLockStore(tempDir());
    const first = await store.take(KEY, REBUILD);
    assert.ok(first.ok);
    const second = refused(await store.take(KEY, { command: 'launch', instance: 'web1' }));
    assert.equal(second.why, 'held');
    assert.ok(second.why === 'held');
    assert.equal(second.thisMachine, true);
    assert.deepEqual(
      { ...second.holder, since: '' },
      { ...REBUILD, pid: process.pid, hostname: hostname(), since: '' },
    );
    const message = refusalMessage(KEY, second, new Date());
    assert.match(
      message,
      new RegExp(`^rebuild of web1 in progress since \\d\\d:\\d\\d, pid ${process.pid} on host `),
    );
    assert.ok(message.endsWith(`on host ${hostname()}`), message);
    await first.release();
    assert.ok((await store.take(KEY, REBUILD)).ok, 'free again after the release');
  });

  test('other instances, projects and hosts are other locks', async () => {
    const store = new FileLockStore(tempDir());
    assert.ok((await store.take(KEY, REBUILD)).ok);
    for (const other of [
      { ...KEY, instance: 'web2' },
      { ...KEY, project: 'p2' },
      { ...KEY, host: 'h2' },
    ])
      assert.ok((await store.take(other, REBUILD)).ok, JSON.stringify(other));
  });

  test('a lock of a dead process of this machine is taken over', async () => {
    const store = new FileLockStore(tempDir());
    const pid = deadPid();
    writeFileSync(store.fileOf(KEY), record({ pid }));
    const r = await store.take(KEY, REBUILD);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(JSON.parse(readFileSync(store.fileOf(KEY), 'utf8')).pid, process.pid);
    assert.deepEqual(readdirSync(store.dir), ['local.default.web1.lock'], 'no takeover file left');
  });

  test("another machine's lock is never taken over, even with a pid that is dead here", async () => {
    const store = new FileLockStore(tempDir());
    const file = store.fileOf(KEY);
    writeFileSync(file, record({ pid: deadPid(), hostname: 'elsewhere' }));
    const r = refused(await store.take(KEY, REBUILD));
    assert.ok(r.why === 'held' && !r.thisMachine);
    const message = refusalMessage(KEY, r, new Date('2026-12-02T00:00:00Z'));
    assert.match(
      message,
      /^launch of web1 in progress since 2026-12-01 \d\d:\d\d, pid \d+ on host elsewhere \(/,
    );
    assert.ok(message.includes('never taken over automatically'), message);
    assert.ok(message.includes(`remove ${file}`), message);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).hostname, 'elsewhere', 'left as it was');
  });

  test('a lock file that is not a record is refused and named, not taken over', async () => {
    const store = new FileLockStore(tempDir());
    writeFileSync(store.fileOf(KEY), '{"pid":');
    const r = refused(await store.take(KEY, REBUILD));
    assert.equal(r.why, 'unreadable');
    assert.match(
      refusalMessage(KEY, r, new Date()),
      /^the lock of web1 cannot be used \(not JSON\): .*remove \//,
    );
  });

  test('an interrupted takeover (its takeover file of a dead pid) is refused and named', async () => {
    const store = new FileLockStore(tempDir());
    const file = store.fileOf(KEY);
    writeFileSync(file, record({ pid: deadPid() }));
    writeFileSync(`${file}.takeover`, record({ pid: deadPid(), token: 'taker' }));
    const r = refused(await store.take(KEY, REBUILD));
    assert.equal(r.why, 'unreadable');
    assert.match(
      refusalMessage(KEY, r, new Date()),
      /takeover of its stale lock by pid \d+ was interrupted.*\.takeover$/,
    );
  });

  test('release leaves a lock that is no longer its own', async () => {
    const store = new FileLockStore(tempDir());
    const r = await store.take(KEY, REBUILD);
    assert.ok(r.ok);
    writeFileSync(store.fileOf(KEY), record({ pid: process.pid, token: 'someone else' }));
    await r.release();
    assert.equal(JSON.parse(readFileSync(store.fileOf(KEY), 'utf8')).token, 'someone else');
  });

  test('releaseHeld gives back every lock this process holds', async () => {
    const store = new FileLockStore(tempDir());
    assert.ok((await store.take(KEY, REBUILD)).ok);
    assert.ok((await store.take({ ...KEY, instance: 'web2' }, REBUILD)).ok);
    store.releaseHeld();
    assert.deepEqual(readdirSync(store.dir), []);
  });

  test('names with dots and slashes stay one file inside the directory', async () => {
    const store = new FileLockStore(tempDir());
    for (const instance of ['..', 'a/b', 'a.b'])
      assert.ok((await store.take({ ...KEY, instance }, REBUILD)).ok, instance);
    assert.deepEqual(readdirSync(store.dir).sort(), [
      'local.default.%2E%2E.lock',
      'local.default.a%2Eb.lock',
      'local.default.a%2Fb.lock',
    ]);
  });
});

/** `count` processes race for one lock of `dir`; returns what each says. */
async function race(dir: string, count: number): Promise<string[]> {
  const go = `${dir}.go`;
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'lockTaker.ts'), dir, 'web1', go], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  try {
    const lines = children.map((c) => createInterface({ input: c.stdout! })[Symbol.asyncIterator]());
    const next = async (i: number) => (await lines[i]!.next()).value as string;
    for (let i = 0; i < count; i++) assert.equal(await next(i), 'ready');
    writeFileSync(go, '');
    const said = await Promise.all(children.map((_, i) => next(i)));
    await Promise.all(children.map((c) => new Promise((done) => (c.on('exit', done), c.stdin!.end()))));
    return said;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

describe('FileLockStore: processes racing', () => {
  test('for a free lock: exactly one of four wins', async () => {
    const dir = join(tempDir(), 'locks');
    const said = await race(dir, 4);
    assert.equal(said.filter((s) => s === 'won').length, 1, said.join(', '));
    assert.deepEqual(
      said.filter((s) => s !== 'won'),
      Array(3).fill('lost held'),
    );
  });

  test('for a stale lock: exactly one of four takes it over', async () => {
    const dir = join(tempDir(), 'locks');
    mkdirSync(dir);
    const store = new FileLockStore(dir);
    writeFileSync(store.fileOf(KEY), record({ pid: deadPid() }));
    const said = await race(dir, 4);
    assert.equal(said.filter((s) => s === 'won').length, 1, said.join(', '));
    assert.deepEqual(
      said.filter((s) => s !== 'won'),
      Array(3).fill('lost held'),
      'the others see the winner, alive',
    );
  });
});

describe('lock directory', () => {
  test('LXDOPS_LOCK_DIR, root, XDG_RUNTIME_DIR, then the temporary directory', () => {
    const rows: [Record<string, string>, number, string][] = [
      [{ LXDOPS_LOCK_DIR: '/x/locks', XDG_RUNTIME_DIR: '/run/user/1000' }, 1000, '/x/locks'],
      [{ XDG_RUNTIME_DIR: '/run/user/0' }, 0, '/run/lxdops/locks'],
      [{ XDG_RUNTIME_DIR: '/run/user/1000' }, 1000, '/run/user/1000/lxdops/locks'],
      [{}, 1000, join(tmpdir(), 'lxdops-1000', 'locks')],
    ];
    for (const [env, uid, expected] of rows)
      assert.equal(defaultLockDir(env, uid), expected, JSON.stringify(env));
  });

  test('a link where the directory should be is refused', () => {
    const base = tempDir();
    mkdirSync(join(base, 'elsewhere'));
    symlinkSync(join(base, 'elsewhere'), join(base, 'locks'));
    assert.throws(() => ensureLockDir(join(base, 'locks')), /is not a directory \(a link\?\): remove it/);
  });
});
