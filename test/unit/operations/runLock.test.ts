// run() under the instance lock, with the real file store in a temporary directory and doors that
// answer from a hand-made state: a held instance is refused before anything changes, the lock is
// held while the plan runs and released after, --wait-lock runs once the holder lets go (and only
// the plan the user saw), and a rename locks the new name as well.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HostCommand } from '../../../core/src/engine/plan';
import { FileLockStore } from '../../../core/src/host/fileLockStore';
import { LockBusyError } from '../../../core/src/operations/instanceLock';
import type { LockKey } from '../../../core/src/operations/lockStore';
import { prepare } from '../../../core/src/operations/prepare';
import { run } from '../../../core/src/operations/run';
import type { OperationRequest } from '../../../core/src/operations/types';
import { lx } from '../engine/support';
import { request, state, world } from './world';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'os: {name: alpine, image: busybox}',
  'filesystems:',
  '  host: {pattern: "z/demo/host/(instance)"}',
  'devices:',
  '  data: {path: /data, filesystem: host}',
);
const key = (instance: string): LockKey => ({ host: 'local', project: 'default', instance });

/** A world whose env has a file lock store of its own, and a prepared request. */
async function setup(req: OperationRequest, s = state()) {
  const w = world({ [ROOT]: CONFIG }, s);
  const locks = new FileLockStore(mkdtempSync(join(tmpdir(), 'lxdops-runlock-')));
  const env = { ...w.env, locks };
  const r = await prepare(req, env);
  assert.ok(r.ok, JSON.stringify(r));
  return { ...w, env, locks, prepared: r.prepared };
}

test('an instance held by another operation: refused at once with the holder, nothing changes, no record', async () => {
  const t = await setup(request('create-devices', [ROOT]));
  const holder = await t.locks.take(key('web1'), { command: 'rebuild', instance: 'web1' });
  assert.ok(holder.ok);
  const [outcome] = await run(t.prepared, t.env);
  assert.equal(outcome!.status, 'failed');
  assert.equal(outcome!.code, 'instance-locked');
  assert.match(
    outcome!.message!,
    new RegExp(
      `^rebuild of web1 in progress since (\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d, pid ${process.pid} on host `,
    ),
  );
  assert.ok(outcome!.error instanceof LockBusyError);
  assert.deepEqual(t.changes(), [], 'nothing ran, nothing recorded');
  assert.ok(existsSync(t.locks.fileOf(key('web1'))), "the holder's lock stays");
});

test('the lock is held while the plan runs, and released after', async () => {
  const t = await setup(request('create-devices', [ROOT]));
  const seen: string[] = [];
  const [outcome] = await run(t.prepared, t.env, {
    onEvent: () => seen.push(JSON.parse(readFileSync(t.locks.fileOf(key('web1')), 'utf8')).command),
  });
  assert.equal(outcome!.status, 'done');
  assert.ok(seen.length > 0 && seen.every((c) => c === 'create-devices'), seen.join());
  assert.equal(existsSync(t.locks.fileOf(key('web1'))), false);
});

test('released after a failed step as well', async () => {
  const t = await setup(request('create-devices', [ROOT]));
  const host = {
    run: async (c: HostCommand) =>
      c.argv[1] === 'create' ? { exitCode: 1, stdout: '', stderr: 'cannot create' } : t.host.run(c),
    exists: (path: string) => t.host.exists(path),
    inspect: (path: string) => t.host.inspect(path),
  };
  const env = { ...t.env, doors: { ...t.env.doors, host } };
  const [outcome] = await run(t.prepared, env);
  assert.equal(outcome!.status, 'failed');
  assert.match(outcome!.message!, /cannot create/);
  assert.equal(existsSync(t.locks.fileOf(key('web1'))), false);
});

test('waitLock: runs once the holder lets go, the same plan', async () => {
  const t = await setup(request('create-devices', [ROOT], { waitLock: true }));
  const holder = await t.locks.take(key('web1'), { command: 'rebuild', instance: 'web1' });
  assert.ok(holder.ok);
  const logs: string[] = [];
  const [outcome] = await run(
    t.prepared,
    { ...t.env, sleep: () => holder.release() },
    { onLog: (l) => logs.push(l) },
  );
  assert.equal(outcome!.status, 'done', outcome!.message);
  assert.ok(t.changes().some((e) => e.door === 'host.run' && e.command.argv[1] === 'create'));
  assert.match(logs[0]!, /^web1: waiting for the lock: rebuild of web1 in progress since/);
});

test('waitLock: when the other operation changed the state meanwhile, nothing runs', async () => {
  const t = await setup(request('create-devices', [ROOT], { waitLock: true }));
  const holder = await t.locks.take(key('web1'), { command: 'rebuild', instance: 'web1' });
  assert.ok(holder.ok);
  const sleep = async () => {
    t.state.datasets.set('z/demo/host/web1', 'default/web1'); // what the other operation made
    await holder.release();
  };
  const [outcome] = await run(t.prepared, { ...t.env, sleep });
  assert.equal(outcome!.status, 'failed');
  assert.equal(outcome!.code, 'plan-refused');
  assert.match(outcome!.message!, /changed while it waited for the lock: nothing was run/);
  assert.deepEqual(t.changes(), []);
  assert.equal(existsSync(t.locks.fileOf(key('web1'))), false, 'released');
});

test('waitLock cancelled by the signal: cancelled, nothing changes', async () => {
  const t = await setup(request('create-devices', [ROOT], { waitLock: true }));
  assert.ok((await t.locks.take(key('web1'), { command: 'rebuild', instance: 'web1' })).ok);
  const abort = new AbortController();
  const [outcome] = await run(
    t.prepared,
    { ...t.env, sleep: async () => abort.abort() },
    { signal: abort.signal },
  );
  assert.equal(outcome!.status, 'cancelled');
  assert.deepEqual(t.changes(), []);
});

test('rename locks the new name too: an operation on the new name refuses it', async () => {
  const s = state({ instances: new Map([['web1', { status: 'Stopped', config: {} }]]) });
  const t = await setup(request('rename', [ROOT], { newName: 'web2' }), s);
  assert.ok((await t.locks.take(key('web2'), { command: 'launch', instance: 'web2' })).ok);
  const [outcome] = await run(t.prepared, t.env);
  assert.equal(outcome!.code, 'instance-locked');
  assert.match(outcome!.message!, /^launch of web2 in progress since/);
  assert.deepEqual(t.changes(), []);
  assert.equal(existsSync(t.locks.fileOf(key('web1'))), false, 'the old name, taken first, is given back');
});
