// The operation pipeline on the real stack: pre-flight refuses before anything is created, a
// failed runcmd is recorded on the instance, cleanup removes exactly what a half-done launch made,
// and apply after an external change re-plans instead of running (issue 8, points 1, 4 and 6).
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { DiskFileSystem } from '../../core/src/fs/diskFileSystem';
import { openDoors } from '../../core/src/hosts/openDoors';
import { apply } from '../../core/src/operations/apply';
import { prepare } from '../../core/src/operations/prepare';
import {
  datasets,
  instance,
  lxdops,
  must,
  names,
  ok,
  profile,
  ROOT,
  shown,
  stackHooks,
  standardConfig,
  write,
  zfsGet,
  SERVER_CLI,
  SOCKET,
} from './stack';

const N = names('ops1');
let dir = '';

function config(n: number, o: Parameters<typeof standardConfig>[1] = {}): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, o));
}

/** What exists of this file's names: its datasets, profiles and containers. */
async function ours(): Promise<{ datasets: string[]; profiles: string[]; instances: string[] }> {
  const prefix = N.prefix;
  const list = async (args: string[]) =>
    (JSON.parse(await must(SERVER_CLI, [...args, '--format', 'json'])) as { name: string }[])
      .map((x) => x.name)
      .filter((n) => n.startsWith(prefix))
      .sort();
  return {
    datasets: [...(await datasets(N.datasets)).keys()].sort(),
    profiles: await list(['profile', 'list']),
    instances: await list(['list']),
  };
}

const NOTHING = { datasets: [], profiles: [], instances: [] };

describe('integration: pre-flight, record, cleanup, apply', () => {
  stackHooks(N.tag, { ready: (d) => (dir = d) });

  test('an image that does not exist: refused at os.image before anything is created (no dataset, no profile)', async () => {
    const r = await lxdops(['launch', config(1, { image: 'nosuchimage' })], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      new RegExp(
        `${N.name(1)}\\.yaml:2:\\d+: error image-missing: os\\.image: no image with the alias nosuchimage`,
      ),
    );
    assert.match(r.stderr, /nothing was changed/);
    assert.deepEqual(await ours(), NOTHING);
  });

  test('an image remote that does not answer (no network here): refused, nothing created', async () => {
    const r = await lxdops(['launch', config(2, { image: 'images:alpine/3.19' })], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      /error image-remote-unreachable: os\.image: the image remote https:\/\/images\.linuxcontainers\.org does not answer/,
    );
    assert.deepEqual(await ours(), NOTHING);
  });

  test('compression: lz4 on zfs-fuse: refused at the value with what this ZFS accepts, nothing created', async () => {
    const cfg = config(3, {
      filesystems: [`extra: {pattern: "${N.datasets}/extra/(instance)", zfsproperties: {compression: lz4}}`],
    });
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      /error zfs-property-refused: filesystems\.extra\.zfsproperties\.compression: this ZFS accepts compression: on \| off \| lzjb \| gzip \| gzip-\[1-9\] \| zle, not `lz4`/,
    );
    assert.deepEqual(await ours(), NOTHING);
  });

  test('a missing profile: refused at its entry, nothing created', async () => {
    const r = await lxdops(['launch', config(4, { profiles: ['default', 'nosuchprofile'] })], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      new RegExp(
        `${N.name(4)}\\.yaml:3:\\d+: error profile-missing: missing profiles in project default: nosuchprofile`,
      ),
    );
    assert.deepEqual(await ours(), NOTHING);
  });

  test('a failing runcmd: the launch fails and the instance records configure-failed, the step and the output', async () => {
    write(join(dir, 'fail.cfg'), '#cloud-config\nruncmd:\n  - [sh, -c, "echo broken-step >&2; exit 3"]\n');
    const name = N.name(5);
    const r = await lxdops(['launch', config(5, { cloudConfig: 'fail.cfg' })], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /failed .*exited with 3/);
    const i = await instance(name);
    assert.equal(i?.config['user.lxdops.status'], 'configure-failed');
    assert.match(i?.config['user.lxdops.failed-step'] ?? '', /^\d+\/\d+ /);
    assert.match(i?.config['user.lxdops.failure'] ?? '', /broken-step/);
    assert.match(i?.config['user.lxdops.time'] ?? '', /^\d{4}-\d\d-\d\dT/);

    write(join(dir, 'fail.cfg'), '#cloud-config\nruncmd:\n  - [sh, -c, "true"]\n');
    ok(await lxdops(['configure', config(5, { cloudConfig: 'fail.cfg' })], { cwd: dir }));
    const fixed = await instance(name);
    assert.equal(fixed?.config['user.lxdops.status'], 'ok');
    assert.equal(
      fixed?.config['user.lxdops.failed-step'],
      undefined,
      'the failure of the earlier run is cleared',
    );
    assert.equal(fixed?.config['user.lxdops.failure'], undefined);
  });

  test('cleanup after a half-done launch removes exactly the marked datasets and the unused profile', async () => {
    const name = N.name(6);
    const cfg = config(6);
    // the state a launch leaves when it stops before the container: its datasets and its profile
    const keep = `${N.datasets}/keep/${name}`;
    await must('zfs', ['create', '-p', keep]); // made by hand before: not lxdops's to remove
    ok(await lxdops(['create-devices', cfg], { cwd: dir }));
    ok(await lxdops(['create-profile', cfg], { cwd: dir }));
    const host = `${N.datasets}/host/${name}`;
    assert.equal(await zfsGet('lxdops:owner', host), `default/${name}`);
    assert.ok(await profile(`${name}.lxdops`));

    const dry = await lxdops(['cleanup', '--dry-run', cfg], { cwd: dir });
    assert.equal(dry.status, 0, shown(dry));
    assert.match(dry.stdout, new RegExp(`note: ${keep} is kept: it has no lxdops:owner mark of its own`));
    const r = await lxdops(['cleanup', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const left = await ours();
    assert.ok(!left.profiles.includes(`${name}.lxdops`), 'the unused instance profile is gone');
    assert.ok(!left.instances.includes(name));
    assert.ok(!left.datasets.includes(host), 'the marked dataset is gone');
    assert.ok(left.datasets.includes(keep), 'the unmarked one is kept');
  });

  test('apply after an external change: nothing runs, the new plan comes back; unchanged, it runs', async () => {
    const cfg = config(7);
    process.env.XDG_CONFIG_HOME = resolve(ROOT, 'test/fixtures/no-config-home');
    const doors = openDoors(SOCKET); // the server under test (in process: its socket)
    const env = { workspace: () => new ConfigWorkspace(new DiskFileSystem()), doors };
    const request = { command: 'create-devices' as const, roots: [cfg], options: {}, check: {} };
    try {
      const first = await prepare(request, env);
      assert.ok(first.ok, JSON.stringify(first));
      const host = `${N.datasets}/host/${N.name(7)}`;
      await must('zfs', ['create', '-p', host]); // someone else makes it meanwhile
      const result = await apply(first.prepared, env);
      assert.equal(result.kind, 'replanned');
      assert.equal(
        (await datasets(`${N.datasets}/keep`)).has(`${N.datasets}/keep/${N.name(7)}`),
        false,
        'nothing ran',
      );
      assert.ok(result.kind === 'replanned');
      const again = await apply(result.prepared, env);
      assert.equal(again.kind, 'ran');
      assert.deepEqual(again.kind === 'ran' && again.outcomes.map((o) => o.status), ['done']);
      assert.ok((await datasets(N.datasets)).has(`${N.datasets}/keep/${N.name(7)}`));
    } finally {
      await doors.close();
    }
  });
});
