// create-devices, create-profile, configure, rename, list, instance filesystems|devices, and the
// core API (plan as data, then execute with progress events), on the real stack.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { loadRoot } from '../../core/src/cli/configCommands';
import { openDoors } from '../../core/src/cli/engineCommands';
import { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { planCommand } from '../../core/src/engine/engine';
import { execute, type ProgressEvent } from '../../core/src/engine/executor';
import { DiskFileSystem } from '../../core/src/fs/diskFileSystem';
import {
  datasets,
  inContainer,
  instance,
  listing,
  lxdops,
  lxdSnapshots,
  names,
  NIC_PROFILE,
  ok,
  owner,
  OWNER,
  profile,
  readText,
  ROOT,
  run,
  settledListing,
  shown,
  standardConfig,
  write,
  zfsDestroy,
  zfsGet,
  stackHooks,
  SERVER_CLI,
  SOCKET,
} from './stack';

const N = names('commands');
let dir = '';

function config(n: number, o: { cloudConfig?: string; devices?: string[] } = {}): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, o));
}
const paths = (n: number) => {
  const name = N.name(n);
  return {
    host: `${N.dir}/host/${name}`,
    keep: `${N.dir}/keep/${name}`,
    data: `${N.dir}/host/${name}/data`,
    etc: `${N.dir}/host/${name}/etc`,
  };
};
const ds = (n: number) => ({
  host: `${N.datasets}/host/${N.name(n)}`,
  keep: `${N.datasets}/keep/${N.name(n)}`,
});

describe('integration: create-devices, create-profile, configure, rename, list', () => {
  stackHooks(N.tag, {
    ready: (d) => (dir = d),
  });

  test('create-devices creates the datasets and device dirs (owned 100000:100000) and nothing in LXD; again, it changes nothing', async () => {
    const name = N.name(1);
    const cfg = config(1);
    const r = await lxdops(['create-devices', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const all = await datasets(N.datasets);
    for (const d of Object.values(ds(1))) {
      assert.ok(all.has(d), `${d} exists`);
      assert.equal(await zfsGet('mounted', d), 'yes');
    }
    for (const p of Object.values(paths(1))) assert.equal(owner(p), OWNER, `${p} owner`);
    assert.equal(await instance(name), undefined, 'no container');
    assert.equal(await profile(`${name}.lxdops`), undefined, 'no profile');

    const before = await settledListing([N.dir]);
    const again = await lxdops(['create-devices', cfg], { cwd: dir });
    assert.equal(again.status, 0, shown(again));
    assert.deepEqual(await listing([N.dir]), before, 'a second create-devices changes nothing');
  });

  test('instance filesystems and instance devices --format json list the substituted filesystems and devices', async () => {
    const cfg = config(1);
    const f = await lxdops(['instance', 'filesystems', '--format', 'json', cfg], { cwd: dir });
    assert.equal(f.status, 0, shown(f));
    assert.deepEqual(JSON.parse(f.stdout), [
      {
        id: 'host',
        dataset: ds(1).host,
        dir: paths(1).host,
        zfsproperties: [],
        destroy: true,
        transient: false,
      },
      {
        id: 'keep',
        dataset: ds(1).keep,
        dir: paths(1).keep,
        zfsproperties: [],
        destroy: false,
        transient: false,
      },
    ]);
    const d = await lxdops(['instance', 'devices', '--format', 'json', cfg], { cwd: dir });
    assert.equal(d.status, 0, shown(d));
    const devices = (JSON.parse(d.stdout) as { name: string; path: string; source: string }[]).map((x) => [
      x.name,
      x.path,
      x.source,
    ]);
    assert.deepEqual(devices, [
      ['data', '/data', paths(1).data],
      ['etc', '/etc/opt', paths(1).etc],
      ['log', '/var/log', paths(1).keep],
    ]);
  });

  test('create-profile creates the instance profile with its disk devices and no container; run again, it updates the profile', async () => {
    const name = N.name(2);
    const r = await lxdops(['create-profile', config(2)], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const p = await profile(`${name}.lxdops`);
    assert.ok(p, 'the profile exists');
    assert.deepEqual(p.devices, {
      data: { type: 'disk', path: '/data', source: paths(2).data },
      etc: { type: 'disk', path: '/etc/opt', source: paths(2).etc },
      log: { type: 'disk', path: '/var/log', source: paths(2).keep },
    });
    assert.equal(await instance(name), undefined, 'no container');

    const again = await lxdops(
      ['create-profile', config(2, { devices: ['home: {path: /home, filesystem: host}'] })],
      { cwd: dir },
    );
    assert.equal(again.status, 0, shown(again));
    assert.deepEqual((await profile(`${name}.lxdops`))?.devices.home, {
      type: 'disk',
      path: '/home',
      source: `${paths(2).host}/home`,
    });
  });

  test('configure applies the cloud-config again to the running container, and starts a stopped one', async () => {
    const name = N.name(3);
    const cc = join(dir, 'configure.cfg');
    const cloud = (v: string) =>
      `#cloud-config\nwrite_files:\n  - path: /etc/lxdops-it/conf.txt\n    permissions: "0600"\n    content: "${v}\\n"\nruncmd:\n  - echo ${v} >> /data/runs.txt\n`;
    write(cc, cloud('v1'));
    const cfg = config(3, { cloudConfig: 'configure.cfg' });
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    assert.equal(await inContainer(name, 'cat /etc/lxdops-it/conf.txt'), 'v1\n');

    await inContainer(name, 'rm /etc/lxdops-it/conf.txt');
    write(cc, cloud('v2'));
    const r = await lxdops(['configure', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.equal(await inContainer(name, 'cat /etc/lxdops-it/conf.txt'), 'v2\n');
    assert.equal(await inContainer(name, 'stat -c %a /etc/lxdops-it/conf.txt'), '600\n');
    assert.equal(readText(`${paths(3).data}/runs.txt`), 'v1\nv2\n');

    ok(await run(SERVER_CLI, ['stop', '--force', name]), `${SERVER_CLI} stop`);
    const s = await lxdops(['configure', cfg], { cwd: dir });
    assert.equal(s.status, 0, shown(s));
    assert.equal((await instance(name))?.status, 'Running');
    assert.equal(readText(`${paths(3).data}/runs.txt`), 'v1\nv2\nv2\n');
  });

  test('configure of an instance that does not exist fails with a clear message', async () => {
    const r = await lxdops(['configure', config(10)], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, new RegExp(`container ${N.name(10)} does not exist: launch it first`));
  });

  test('rename renames the container, its datasets (with their snapshots) and its profile; the data and the MAC stay', async () => {
    const from = N.name(4);
    const to = N.name(5);
    const cfg = config(4);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(from, 'echo before-rename > /data/r.txt && echo log > /var/log/r.log');
    ok(await lxdops(['snapshot', '-s', 's1', cfg], { cwd: dir }));
    const mac = (await instance(from))?.config['volatile.eth0.hwaddr'];

    const r = await lxdops(['rename', cfg, to], { cwd: dir });
    assert.equal(r.status, 0, shown(r));

    assert.equal(await instance(from), undefined, `${from} is gone`);
    const i = await instance(to);
    assert.ok(i, `${to} exists`);
    assert.equal(i.status, 'Running', 'it runs again');
    assert.deepEqual(i.profiles, ['default', NIC_PROFILE, `${to}.lxdops`]);
    assert.equal(i.config['volatile.eth0.hwaddr'], mac);

    const all = await datasets(N.datasets);
    for (const [id, d] of Object.entries(ds(5))) {
      assert.ok(all.has(d), `${d} exists`);
      assert.ok(all.has(`${d}@s1`), `${d}@s1 moved with it`);
      assert.ok(
        !all.has((ds(4) as Record<string, string>)[id]!),
        `${(ds(4) as Record<string, string>)[id]} is gone`,
      );
      assert.equal(await zfsGet('mounted', d), 'yes');
    }
    assert.equal(await profile(`${from}.lxdops`), undefined, 'the old profile is gone');
    assert.deepEqual((await profile(`${to}.lxdops`))?.devices, {
      data: { type: 'disk', path: '/data', source: paths(5).data },
      etc: { type: 'disk', path: '/etc/opt', source: paths(5).etc },
      log: { type: 'disk', path: '/var/log', source: paths(5).keep },
    });
    assert.equal(readText(`${paths(5).data}/r.txt`), 'before-rename\n');
    assert.equal(await inContainer(to, 'cat /data/r.txt /var/log/r.log'), 'before-rename\nlog\n');

    // the config, under the new name, manages the renamed instance
    const again = await lxdops(['launch', '--name', to, cfg], { cwd: dir });
    assert.equal(again.status, 0, shown(again));
    assert.match(again.stderr, /exists: it is not created again/);
  });

  test('rename to a name that is taken fails before changing anything', async () => {
    const cfg = config(6);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    ok(await lxdops(['create-profile', config(7)], { cwd: dir }));
    const before = await settledListing([N.dir]);
    const r = await lxdops(['rename', cfg, N.name(7)], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, new RegExp(`profile ${N.name(7)}.lxdops already exists`));
    assert.deepEqual(await listing([N.dir]), before);
  });

  test('list --format json shows state, profiles, config, filesystems (existing or not) and both kinds of snapshots', async () => {
    const running = N.name(8);
    const stopped = N.name(9);
    ok(await lxdops(['launch', config(8)], { cwd: dir }));
    ok(await lxdops(['snapshot', '-s', 's1', config(8)], { cwd: dir }));
    ok(await lxdops(['snapshot', '-c', '-s', 's2', config(8)], { cwd: dir }));
    ok(await lxdops(['launch', config(9)], { cwd: dir }));
    ok(await run(SERVER_CLI, ['stop', '--force', stopped]), `${SERVER_CLI} stop`);
    await zfsDestroy(ds(9).keep);

    const r = await lxdops(['list', '--format', 'json', '.'], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const list = JSON.parse(r.stdout) as {
      name: string;
      project: string;
      status: string;
      ipv4: string[];
      profiles: string[];
      config: string | null;
      lxdSnapshots: { name: string; created: string }[];
      filesystems: {
        id: string;
        path: string;
        exists: boolean;
        used?: string;
        origin?: string;
        snapshots: string[];
      }[];
    }[];
    const a = list.find((x) => x.name === running);
    const b = list.find((x) => x.name === stopped);
    assert.ok(a && b, `both instances are listed: ${list.map((x) => x.name).join(', ')}`);

    assert.equal(a.project, 'default');
    assert.equal(a.status, 'Running');
    assert.deepEqual(a.ipv4, [], 'no network bridge: no address');
    assert.deepEqual(a.profiles, ['default', NIC_PROFILE, `${running}.lxdops`]);
    assert.equal(a.config, `${running}.yaml`);
    assert.deepEqual(
      a.lxdSnapshots.map((s) => s.name),
      ['s2'],
    );
    assert.ok(!Number.isNaN(Date.parse(a.lxdSnapshots[0]!.created)), 'the LXD snapshot has a creation time');
    assert.deepEqual(
      a.filesystems.map((f) => ({
        id: f.id,
        path: f.path,
        exists: f.exists,
        origin: f.origin,
        snapshots: [...f.snapshots].sort(),
      })),
      [
        { id: 'host', path: ds(8).host, exists: true, origin: '-', snapshots: ['s1', 's2'] },
        { id: 'keep', path: ds(8).keep, exists: true, origin: '-', snapshots: ['s1', 's2'] },
      ],
    );
    for (const f of a.filesystems)
      assert.match(f.used ?? '', /^\d+(\.\d+)?[KMGT]?$/, `used of ${f.id}: ${f.used}`);

    assert.equal(b.status, 'Stopped');
    assert.deepEqual(b.lxdSnapshots, []);
    assert.deepEqual(
      b.filesystems.map((f) => ({ id: f.id, exists: f.exists, snapshots: f.snapshots })),
      [
        { id: 'host', exists: true, snapshots: [] },
        { id: 'keep', exists: false, snapshots: [] },
      ],
    );

    // the text format has the same facts
    const t = await lxdops(['list', '.'], { cwd: dir });
    assert.equal(t.status, 0, shown(t));
    const row = t.stdout.split('\n').find((l) => l.startsWith(`${running} `));
    assert.ok(row, t.stdout);
    assert.match(row, /Running/);
    assert.match(row, /s1/);
    assert.match(row, /s2/);
    assert.match(t.stdout.split('\n').find((l) => l.startsWith(`${stopped} `)) ?? '', /keep\(missing\)/);
  });

  test('core API: planning is read-only and returns the steps as data; execute runs them in order with progress events', async () => {
    const name = N.name(11);
    const cfg = config(11);
    process.env.XDG_CONFIG_HOME = resolve(ROOT, 'test/fixtures/no-config-home');
    const root = loadRoot(cfg, { property: [] });
    const ws = new ConfigWorkspace(new DiskFileSystem());
    const doors = openDoors(SOCKET); // the server under test (in process: its socket)
    try {
      const before = await settledListing([N.dir]);
      const plan = await planCommand('launch', root, ws, doors, {});
      assert.deepEqual(await listing([N.dir]), before, 'planning changed nothing');
      assert.equal(plan.command, 'launch');
      assert.equal(plan.container, name);
      const create = plan.steps.find(
        (s) => s.kind === 'host' && s.command.argv[1] === 'create' && s.command.argv.includes(ds(11).host),
      );
      assert.ok(create && create.kind === 'host', 'a step creates the host dataset');
      assert.deepEqual(create.command.argv, [
        'zfs',
        'create',
        '-p',
        '-o',
        `lxdops:owner=default/${name}`,
        '--',
        ds(11).host,
      ]);
      const post = plan.steps.find(
        (s) => s.kind === 'lxd' && s.request.method === 'POST' && s.request.path === '/1.0/instances',
      );
      assert.ok(post && post.kind === 'lxd', 'a step creates the container');
      assert.deepEqual((post.request.body as { source: unknown }).source, {
        type: 'image',
        alias: 'busybox',
      });
      assert.deepEqual((post.request.body as { profiles: string[] }).profiles, [
        'default',
        NIC_PROFILE,
        `${name}.lxdops`,
      ]);

      const events: ProgressEvent[] = [];
      await execute(plan, doors, { onEvent: (e) => events.push(e) });
      assert.equal(events[0]?.type, 'start');
      assert.equal(events.at(-1)?.type, 'finished');
      const stepEvents = events.filter((e) => e.type === 'step' || e.type === 'done');
      assert.equal(stepEvents.length, plan.steps.length * 2);
      plan.steps.forEach((s, i) => {
        assert.deepEqual(stepEvents[2 * i], { type: 'step', index: i, total: plan.steps.length, step: s });
        assert.equal(stepEvents[2 * i + 1]?.type, 'done');
      });
      assert.equal((await instance(name))?.status, 'Running');
      assert.ok(existsSync(paths(11).data));

      const again = await planCommand('launch', root, ws, doors, {});
      assert.ok(
        again.notes.some((n) => /exists: it is not created again/.test(n)),
        again.notes.join('\n'),
      );
      assert.ok(
        !again.steps.some(
          (s) => s.kind === 'lxd' && s.request.method === 'POST' && s.request.path === '/1.0/instances',
        ),
        'no second create',
      );
      assert.ok(
        !again.steps.some((s) => s.kind === 'host' && s.command.argv[0] === 'zfs'),
        'no zfs command for existing datasets',
      );
      assert.deepEqual(await lxdSnapshots(name), []);
    } finally {
      await doors.close();
    }
  });
});
