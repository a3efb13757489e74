// destroy and rollback touch only the instance's own data (issue 8 point 2): the plan refusals,
// the reading of what other instances use (usage.ts), and the spec's validation of substituted values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planCommand } from '../../../core/src/engine/engine';
import { SpecError } from '../../../core/src/engine/instanceSpec';
import { PlanError } from '../../../core/src/engine/planError';
import { destroyPlan } from '../../../core/src/engine/removePlans';
import { rollbackPlan } from '../../../core/src/engine/snapshotPlans';
import { datasetTrees, diskUses } from '../../../core/src/engine/usage';
import type { LxdRequest } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import { LxdRecordError } from '../../../core/src/lxd/records/parseRecord';
import { workspace } from '../../helpers';
import {
  disk,
  hostStep,
  type JournalEntry,
  lx,
  observed,
  RecordingHostDouble,
  RecordingLxdDouble,
  rootOf,
  specOf,
  usage,
} from './support';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'filesystems:',
  '  host: {pattern: "z/host/(instance)", destroy: true}',
  '  shared: {pattern: "z/shared", destroy: true}',
  '  sub: {pattern: "z/host/(instance)/sub", destroy: true}',
  '  dir: {pattern: "/srv/lxdops/(instance)", destroy: true}',
  '  keep: {pattern: "z/keep/(instance)"}',
);
const spec = () => specOf({ [ROOT]: CONFIG }, ROOT);
const existing = () =>
  observed({
    datasets: ['z/host/web1', 'z/shared', 'z/host/web1/sub', 'z/keep/web1'],
    paths: ['/srv/lxdops/web1'],
  });
const trees = { 'z/host/web1': { children: [{ name: 'z/host/web1/sub', mountpoint: '/z/host/web1/sub' }] } };

/** The message of the PlanError `fn` throws (fails when it does not throw one). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlanError) return e.message;
    throw e;
  }
  throw new Error('expected a PlanError');
}

describe("destroyPlan refuses what is not the instance's", () => {
  test('another instance has a disk on a dataset to destroy (any project): refused, naming it', () => {
    const message = refusal(() =>
      destroyPlan(
        spec(),
        existing(),
        usage({ trees, disks: [disk('web2', '/z/shared/data', { project: 'p2', device: 'home' })] }),
      ),
    );
    assert.match(message, /^destroy web1 refused: .*nothing was changed/);
    assert.match(
      message,
      /shared: z\/shared is in use: instance web2 \(project p2\) has its device `home` on \/z\/shared\/data/,
    );
  });

  test('a disk on the mountpoint itself, on a child dataset, or on the directory: each refused', () => {
    const disks = [disk('a', '/z/shared'), disk('b', '/z/host/web1/sub'), disk('c', '/srv/lxdops/web1')];
    const message = refusal(() => destroyPlan(spec(), existing(), usage({ trees, disks })));
    assert.match(message, /instance a has its device `data` on \/z\/shared/);
    assert.match(message, /host: z\/host\/web1 is in use: instance b/);
    assert.match(message, /dir: \/srv\/lxdops\/web1 is in use: instance c/);
  });

  test("the instance's own devices and other instances' disks elsewhere do not refuse", () => {
    const disks = [
      disk('web1', '/z/shared'),
      disk('web2', '/z/shared2'),
      disk('web2', '/z/host/web10'),
      disk('web1', '/z/host/web1', { project: 'other' }),
    ];
    const message = refusal(() => destroyPlan(spec(), existing(), usage({ trees, disks })));
    assert.doesNotMatch(message, /web1 has|web10|shared2/);
    assert.match(
      message,
      /instance web1 \(project other\)/,
      'the same name in another project is another instance',
    );
  });

  test("a child dataset that is not the instance's: refused, listing it", () => {
    const foreign = {
      'z/host/web1': {
        children: [
          { name: 'z/host/web1/sub', mountpoint: '/z/host/web1/sub' },
          { name: 'z/host/web1/other', mountpoint: '/z/host/web1/other' },
        ],
      },
    };
    const message = refusal(() => destroyPlan(spec(), existing(), usage({ trees: foreign })));
    assert.match(
      message,
      /host: z\/host\/web1 has child datasets that are not this instance's to destroy: z\/host\/web1\/other$/m,
    );
  });

  test('a pool, a system directory and a mount point: refused', () => {
    const s = specOf(
      {
        [ROOT]: lx(
          'filesystems:',
          '  a: {pattern: z, destroy: true}',
          '  b: {pattern: /usr, destroy: true}',
          '  c: {pattern: "/mnt/(instance)", destroy: true}',
        ),
      },
      ROOT,
    );
    const message = refusal(() =>
      destroyPlan(
        s,
        observed({ datasets: ['z'], paths: ['/usr', '/mnt/web1'] }),
        usage({ mountpoints: ['/mnt/web1'] }),
      ),
    );
    assert.match(message, /a: z is a whole ZFS pool/);
    assert.match(message, /b: \/usr is the system directory `\/usr`/);
    assert.match(message, /c: \/mnt\/web1 is a mount point/);
  });

  test('without refusals: exactly the snapshots and child datasets listed; the own child has no step of its own', () => {
    const t = {
      'z/host/web1': { ...trees['z/host/web1'], snapshots: ['z/host/web1@s1', 'z/host/web1/sub@s1'] },
      'z/shared': {},
    };
    const plan = destroyPlan(spec(), existing(), usage({ trees: t }));
    assert.deepEqual(plan.steps, [
      hostStep(
        'destroy z/host/web1 with its snapshots z/host/web1@s1, z/host/web1/sub@s1 and its child datasets z/host/web1/sub',
        ['zfs', 'destroy', '-r', '--', 'z/host/web1'],
        { destructive: true, retryBusy: true },
      ),
      hostStep(
        'destroy z/shared (no snapshots, no child datasets)',
        ['zfs', 'destroy', '-r', '--', 'z/shared'],
        { destructive: true, retryBusy: true },
      ),
      hostStep(
        'delete directory /srv/lxdops/web1 and everything in it',
        ['rm', '-rf', '--one-file-system', '--', '/srv/lxdops/web1'],
        { destructive: true },
      ),
    ]);
    assert.ok(plan.notes.includes('z/host/web1/sub goes with z/host/web1'));
  });

  test('a re-run after a partial failure: only what is left is destroyed, without refusal', () => {
    const plan = destroyPlan(
      spec(),
      observed({ datasets: ['z/shared'] }),
      usage({ trees: { 'z/shared': {} } }),
    );
    assert.deepEqual(
      plan.steps.map((s) => s.description),
      ['destroy z/shared (no snapshots, no child datasets)'],
    );
  });
});

describe('rollbackPlan refuses while another instance uses a dataset it rolls back', () => {
  const RB = lx('filesystems:', '  a: {pattern: "z/a/(instance)"}', '  b: {pattern: "z/b"}');
  const rbSpec = () => specOf({ [ROOT]: RB }, ROOT);
  const snaps = () => observed({ datasets: ['z/a/web1', 'z/a/web1@s1', 'z/b', 'z/b@s1'] });

  test('a disk of another instance below the dataset: refused', () => {
    const message = refusal(() =>
      rollbackPlan(
        rbSpec(),
        snaps(),
        { name: 's1', container: false },
        usage({ disks: [disk('web2', '/z/b/www')] }),
      ),
    );
    assert.match(message, /^rollback web1 refused/);
    assert.match(message, /b: z\/b is in use: instance web2 has its device `data` on \/z\/b\/www/);
  });

  test("a disk on a child dataset (which the rollback leaves alone), or the instance's own: no refusal", () => {
    const u = usage({
      disks: [disk('web2', '/z/b/child/www'), disk('web1', '/z/a/web1')],
      trees: { 'z/b': { children: [{ name: 'z/b/child', mountpoint: '/z/b/child' }] } },
    });
    assert.equal(rollbackPlan(rbSpec(), snaps(), { name: 's1', container: false }, u).steps.length, 2);
  });
});

describe('usage.ts reads what other instances use, read-only', () => {
  test("one GET of every project's instances; disks with a host source, normalised; other devices ignored", async () => {
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(journal, () => [
      {
        name: 'a',
        status: 'Running',
        project: 'p',
        expanded_devices: {
          d: { type: 'disk', source: '/z/x//y/' },
          root: { type: 'disk', path: '/', pool: 'default' },
          eth0: { type: 'nic' },
        },
      },
      { name: 'b', status: 'Stopped', project: '', expanded_devices: null },
    ]);
    assert.deepEqual(await diskUses(lxd), [{ instance: 'a', project: 'p', device: 'd', source: '/z/x/y' }]);
    assert.deepEqual(journal, [
      { door: 'lxd.call', request: { method: 'GET', path: '/1.0/instances?recursion=1&all-projects=true' } },
    ]);
  });

  test('an instance record without a name is an error naming the field, not "nobody uses it"', async () => {
    const lxd = new RecordingLxdDouble([], () => [{ project: 'p', status: 'Running' }]);
    await assert.rejects(
      diskUses(lxd),
      (e: unknown) => e instanceof LxdRecordError && /\[0\]\.name: missing/.test(e.message),
    );
  });

  test('zfs list -r with -- before the names; children and snapshots by dataset; a failure is an error', async () => {
    const journal: JournalEntry[] = [];
    const host = new RecordingHostDouble(journal, () => ({
      exitCode: 0,
      stderr: '',
      stdout: 'z/a\t/z/a\nz/a@s1\t-\nz/a/c\t/mnt/c\n',
    }));
    const t = await datasetTrees(host, ['z/a']);
    assert.deepEqual(t.get('z/a'), {
      mountpoint: '/z/a',
      children: [{ name: 'z/a/c', mountpoint: '/mnt/c' }],
      snapshots: ['z/a@s1'],
    });
    assert.deepEqual(journal[0], {
      door: 'host.run',
      command: {
        argv: ['zfs', 'list', '-H', '-o', 'name,mountpoint', '-t', 'filesystem,snapshot', '-r', '--', 'z/a'],
        sudo: false,
      },
    });
    const failing = new RecordingHostDouble([], () => ({
      exitCode: 1,
      stdout: '',
      stderr: 'permission denied',
    }));
    await assert.rejects(datasetTrees(failing, ['z/a']), /zfs list failed \(exit 1\): permission denied/);
  });

  test('planCommand destroy: refused after reading only (no host command but `zfs list` and `mountpoint`, no LXD write)', async () => {
    const files = { [ROOT]: lx('filesystems:', '  shared: {pattern: "z/shared", destroy: true}') };
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(journal, (r: LxdRequest) => {
      if (r.path.startsWith('/1.0/instances?'))
        return [
          {
            name: 'web2',
            status: 'Running',
            project: 'default',
            expanded_devices: { d: { type: 'disk', source: '/z/shared' } },
          },
        ];
      if (r.path.startsWith('/1.0/profiles')) return [];
      throw new LxdError('not found', 404, r.method, r.path);
    });
    const host = new RecordingHostDouble(journal, (c) => ({
      exitCode: 0,
      stderr: '',
      stdout: c.argv.includes('name,mounted') ? 'z/shared\tyes\n' : 'z/shared\t/z/shared\n',
    }));
    await assert.rejects(
      planCommand('destroy', rootOf(files, ROOT), workspace(files).ws, { lxd, host }),
      /in use: instance web2/,
    );
    assert.ok(
      journal.every((e) =>
        e.door === 'lxd.call'
          ? e.request.method === 'GET'
          : e.door !== 'host.run' ||
            (['zfs', 'mountpoint'].includes(e.command.argv[0]!) && !e.command.argv.includes('destroy')),
      ),
      JSON.stringify(journal),
    );
  });

  // found by the adversarial suite: `-s a@b` reached `zfs list -- z/a@a@b` before it was refused
  for (const name of ['a@b', 'a/b', '-rf', '..', '']) {
    test(`planCommand snapshot/rollback with the snapshot name \`${name}\`: refused before any door is used`, async () => {
      const files = { [ROOT]: lx('filesystems:', '  h: {pattern: "z/h/(instance)"}') };
      for (const command of ['snapshot', 'rollback'] as const) {
        const journal: JournalEntry[] = [];
        const lxd = new RecordingLxdDouble(journal, () => []);
        const host = new RecordingHostDouble(journal, () => ({ exitCode: 0, stdout: '', stderr: '' }));
        await assert.rejects(
          planCommand(
            command,
            rootOf(files, ROOT),
            workspace(files).ws,
            { lxd, host },
            { snapshotName: name },
          ),
          (e: unknown) =>
            e instanceof PlanError && e.message.startsWith(`snapshot name \`${name}\` must start`),
        );
        assert.deepEqual(journal, []);
      }
    });
  }
});

describe('instanceSpec validates substituted values before any plan (SpecError, exit 1)', () => {
  const specError = (files: Record<string, string>, root: string, o = {}) => {
    try {
      specOf(files, root, o);
    } catch (e) {
      if (e instanceof SpecError) return e.message;
      throw e;
    }
    throw new Error('expected a SpecError');
  };

  test("-P y=-rf: names the field, the value and the property's source", () => {
    const message = specError({ [ROOT]: lx('filesystems:', '  h: {pattern: "(y)/x"}') }, ROOT, {
      commandLineProperties: new Map([['y', '-rf']]),
    });
    assert.equal(
      message,
      'filesystems.h.pattern `(y)/x` = `-rf/x` starts with `-`, which a command would read as an option; property `y` = `-rf` set with -P on the command line: nothing was done',
    );
  });

  test('an instance named `..` (a config `...yaml`) is refused', () => {
    assert.match(
      specError({ '/ws/...yaml': lx('container: c1') }, '/ws/...yaml'),
      /the instance name `\.\.` is `\.\.`, which names no instance/,
    );
  });

  for (const [what, line, pattern] of [
    ['a `..` in a directory', '  h: {pattern: "/tmp/x/../../usr"}', /`\.\.` component/],
    ['an invalid dataset name', '  h: {pattern: "z//x"}', /not a valid ZFS dataset name/],
    ['a control character', '  h: {pattern: "z/a\\tb"}', /control character U\+0009/],
  ] as const) {
    test(`${what}: refused`, () => {
      assert.match(specError({ [ROOT]: lx('filesystems:', line) }, ROOT), pattern);
    });
  }

  test('a device dir that leaves its filesystem, a container name LXD refuses, a leading - in device-owner', () => {
    const fs = ['filesystems:', '  h: {pattern: "z/h/(instance)"}'];
    assert.match(
      specError({ [ROOT]: lx(...fs, 'devices:', '  d: {path: /d, filesystem: h, dir: ../../etc}') }, ROOT),
      /devices\.d\.dir `\.\.\/\.\.\/etc` leaves its filesystem/,
    );
    // found by the adversarial suite: an absolute system dir was planned as `mkdir -p /etc`, `chown ... /etc`
    assert.match(
      specError({ [ROOT]: lx(...fs, 'devices:', '  d: {path: /d, filesystem: h, dir: /etc/}') }, ROOT),
      /devices\.d\.dir `\/etc\/` is the system directory `\/etc`/,
    );
    assert.match(
      specError({ [ROOT]: lx('container: "a_b"') }, ROOT),
      /container `a_b` is not a valid LXD instance name/,
    );
    assert.match(specError({ [ROOT]: lx('device-owner: "-R"') }, ROOT), /device-owner `-R` starts with `-`/);
  });

  test('normalised: `//` and a trailing `/` in directories; a device dir inside its filesystem', () => {
    const s = specOf(
      {
        [ROOT]: lx(
          'filesystems:',
          '  h: {pattern: "/srv//x/(instance)/"}',
          'devices:',
          '  d: {path: /d, filesystem: h, dir: a/../b}',
        ),
      },
      ROOT,
    );
    assert.equal(s.filesystems[0]!.dir, '/srv/x/web1');
    assert.equal(s.devices[0]!.source, '/srv/x/web1/b');
  });
});
