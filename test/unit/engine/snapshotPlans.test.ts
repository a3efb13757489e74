// snapshotPlan and rollbackPlan (reference §6.9, §6.10, without the ⚠ bugs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanError } from '../../../core/src/engine/planError';
import { rollbackPlan, snapshotPlan, timestampName } from '../../../core/src/engine/snapshotPlans';
import { hostStep, inst, lx, lxdStep, observed, ownAll, specOf, stateStep, usage } from './support';

const ROOT = '/ws/web1.yaml';
// filesystems listed out of dataset order, plus a transient one and a plain directory
const CONFIG = lx(
  'project: web',
  'filesystems:',
  '  b:',
  '    pattern: z/demo/b/(instance)',
  '  a:',
  '    pattern: z/demo/a/(instance)',
  '  tmp:',
  '    pattern: z/demo/tmp/(instance)',
  '    transient: true',
  '  dir:',
  '    pattern: /var/lib/(instance)',
);
const spec = () => specOf({ [ROOT]: CONFIG }, ROOT);
const DATASETS = ['z/demo/a/web1', 'z/demo/b/web1', 'z/demo/tmp/web1'];

const zfsSnap = (s: string) => hostStep(`snapshot ${s}`, ['zfs', 'snapshot', '--', s]);
const zfsDestroySnap = (s: string) =>
  hostStep(`destroy ${s}`, ['zfs', 'destroy', '--', s], { destructive: true, retryBusy: true });
const zfsRollback = (s: string) =>
  hostStep(`roll back to ${s} (later snapshots of it are destroyed)`, ['zfs', 'rollback', '-r', '--', s], {
    destructive: true,
    retryBusy: true,
  });

describe('snapshotPlan: create', () => {
  test('only the non-transient ZFS filesystems, sorted by dataset', () => {
    const plan = snapshotPlan(spec(), observed({ datasets: DATASETS }), {
      name: 's1',
      container: false,
      destroy: false,
    });
    assert.equal(plan.command, 'snapshot');
    assert.deepEqual(plan.steps, [zfsSnap('z/demo/a/web1@s1'), zfsSnap('z/demo/b/web1@s1')]);
    assert.deepEqual(plan.notes, []);
  });

  test('-c: then the LXD snapshot of the container, in the project', () => {
    const plan = snapshotPlan(spec(), observed({ datasets: DATASETS, instance: inst('web1', 'Running') }), {
      name: 's1',
      container: true,
      destroy: false,
    });
    assert.deepEqual(plan.steps, [
      zfsSnap('z/demo/a/web1@s1'),
      zfsSnap('z/demo/b/web1@s1'),
      lxdStep('take LXD snapshot web1/s1', 'POST', '/1.0/instances/web1/snapshots', 'web', { name: 's1' }),
    ]);
  });

  test('existing snapshots are not taken again', () => {
    const plan = snapshotPlan(
      spec(),
      observed({
        datasets: [...DATASETS, 'z/demo/a/web1@s1'],
        instance: inst('web1', 'Stopped', { snapshots: ['s1'] }),
      }),
      { name: 's1', container: true, destroy: false },
    );
    assert.deepEqual(plan.steps, [zfsSnap('z/demo/b/web1@s1')]);
    assert.deepEqual(plan.notes, [
      'z/demo/a/web1@s1 exists: not taken again',
      'LXD snapshot web1/s1 exists: not taken again',
    ]);
  });

  test('a missing filesystem → PlanError; -c without a container → PlanError', () => {
    assert.throws(
      () =>
        snapshotPlan(spec(), observed({ datasets: ['z/demo/a/web1'] }), {
          name: 's1',
          container: false,
          destroy: false,
        }),
      PlanError,
    );
    assert.throws(
      () =>
        snapshotPlan(spec(), observed({ datasets: DATASETS }), {
          name: 's1',
          container: true,
          destroy: false,
        }),
      PlanError,
    );
  });

  for (const bad of ['', '-x', '.x', 'a b', 'a/b', 'a@b', 'ä']) {
    test(`invalid name ${JSON.stringify(bad)} → PlanError`, () => {
      assert.throws(
        () =>
          snapshotPlan(spec(), observed({ datasets: DATASETS }), {
            name: bad,
            container: false,
            destroy: false,
          }),
        PlanError,
      );
      assert.throws(
        () =>
          snapshotPlan(spec(), observed({ datasets: DATASETS }), {
            name: bad,
            container: false,
            destroy: true,
          }),
        PlanError,
      );
    });
  }

  test('a config without non-transient ZFS filesystems: no step, a note', () => {
    const plan = snapshotPlan(
      specOf({ [ROOT]: lx('filesystems:', '  d:', '    pattern: /srv/(instance)') }, ROOT),
      observed(),
      { name: 's1', container: false, destroy: false },
    );
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.notes, ['this config has no non-transient ZFS filesystem']);
  });

  test('the default name is the UTC time as YYYYMMDDhhmmss', () => {
    assert.equal(timestampName(new Date(Date.UTC(2023, 10, 22, 10, 15, 30))), '20231122101530');
  });
});

describe('snapshotPlan: -d (destroy)', () => {
  test('destroys the existing snapshots of non-transient ZFS filesystems only; missing ones are skipped with a note', () => {
    const o = observed({
      datasets: [...DATASETS, 'z/demo/b/web1@s1', 'z/demo/tmp/web1@s1'],
      instance: inst('web1', 'Running', { snapshots: ['s1'] }),
    });
    const plan = snapshotPlan(spec(), o, { name: 's1', container: false, destroy: true });
    assert.equal(plan.command, 'snapshot -d');
    assert.deepEqual(plan.steps, [zfsDestroySnap('z/demo/b/web1@s1')]);
    assert.deepEqual(plan.notes, ['z/demo/a/web1@s1 does not exist']);
  });

  test('-d -c: also the LXD snapshot when it exists (404 accepted)', () => {
    const o = observed({
      datasets: [...DATASETS, 'z/demo/a/web1@s1', 'z/demo/b/web1@s1'],
      instance: inst('web1', 'Running', { snapshots: ['s1'] }),
    });
    assert.deepEqual(snapshotPlan(spec(), o, { name: 's1', container: true, destroy: true }).steps, [
      zfsDestroySnap('z/demo/a/web1@s1'),
      zfsDestroySnap('z/demo/b/web1@s1'),
      lxdStep('delete LXD snapshot web1/s1', 'DELETE', '/1.0/instances/web1/snapshots/s1', 'web', undefined, {
        destructive: true,
        accept: [404],
      }),
    ]);
    o.instance!.snapshots = [];
    assert.equal(snapshotPlan(spec(), o, { name: 's1', container: true, destroy: true }).steps.length, 2);
  });
});

describe('rollbackPlan', () => {
  const all = (status: string, lxdSnapshots: string[] = []) =>
    observed({
      datasets: [...DATASETS, 'z/demo/a/web1@s1', 'z/demo/b/web1@s1'],
      instance: inst('web1', status, { snapshots: lxdSnapshots }),
    });

  test('a running container is stopped, rolled back (sorted, non-transient zfs only), restored with -c, started', () => {
    const plan = rollbackPlan(
      spec(),
      all('Running', ['s1']),
      { name: 's1', container: true },
      usage(),
      ownAll(spec()),
    );
    assert.equal(plan.command, 'rollback');
    assert.deepEqual(plan.steps, [
      stateStep('web1', 'web', 'stop'),
      zfsRollback('z/demo/a/web1@s1'),
      zfsRollback('z/demo/b/web1@s1'),
      lxdStep(
        'restore web1 to its LXD snapshot s1',
        'PUT',
        '/1.0/instances/web1',
        'web',
        { restore: 's1' },
        { destructive: true },
      ),
      stateStep('web1', 'web', 'start'),
    ]);
  });

  test('a stopped container stays stopped; without -c no restore', () => {
    assert.deepEqual(
      rollbackPlan(spec(), all('Stopped'), { name: 's1', container: false }, usage(), ownAll(spec())).steps,
      [zfsRollback('z/demo/a/web1@s1'), zfsRollback('z/demo/b/web1@s1')],
    );
  });

  test('refuses when a snapshot is missing, before anything is planned', () => {
    const o = all('Running', ['s1']);
    o.datasets.delete('z/demo/b/web1@s1');
    assert.throws(
      () => rollbackPlan(spec(), o, { name: 's1', container: false }, usage(), ownAll(spec())),
      (e: unknown) =>
        e instanceof PlanError && e.message === 'no snapshot s1 of z/demo/b/web1: nothing was changed',
    );
    assert.throws(
      () => rollbackPlan(spec(), all('Running'), { name: 's1', container: true }, usage(), ownAll(spec())),
      (e: unknown) => e instanceof PlanError && e.message === 'container web1 has no LXD snapshot s1',
    );
    assert.throws(
      () => rollbackPlan(spec(), all('Running'), { name: '', container: false }, usage(), ownAll(spec())),
      PlanError,
    );
  });
});
