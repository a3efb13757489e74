// cleanup through prepare(): exactly the datasets that carry this instance's own owner mark, the
// instance profile only when nobody uses it, the container only when its record says its launch
// failed, and a refusal when the container exists without such a record.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepare } from '../../../core/src/operations/prepare';
import type { PrepareResult } from '../../../core/src/operations/types';
import { lx } from '../engine/support';
import { request, state, world } from './world';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'os: {name: alpine, image: busybox}',
  'filesystems:',
  '  host: {pattern: "z/demo/host/(instance)", destroy: true}',
  '  keep: {pattern: "z/demo/keep/(instance)"}',
  // destroy: true, or check refuses `host` as the parent of kept data (destroy-parent)
  '  sub: {pattern: "z/demo/host/(instance)/sub", destroy: true}',
  '  shared: {pattern: "z/demo/shared"}',
  '  dir: {pattern: "/srv/(instance)"}',
  'devices:',
  '  data: {path: /data, filesystem: host}',
);

const argvs = (r: PrepareResult) =>
  r.ok
    ? r.prepared.plans[0]!.plan.steps.map((s) =>
        s.kind === 'host'
          ? s.command.argv.join(' ')
          : s.kind === 'lxd'
            ? `${s.request.method} ${s.request.path}`
            : s.kind,
      )
    : r.blockers.map((b) => b.message);

describe('cleanup', () => {
  test('destroys only the marked datasets (children first) and the unused profile; keeps the rest with a note', async () => {
    const w = world(
      { [ROOT]: CONFIG },
      state({
        profiles: ['default', 'web1.lxdops'],
        datasets: new Map([
          ['z/demo/host/web1', 'default/web1'],
          ['z/demo/host/web1/sub', 'default/web1'],
          ['z/demo/keep/web1', undefined],
          ['z/demo/shared', 'default/web2'],
        ]),
      }),
    );
    const r = await prepare(request('cleanup', [ROOT]), w.env);
    assert.deepEqual(argvs(r), [
      'zfs umount -- z/demo/host/web1/sub',
      'zfs destroy -- z/demo/host/web1/sub',
      'zfs umount -- z/demo/host/web1',
      'zfs destroy -- z/demo/host/web1',
      'DELETE /1.0/profiles/web1.lxdops',
    ]);
    assert.ok(r.ok);
    const notes = r.prepared.plans[0]!.plan.notes.join('\n');
    assert.match(notes, /z\/demo\/keep\/web1 is kept: it has no lxdops:owner mark of its own/);
    assert.match(notes, /z\/demo\/shared is kept: it belongs to default\/web2/);
    assert.match(notes, /directory \/srv\/web1 is kept/);
    assert.deepEqual(w.changes(), [], 'preparing a cleanup changes nothing');
  });

  test('a profile that an instance uses is kept', async () => {
    const w = world(
      { [ROOT]: CONFIG },
      state({
        profiles: ['default', 'web1.lxdops'],
        usedBy: new Map([['web1.lxdops', ['/1.0/instances/other']]]),
      }),
    );
    const r = await prepare(request('cleanup', [ROOT]), w.env);
    assert.deepEqual(argvs(r), []);
    assert.ok(r.ok);
    assert.match(
      r.prepared.plans[0]!.plan.notes.join('\n'),
      /profile web1.lxdops is kept: used by \/1.0\/instances\/other/,
    );
  });

  test('refused while the container exists: that is delete or destroy', async () => {
    const w = world(
      { [ROOT]: CONFIG },
      state({ instances: new Map([['web1', { status: 'Running', config: {} }]]) }),
    );
    const r = await prepare(request('cleanup', [ROOT]), w.env);
    assert.equal(r.ok, false);
    assert.match(argvs(r)[0]!, /the container web1 exists \(Running\).*use lxdops delete or destroy/);
  });
  test('refused while the container exists with status ok: it holds a finished launch', async () => {
    const w = world(
      { [ROOT]: CONFIG },
      state({
        instances: new Map([['web1', { status: 'Stopped', config: { 'user.lxdops.status': 'ok' } }]]),
      }),
    );
    const r = await prepare(request('cleanup', [ROOT]), w.env);
    assert.equal(r.ok, false);
    assert.match(argvs(r)[0]!, /exists \(Stopped\).*user\.lxdops\.status=ok.*use lxdops delete or destroy/);
    assert.deepEqual(w.changes(), []);
  });

  for (const recorded of ['configure-failed', 'failed'])
    test(`a container recorded ${recorded}: stopped, deleted, then its marked datasets and its profile`, async () => {
      const w = world(
        { [ROOT]: CONFIG },
        state({
          instances: new Map([['web1', { status: 'Running', config: { 'user.lxdops.status': recorded } }]]),
          profiles: ['default', 'web1.lxdops'],
          // the container itself uses the profile: that does not keep it
          usedBy: new Map([['web1.lxdops', ['/1.0/instances/web1']]]),
          datasets: new Map([
            ['z/demo/host/web1', 'default/web1'],
            ['z/demo/keep/web1', undefined],
          ]),
        }),
      );
      const r = await prepare(request('cleanup', [ROOT]), w.env);
      assert.deepEqual(argvs(r), [
        'PUT /1.0/instances/web1/state',
        'DELETE /1.0/instances/web1',
        'zfs umount -- z/demo/host/web1',
        'zfs destroy -- z/demo/host/web1',
        'DELETE /1.0/profiles/web1.lxdops',
      ]);
      assert.ok(r.ok);
      const plan = r.prepared.plans[0]!.plan;
      assert.deepEqual(
        plan.steps.filter((x) => x.destructive).map((x) => x.description),
        [
          'delete container web1 (its root filesystem and LXD snapshots)',
          'destroy z/demo/host/web1',
          'delete profile web1.lxdops',
        ],
        'every destructive step is marked, so the confirmation lists it',
      );
      const stop = plan.steps[0]!;
      assert.ok(stop.kind === 'lxd');
      assert.deepEqual(stop.request.body, { action: 'stop', timeout: 0, force: true });
      assert.match(plan.notes.join('\n'), /z\/demo\/keep\/web1 is kept/);
      assert.deepEqual(w.changes(), []);
    });

  test('a stopped failed container is not stopped again; a profile another instance uses is kept', async () => {
    const w = world(
      { [ROOT]: CONFIG },
      state({
        instances: new Map([['web1', { status: 'Stopped', config: { 'user.lxdops.status': 'failed' } }]]),
        profiles: ['default', 'web1.lxdops'],
        usedBy: new Map([
          // the same name in another project is another instance
          ['web1.lxdops', ['/1.0/instances/web1', '/1.0/instances/web1?project=other']],
        ]),
      }),
    );
    const r = await prepare(request('cleanup', [ROOT]), w.env);
    assert.deepEqual(argvs(r), ['DELETE /1.0/instances/web1']);
    assert.ok(r.ok);
    assert.match(
      r.prepared.plans[0]!.plan.notes.join('\n'),
      /profile web1.lxdops is kept: used by \/1.0\/instances\/web1\?project=other$/m,
    );
  });
});
