// renamePlan (reference §6.6): the container, its root filesystems, and the instance profile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceSpec } from '../../../core/src/engine/instanceSpec';
import { NotOwnedError } from '../../../core/src/engine/ownership';
import { PlanError } from '../../../core/src/engine/planError';
import { renamePlan } from '../../../core/src/engine/renamePlan';
import {
  forgetStep,
  hostStep,
  inst,
  lx,
  lxdStep,
  observed,
  ownAll,
  recordStep,
  rootOf,
  stateStep,
} from './support';

const ROOT = '/ws/web1.yaml';
const LOG = '/var/lib/lxdops/web1';
const CONFIG = lx(
  'profiles: [default]',
  'filesystems:',
  '  host:',
  '    pattern: z/demo/host/(instance)',
  '  sub:',
  '    pattern: z/demo/host/(instance)/sub',
  '  log:',
  '    pattern: /var/lib/lxdops/(instance)',
  '  shared:',
  '    pattern: z/shared',
  'devices:',
  '  home:',
  '    path: /home',
  '    filesystem: host',
  '  data:',
  '    path: /data',
  '    filesystem: sub',
  '    dir: .',
  '  log:',
  '    path: /var/log',
  '    filesystem: log',
  '    dir: .',
);
const specs = (newName = 'web2') => {
  const r = rootOf({ [ROOT]: CONFIG }, ROOT);
  return { from: instanceSpec(r), to: instanceSpec(r, newName) };
};
const source = (status: string, profiles = ['default', 'web1.lxdops']) =>
  observed({
    instance: inst('web1', status, { profiles }),
    profiles: ['default', 'web1.lxdops'],
    datasets: ['z/demo/host/web1', 'z/demo/host/web1/sub', 'z/shared'],
    paths: ['/var/lib/lxdops/web1'],
  });
const target = () => observed({ profiles: ['default', 'web1.lxdops'], datasets: ['z/shared'] });

const NEW_PROFILE = lxdStep('create profile web2.lxdops', 'POST', '/1.0/profiles', 'default', {
  name: 'web2.lxdops',
  description: 'lxdops profile',
  config: {},
  devices: {
    home: { type: 'disk', path: '/home', source: '/z/demo/host/web2/home' },
    data: { type: 'disk', path: '/data', source: '/z/demo/host/web2/sub' },
    log: { type: 'disk', path: '/var/log', source: '/var/lib/lxdops/web2' },
  },
});

describe('renamePlan', () => {
  test('running: stop, rename, root filesystems (zfs rename / mv), new profile, profile swap, old profile deleted, start', () => {
    const { from, to } = specs();
    const plan = renamePlan(from, to, source('Running'), target(), ownAll(from));
    assert.equal(plan.command, 'rename');
    assert.deepEqual(plan.steps, [
      lxdStep('remember to start web1 again', 'PATCH', '/1.0/instances/web1', 'default', {
        config: { 'user.lxdops.restart': 'true' },
      }),
      stateStep('web1', 'default', 'stop'),
      lxdStep('rename container web1 to web2', 'POST', '/1.0/instances/web1', 'default', { name: 'web2' }),
      // `sub` is nested in `host` and moves with it; `shared` does not depend on the name
      // zfs-fuse calls a mounted dataset busy: unmount, rename, mount, wait for the mount
      hostStep('unmount z/demo/host/web1', ['zfs', 'umount', '--', 'z/demo/host/web1'], { retryBusy: true }),
      hostStep(
        'rename z/demo/host/web1 to z/demo/host/web2',
        ['zfs', 'rename', '--', 'z/demo/host/web1', 'z/demo/host/web2'],
        { retryBusy: true },
      ),
      hostStep('mount z/demo/host/web2', ['zfs', 'mount', '--', 'z/demo/host/web2'], { retryBusy: true }),
      {
        kind: 'host',
        description: 'wait until /z/demo/host/web2 is mounted',
        destructive: false,
        command: { argv: ['mountpoint', '-q', '--', '/z/demo/host/web2'], sudo: false, until: 50 },
      },
      hostStep('move /var/lib/lxdops/web1 to /var/lib/lxdops/web2', [
        'mv',
        '-T',
        '--',
        '/var/lib/lxdops/web1',
        '/var/lib/lxdops/web2',
      ]),
      // what was the old instance's is the new one's: marks and records move
      hostStep('set lxdops:owner=default/web2 on z/demo/host/web2', [
        'zfs',
        'set',
        'lxdops:owner=default/web2',
        'z/demo/host/web2',
      ]),
      hostStep('set lxdops:owner=default/web2 on z/demo/host/web2/sub', [
        'zfs',
        'set',
        'lxdops:owner=default/web2',
        'z/demo/host/web2/sub',
      ]),
      recordStep('/var/lib/lxdops/web2', 'default/web2'),
      forgetStep('/var/lib/lxdops/web1'),
      NEW_PROFILE,
      lxdStep('set the profiles of web2: default, web2.lxdops', 'PATCH', '/1.0/instances/web2', 'default', {
        profiles: ['default', 'web2.lxdops'],
      }),
      lxdStep('delete profile web1.lxdops', 'DELETE', '/1.0/profiles/web1.lxdops', 'default', undefined, {
        accept: [404],
      }),
      stateStep('web2', 'default', 'start'),
      lxdStep('forget the restart note of web2', 'PATCH', '/1.0/instances/web2', 'default', {
        config: { 'user.lxdops.restart': '' },
      }),
    ]);
    assert.deepEqual(plan.notes, ['new name: web2 (container web2)']);
  });

  test('stopped: no stop or start; the profile keeps its place in the list', () => {
    const { from, to } = specs();
    const steps = renamePlan(
      from,
      to,
      source('Stopped', ['a', 'web1.lxdops', 'b']),
      target(),
      ownAll([from, to]),
    ).steps;
    assert.equal(steps[0]!.description, 'rename container web1 to web2');
    assert.equal(steps.at(-1)!.description, 'delete profile web1.lxdops');
    assert.deepEqual(
      steps.find((s) => s.kind === 'lxd' && s.request.method === 'PATCH'),
      lxdStep('set the profiles of web2: a, web2.lxdops, b', 'PATCH', '/1.0/instances/web2', 'default', {
        profiles: ['a', 'web2.lxdops', 'b'],
      }),
    );
  });

  test('the new profile is appended when the container did not have the old one', () => {
    const { from, to } = specs();
    const steps = renamePlan(from, to, source('Stopped', ['default']), target(), ownAll([from, to])).steps;
    assert.deepEqual(
      steps.find((s) => s.kind === 'lxd' && s.request.method === 'PATCH'),
      lxdStep('set the profiles of web2: default, web2.lxdops', 'PATCH', '/1.0/instances/web2', 'default', {
        profiles: ['default', 'web2.lxdops'],
      }),
    );
  });

  test('filesystems that do not exist are not moved', () => {
    const { from, to } = specs();
    const o = source('Stopped');
    o.paths.clear();
    assert.equal(
      renamePlan(from, to, o, target(), ownAll([from, to])).steps.some(
        (s) => s.kind === 'host' && s.command.argv[0] === 'mv',
      ),
      false,
    );
  });

  test('refusals: same name, missing container, target container, target profile, target filesystem', () => {
    const { from, to } = specs();
    assert.throws(
      () => renamePlan(from, specs('web1').to, source('Running'), target(), ownAll([from, specs('web1').to])),
      (e: unknown) => e instanceof PlanError && e.message === 'cannot rename to the same name',
    );
    assert.throws(
      () => renamePlan(from, to, observed(), target(), ownAll([from, to])),
      (e: unknown) => e instanceof PlanError && e.message === 'container web1 does not exist',
    );
    const t1 = target();
    t1.instance = inst('web2', 'Stopped');
    assert.throws(
      () => renamePlan(from, to, source('Running'), t1, ownAll([from, to])),
      (e: unknown) => e instanceof PlanError && e.message === 'container web2 already exists',
    );
    const t2 = target();
    t2.profiles.add('web2.lxdops');
    assert.throws(
      () => renamePlan(from, to, source('Running'), t2, ownAll([from, to])),
      (e: unknown) => e instanceof PlanError && e.message === 'profile web2.lxdops already exists',
    );
    const t3 = target();
    t3.datasets.add('z/demo/host/web2');
    assert.throws(
      () => renamePlan(from, to, source('Running'), t3, ownAll([from, to])),
      (e: unknown) =>
        e instanceof PlanError &&
        e.message === 'both z/demo/host/web1 and z/demo/host/web2 exist: move one of them away first',
    );
    const t4 = target();
    t4.paths.add('/var/lib/lxdops/web2');
    assert.throws(
      () => renamePlan(from, to, source('Running'), t4, ownAll([from, to])),
      (e: unknown) =>
        e instanceof PlanError &&
        e.message === 'both /var/lib/lxdops/web1 and /var/lib/lxdops/web2 exist: move one of them away first',
    );
  });

  test('a rename that stopped half-way is completed: the container is already renamed, one dataset too', () => {
    const { from, to } = specs();
    const o = source('Stopped');
    delete o.instance;
    o.datasets.delete('z/demo/host/web1');
    const t = target();
    t.instance = inst('web2', 'Stopped', { profiles: ['default', 'web1.lxdops'] });
    t.datasets.add('z/demo/host/web2');
    const plan = renamePlan(from, to, o, t, ownAll([from, to]));
    assert.deepEqual(
      plan.steps.map((x) => x.description),
      [
        'move /var/lib/lxdops/web1 to /var/lib/lxdops/web2',
        'set lxdops:owner=default/web2 on z/demo/host/web2',
        'set lxdops:owner=default/web2 on z/demo/host/web2/sub',
        "record /var/lib/lxdops/web2 as default/web2's (/var/lib/lxdops-owners)",
        'forget the record of /var/lib/lxdops/web1 for default/web1',
        'create profile web2.lxdops',
        'set the profiles of web2: default, web2.lxdops',
        'delete profile web1.lxdops',
      ],
    );
    assert.match(plan.notes[1]!, /the rename of the container is done/);
  });

  test('a half-done rename of a running container starts it at the end (the note kept on the container)', () => {
    const { from, to } = specs();
    const o = source('Stopped');
    delete o.instance;
    const t = target();
    t.instance = inst('web2', 'Stopped', {
      profiles: ['default', 'web1.lxdops'],
      config: { 'user.lxdops.restart': 'true' },
    });
    const d = renamePlan(from, to, o, t, ownAll([from, to])).steps.map((x) => x.description);
    assert.deepEqual(d.slice(-2), ['start web2', 'forget the restart note of web2']);
  });
  test('the owner mark moves: renamed datasets with the old instance own mark get the new one, others keep theirs', () => {
    const { from, to } = specs();
    const marks = new Map([
      ['z/demo/host/web1', 'default/web1'],
      // a child moved with its parent, marked by launch too
      ['z/demo/host/web1/sub', 'default/web1'],
      // not renamed (its name does not depend on the instance), and another instance's
      ['z/shared', 'default/web1'],
    ]);
    const plan = renamePlan(from, to, source('Stopped'), target(), { marks, dirs: new Set([LOG]) });
    const sets = plan.steps.filter((x) => x.kind === 'host' && x.command.argv[1] === 'set');
    assert.deepEqual(sets, [
      hostStep('set lxdops:owner=default/web2 on z/demo/host/web2', [
        'zfs',
        'set',
        'lxdops:owner=default/web2',
        'z/demo/host/web2',
      ]),
      hostStep('set lxdops:owner=default/web2 on z/demo/host/web2/sub', [
        'zfs',
        'set',
        'lxdops:owner=default/web2',
        'z/demo/host/web2/sub',
      ]),
    ]);
    const order = plan.steps.map((x) => x.description);
    assert.ok(
      order.indexOf('rename z/demo/host/web1 to z/demo/host/web2') <
        order.indexOf('set lxdops:owner=default/web2 on z/demo/host/web2'),
      'the mark is set under the new name, after the rename',
    );
  });

  test('no mark of the old instance of its own (none, inherited, or another owner): refused (not-owned), with the reason of each', () => {
    const { from, to } = specs();
    // an inherited mark is read as undefined (ownerMarks keeps only source=local)
    const marks = new Map([
      ['z/demo/host/web1', undefined],
      ['z/demo/host/web1/sub', 'default/other'],
    ]);
    assert.throws(
      () => renamePlan(from, to, source('Stopped'), target(), { marks, dirs: new Set() }),
      (e: Error) =>
        e instanceof NotOwnedError &&
        /^rename web1 refused: .*nothing was changed/.test(e.message) &&
        /host: z\/demo\/host\/web1 has no lxdops:owner mark of its own .*lxdops adopt \/ws\/web1\.yaml/.test(
          e.message,
        ) &&
        /sub: z\/demo\/host\/web1\/sub belongs to default\/other \(its lxdops:owner mark\), not default\/web1/.test(
          e.message,
        ) &&
        /log: the directory \/var\/lib\/lxdops\/web1 has no lxdops record for default\/web1/.test(
          e.message,
        ) &&
        !/shared/.test(e.message),
    );
  });

  test('the record of a moved directory moves to the new instance and path', () => {
    const { from, to } = specs();
    const d = renamePlan(from, to, source('Stopped'), target(), ownAll([from])).steps;
    const records = d.filter((x) => x.kind === 'host' && /^(mkdir|rmdir)$/.test(x.command.argv[0]!));
    assert.deepEqual(
      records.map((x) => (x.kind === 'host' ? x.command.argv.join(' ') : '')),
      [
        'mkdir -p -- /var/lib/lxdops-owners/default/web2/%2Fvar%2Flib%2Flxdops%2Fweb2',
        'rmdir -- /var/lib/lxdops-owners/default/web1/%2Fvar%2Flib%2Flxdops%2Fweb1',
      ],
    );
  });

  test('a half-done rename whose dataset was renamed but kept the old mark gets the mark moved', () => {
    const { from, to } = specs();
    const o = source('Stopped');
    delete o.instance;
    o.datasets.delete('z/demo/host/web1');
    o.datasets.delete('z/demo/host/web1/sub');
    const t = target();
    t.instance = inst('web2', 'Stopped', { profiles: ['default', 'web2.lxdops'] });
    t.datasets.add('z/demo/host/web2');
    t.datasets.add('z/demo/host/web2/sub');
    const marks = new Map([
      ['z/demo/host/web2', 'default/web1'],
      ['z/demo/host/web2/sub', 'default/web2'],
    ]);
    const d = renamePlan(from, to, o, t, { marks, dirs: new Set([LOG]) }).steps.map((x) => x.description);
    assert.ok(d.includes('set lxdops:owner=default/web2 on z/demo/host/web2'), d.join('\n'));
    assert.ok(!d.includes('set lxdops:owner=default/web2 on z/demo/host/web2/sub'), 'already moved');
  });

  describe('the containers safe rebuilds kept for the instance move with it', () => {
    const kept = (name: string, state = 'kept') => ({
      name,
      status: 'Stopped',
      time: '2026-11-30T10:00:00.000Z',
      safety: 'lxdops-safe-20261130100000',
      state,
      profiles: ['default', 'web1.lxdops'],
      config: {},
    });
    const carried = (from: string) => [
      ...(from === 'web2-kept-20261130100000'
        ? []
        : [
            lxdStep(
              `rename the kept container ${from} to web2-kept-20261130100000`,
              'POST',
              `/1.0/instances/${from}`,
              'default',
              {
                name: 'web2-kept-20261130100000',
              },
            ),
          ]),
      lxdStep(
        'record on web2-kept-20261130100000 that it is kept for web2',
        'PATCH',
        '/1.0/instances/web2-kept-20261130100000',
        'default',
        {
          config: { 'user.lxdops.kept.for': 'web2' },
          profiles: ['default', 'web2.lxdops'],
        },
      ),
    ];
    const descriptions = (plan: { steps: { description: string }[] }) => plan.steps.map((x) => x.description);

    test('renamed <new>-kept-<stamp>, its record and profile list at the new instance, before the old profile is deleted', () => {
      const { from, to } = specs();
      const plan = renamePlan(from, to, source('Stopped'), target(), ownAll(from), {
        kept: [kept('web1-kept-20261130100000')],
      });
      const d = descriptions(plan);
      const at = d.indexOf('rename the kept container web1-kept-20261130100000 to web2-kept-20261130100000');
      assert.deepEqual(plan.steps.slice(at, at + 2), carried('web1-kept-20261130100000'));
      assert.ok(at > d.indexOf('create profile web2.lxdops'), d.join('\n'));
      assert.ok(at < d.indexOf('delete profile web1.lxdops'), d.join('\n'));
    });

    test('a run again after a kill: one already renamed is only recorded; a name without a stamp gets its kept time', () => {
      const { from, to } = specs();
      const again = renamePlan(from, to, source('Stopped'), target(), ownAll(from), {
        kept: [kept('web2-kept-20261130100000')],
      });
      assert.ok(!descriptions(again).some((x) => x.startsWith('rename the kept container')));
      assert.ok(descriptions(again).includes('record on web2-kept-20261130100000 that it is kept for web2'));
      const odd = renamePlan(from, to, source('Stopped'), target(), ownAll(from), {
        kept: [kept('old-web1')],
      });
      assert.ok(descriptions(odd).includes('rename the kept container old-web1 to web2-kept-20261130100000'));
    });

    test('refused while a safe rebuild is unfinished (a pending kept container, a -next one), and when the kept name is too long', () => {
      const { from, to } = specs();
      for (const safe of [
        { kept: [kept('web1-kept-20261130100000', 'pending')] },
        { kept: [], next: { name: 'web1-next', status: 'Stopped', config: {} } },
      ])
        assert.throws(
          () => renamePlan(from, to, source('Stopped'), target(), ownAll(from), safe),
          (e: unknown) =>
            e instanceof PlanError && e.code === 'rebuild-unfinished' && /did not finish/.test(e.message),
        );
      const long = specs('w'.repeat(60));
      assert.throws(
        () =>
          renamePlan(long.from, long.to, source('Stopped'), target(), ownAll(long.from), {
            kept: [kept('web1-kept-20261130100000')],
          }),
        (e: unknown) => e instanceof PlanError && e.code === 'rebuild-name-too-long',
      );
    });
  });
});
