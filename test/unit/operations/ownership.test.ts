// Ownership through the one pipeline: a destroy or rollback of a dataset that is not the
// instance's own is a `not-owned` blocker (nothing changes); adopt is a confirmed plan of marks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { needsConfirmation } from '../../../core/src/operations/confirm';
import { prepare } from '../../../core/src/operations/prepare';
import { lx } from '../engine/support';
import { request, state, world } from './world';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'os: {name: alpine, image: busybox}',
  'filesystems:',
  '  host: {pattern: "z/demo/host/(instance)", destroy: true}',
);

describe('ownership in the pipeline', () => {
  for (const [mark, reason] of [
    [undefined, /has no lxdops:owner mark of its own .*lxdops adopt \/ws\/web1\.yaml/],
    ['default/web2', /belongs to default\/web2/],
  ] as const)
    test(`destroy of a dataset marked ${mark ?? 'by nobody'}: a not-owned blocker at pre-flight, nothing changed`, async () => {
      const w = world({ [ROOT]: CONFIG }, state({ datasets: new Map([['z/demo/host/web1', mark]]) }));
      const r = await prepare(request('destroy', [ROOT]), w.env);
      assert.equal(r.ok, false);
      assert.ok(!r.ok);
      assert.equal(r.blockers.length, 1);
      assert.equal(r.blockers[0]!.code, 'not-owned');
      assert.equal(r.blockers[0]!.stage, 'pre-flight');
      assert.equal(r.blockers[0]!.instance, 'web1');
      assert.match(r.blockers[0]!.message, reason);
      assert.deepEqual(w.changes(), []);
    });

  test('destroy of its own marked dataset is planned', async () => {
    const w = world({ [ROOT]: CONFIG }, state({ datasets: new Map([['z/demo/host/web1', 'default/web1']]) }));
    const r = await prepare(request('destroy', [ROOT]), w.env);
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(
      r.prepared.plans[0]!.plan.steps.some((s) => s.description.startsWith('destroy z/demo/host/web1')),
    );
  });

  test('rollback of an unmarked dataset: not-owned', async () => {
    const w = world(
      { [ROOT]: CONFIG },
      state({
        datasets: new Map([
          ['z/demo/host/web1', undefined],
          ['z/demo/host/web1@s1', undefined],
        ]),
      }),
    );
    const r = await prepare(request('rollback', [ROOT], { snapshotName: 's1' }), w.env);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.blockers.map((b) => b.code),
      ['not-owned'],
    );
  });

  test('adopt: the mark as a destructive (confirmed) step; preparing it changes nothing', async () => {
    const w = world({ [ROOT]: CONFIG }, state({ datasets: new Map([['z/demo/host/web1', undefined]]) }));
    const r = await prepare(request('adopt', [ROOT]), w.env);
    assert.ok(r.ok, JSON.stringify(r));
    const plan = r.prepared.plans[0]!;
    assert.deepEqual(
      plan.plan.steps.map((s) => (s.kind === 'host' ? s.command.argv.join(' ') : s.kind)),
      ['zfs set lxdops:owner=default/web1 z/demo/host/web1'],
    );
    assert.equal(plan.destructive.length, 1);
    assert.ok(needsConfirmation(r.prepared));
    assert.deepEqual(w.changes(), []);
  });

  test("adopt of another instance's dataset: not-owned", async () => {
    const w = world({ [ROOT]: CONFIG }, state({ datasets: new Map([['z/demo/host/web1', 'default/web2']]) }));
    const r = await prepare(request('adopt', [ROOT]), w.env);
    assert.ok(!r.ok);
    assert.equal(r.blockers[0]!.code, 'not-owned');
    assert.match(r.blockers[0]!.message, /belongs to default\/web2/);
  });
});
