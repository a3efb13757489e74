// deletePlan and destroyPlan (reference §6.4, §6.5, without the ⚠ bugs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { destructiveSteps } from '../../../core/src/engine/plan';
import { deletePlan, destroyPlan } from '../../../core/src/engine/removePlans';
import {
  forgetStep,
  hostStep,
  inst,
  lx,
  lxdStep,
  observed,
  ownAll,
  specOf,
  stateStep,
  usage,
} from './support';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'project: web',
  'filesystems:',
  '  host:',
  '    pattern: z/demo/host/(instance)',
  '    destroy: true',
  '  keep:',
  '    pattern: z/demo/keep/(instance)',
  '  log:',
  '    pattern: /var/lib/lxdops/(instance)/log',
  '    destroy: true',
  '  keepdir:',
  '    pattern: /srv/(instance)',
  '  gone:',
  '    pattern: z/demo/gone/(instance)',
  '    destroy: true',
);
const spec = () => specOf({ [ROOT]: CONFIG }, ROOT);
const everything = (status?: string) =>
  observed({
    ...(status ? { instance: inst('web1', status, { profiles: ['default', 'web1.lxdops'] }) } : {}),
    profiles: ['default', 'web1.lxdops'],
    datasets: ['z/demo/host/web1', 'z/demo/keep/web1'],
    paths: ['/var/lib/lxdops/web1/log', '/srv/web1'],
  });

const DELETE_INSTANCE = lxdStep(
  'delete container web1 (its root filesystem and LXD snapshots)',
  'DELETE',
  '/1.0/instances/web1',
  'web',
  undefined,
  { destructive: true, accept: [404] },
);
const DELETE_PROFILE = lxdStep(
  'delete profile web1.lxdops',
  'DELETE',
  '/1.0/profiles/web1.lxdops',
  'web',
  undefined,
  { accept: [404], destructive: true },
);
const ZFS_DESTROY = hostStep(
  'destroy z/demo/host/web1 (no snapshots, no child datasets)',
  ['zfs', 'destroy', '-r', '--', 'z/demo/host/web1'],
  { destructive: true, retryBusy: true },
);
const RM_DIR = hostStep(
  'delete directory /var/lib/lxdops/web1/log and everything in it',
  ['rm', '-rf', '--one-file-system', '--', '/var/lib/lxdops/web1/log'],
  { destructive: true },
);

const FORGET_DIR = forgetStep('/var/lib/lxdops/web1/log', 'web/web1');

describe('destroyPlan', () => {
  test('running: forced stop, delete, profile, then only the existing `destroy: true` filesystems (zfs -r with retry; dirs with sudo)', () => {
    const plan = destroyPlan(spec(), everything('Running'), usage(), ownAll(spec()));
    assert.equal(plan.command, 'destroy');
    assert.equal(plan.project, 'web');
    assert.deepEqual(plan.steps, [
      stateStep('web1', 'web', 'stop', true),
      DELETE_INSTANCE,
      DELETE_PROFILE,
      ZFS_DESTROY,
      RM_DIR,
      FORGET_DIR,
    ]);
    assert.deepEqual(plan.notes, ['kept (no destroy: true): z/demo/keep/web1, /srv/web1']);
  });

  test('the plain directory is removed through sudo, as data (nothing runs while planning)', () => {
    const rm = destroyPlan(spec(), everything('Stopped'), usage(), ownAll(spec())).steps.find(
      (s) => s.kind === 'host' && s.command.argv[0] === 'rm',
    );
    assert.ok(rm && rm.kind === 'host');
    assert.equal(rm.command.sudo, true);
  });

  test('stopped: no stop step', () => {
    assert.deepEqual(destroyPlan(spec(), everything('Stopped'), usage(), ownAll(spec())).steps, [
      DELETE_INSTANCE,
      DELETE_PROFILE,
      ZFS_DESTROY,
      RM_DIR,
      FORGET_DIR,
    ]);
  });

  test('no container and no profile: only the filesystems', () => {
    const o = everything();
    o.profiles.delete('web1.lxdops');
    const plan = destroyPlan(spec(), o, usage(), ownAll(spec()));
    assert.deepEqual(plan.steps, [ZFS_DESTROY, RM_DIR, FORGET_DIR]);
    assert.deepEqual(plan.notes, [
      'container web1 does not exist',
      'kept (no destroy: true): z/demo/keep/web1, /srv/web1',
    ]);
  });

  test('nothing exists: nothing to do', () => {
    assert.deepEqual(destroyPlan(spec(), observed(), usage(), ownAll(spec())).steps, []);
  });

  test('destructiveSteps lists exactly the container delete, its profile and the two filesystems', () => {
    assert.deepEqual(destructiveSteps(destroyPlan(spec(), everything('Running'), usage(), ownAll(spec()))), [
      DELETE_INSTANCE,
      DELETE_PROFILE,
      ZFS_DESTROY,
      RM_DIR,
    ]);
  });

  test('deletes accept 404 (already gone counts as done)', () => {
    const plan = destroyPlan(spec(), everything('Stopped'), usage(), ownAll(spec()));
    for (const s of plan.steps.filter((x) => x.kind === 'lxd'))
      assert.deepEqual(s.kind === 'lxd' && s.accept, [404], s.description);
  });
});

describe('deletePlan', () => {
  test('running: forced stop, delete, profile; every filesystem is kept and listed', () => {
    const plan = deletePlan(spec(), everything('Running'));
    assert.equal(plan.command, 'delete');
    assert.deepEqual(plan.steps, [stateStep('web1', 'web', 'stop', true), DELETE_INSTANCE, DELETE_PROFILE]);
    assert.deepEqual(plan.notes, [
      'filesystems kept: z/demo/host/web1, z/demo/keep/web1, /var/lib/lxdops/web1/log, /srv/web1',
    ]);
  });

  test('stopped: delete and profile only; a missing profile is not deleted', () => {
    const o = everything('Stopped');
    assert.deepEqual(deletePlan(spec(), o).steps, [DELETE_INSTANCE, DELETE_PROFILE]);
    o.profiles.delete('web1.lxdops');
    assert.deepEqual(deletePlan(spec(), o).steps, [DELETE_INSTANCE]);
  });

  test('no container: a note, no step', () => {
    const plan = deletePlan(spec(), observed());
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.notes, ['container web1 does not exist']);
  });
});
