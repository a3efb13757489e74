// launch, rebuild and a second launch against the real LXD daemon and ZFS pool (see stack.ts).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  datasets,
  IMAGE,
  inContainer,
  instance,
  lxdops,
  names,
  NIC_PROFILE,
  ok,
  owner,
  OWNER,
  profile,
  readText,
  run,
  shown,
  standardConfig,
  write,
  zfsGet,
  stackHooks,
  SERVER_CLI,
} from './stack';

const N = names('launch');
let dir = '';

const CLOUD_CONFIG = `#cloud-config
write_files:
  - path: /etc/lxdops-it/hello.txt
    permissions: "0640"
    content: "hello from cloud-config\\n"
runcmd:
  - echo marker > /data/marker.txt
  - [sh, -c, "id -u > /data/uid.txt"]
`;

function config(n: number): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, { cloudConfig: 'app.cfg' }));
}

/** The host paths of instance n. */
function paths(n: number) {
  const host = `${N.dir}/host/${N.name(n)}`;
  const keep = `${N.dir}/keep/${N.name(n)}`;
  return { host, keep, data: `${host}/data`, etc: `${host}/etc` };
}

describe('integration: launch, rebuild, launch again', () => {
  stackHooks(N.tag, {
    ready: (d) => {
      dir = d;
      write(join(dir, 'app.cfg'), CLOUD_CONFIG);
    },
  });

  test('launch from the busybox image creates the datasets, device dirs, profile and a running, configured container', async () => {
    const name = N.name(1);
    const p = paths(1);
    const r = await lxdops(['launch', config(1)], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.match(r.stderr, new RegExp(`launch ${name}: done in`));

    // ZFS: both datasets exist and are mounted where the config says
    const ds = await datasets(N.datasets);
    for (const d of [`${N.datasets}/host/${name}`, `${N.datasets}/keep/${name}`]) {
      assert.ok(ds.has(d), `zfs list has no ${d}: ${[...ds.keys()].join(', ')}`);
      assert.equal(await zfsGet('mounted', d), 'yes', `${d} is not mounted`);
      assert.equal(await zfsGet('mountpoint', d), `/${d}`);
    }

    // the filesystem roots and device dirs exist and belong to the container's root
    for (const path of [p.host, p.keep, p.data, p.etc]) {
      assert.ok(existsSync(path), `${path} does not exist`);
      assert.equal(owner(path), OWNER, `${path} is owned by ${owner(path)}, expected ${OWNER}`);
    }

    // the instance profile holds the disk devices with the right sources
    const prof = await profile(`${name}.lxdops`);
    assert.ok(prof, `profile ${name}.lxdops does not exist`);
    assert.deepEqual(prof.devices, {
      data: { type: 'disk', path: '/data', source: p.data },
      etc: { type: 'disk', path: '/etc/opt', source: p.etc },
      log: { type: 'disk', path: '/var/log', source: p.keep },
    });

    // the container runs with the config's profiles, then the instance profile
    const i = await instance(name);
    assert.ok(i, `container ${name} does not exist`);
    assert.equal(i.status, 'Running');
    assert.deepEqual(i.profiles, ['default', NIC_PROFILE, `${name}.lxdops`]);
    assert.match(
      i.config['volatile.eth0.hwaddr'] ?? '',
      /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/,
      'the NIC profile gave it a MAC address',
    );
    assert.match(i.config['image.description'] ?? '', /busybox/, `made from the ${IMAGE} image`);

    // cloud-config: write_files inside the container, with its mode
    assert.equal(await inContainer(name, 'stat -c "%a %u %g" /etc/lxdops-it/hello.txt'), '640 0 0\n');
    assert.equal(await inContainer(name, 'cat /etc/lxdops-it/hello.txt'), 'hello from cloud-config\n');
    // runcmd wrote into a device dir: visible on the host, owned by the container's root
    assert.equal(readText(`${p.data}/marker.txt`), 'marker\n');
    assert.equal(readText(`${p.data}/uid.txt`), '0\n');
    assert.equal(owner(`${p.data}/marker.txt`), OWNER);
    // the device dirs are mounted where the config says
    assert.equal(await inContainer(name, 'cat /data/marker.txt'), 'marker\n');
    writeFileSync(`${p.keep}/from-host.log`, 'host\n');
    assert.equal(await inContainer(name, 'cat /var/log/from-host.log'), 'host\n');
  });

  test('rebuild --yes keeps the data in the device dirs and volatile.eth0.hwaddr, and makes a new root filesystem', async () => {
    const name = N.name(2);
    const p = paths(2);
    const cfg = config(2);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(
      name,
      'echo "written by the container" > /data/user.txt && echo gone > /root/ephemeral.txt && echo log > /var/log/app.log',
    );
    writeFileSync(`${p.etc}/host.conf`, 'written on the host\n');
    const beforeRebuild = await instance(name);
    const mac = beforeRebuild?.config['volatile.eth0.hwaddr'];
    assert.ok(mac, 'the container has a MAC address');
    const uuid = beforeRebuild?.config['volatile.uuid'];

    const r = await lxdops(['rebuild', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));

    const i = await instance(name);
    assert.ok(i, 'the container exists after rebuild');
    assert.equal(i.status, 'Running');
    assert.equal(i.config['volatile.eth0.hwaddr'], mac, 'the MAC address is kept');
    if (uuid) assert.notEqual(i.config['volatile.uuid'], uuid, 'it is a new container');
    assert.deepEqual(i.profiles, ['default', NIC_PROFILE, `${name}.lxdops`]);
    // the root filesystem is new, the device dirs are the same
    assert.equal(
      (await inContainer(name, 'test -e /root/ephemeral.txt && echo present || echo absent')).trim(),
      'absent',
    );
    assert.equal(readText(`${p.data}/user.txt`), 'written by the container\n');
    assert.equal(
      await inContainer(name, 'cat /data/user.txt /etc/opt/host.conf /var/log/app.log'),
      'written by the container\nwritten on the host\nlog\n',
    );
    // and it was configured again
    assert.equal(await inContainer(name, 'cat /etc/lxdops-it/hello.txt'), 'hello from cloud-config\n');
  });

  test('launch on an existing instance completes without error and changes nothing it should keep (idempotent)', async () => {
    const name = N.name(3);
    const p = paths(3);
    const cfg = config(3);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(name, 'echo still-here > /root/rootfs.txt');
    writeFileSync(`${p.data}/kept.txt`, 'kept\n');
    const first = await instance(name);
    const ds1 = await datasets(N.datasets);

    for (let round = 0; round < 2; round++) {
      const r = await lxdops(['launch', cfg], { cwd: dir });
      assert.equal(r.status, 0, `launch #${round + 2}: ${shown(r)}`);
      assert.match(r.stderr, /exists: it is not created again/);
    }

    const i = await instance(name);
    assert.ok(i);
    assert.equal(i.status, 'Running');
    assert.equal(i.config['volatile.uuid'], first?.config['volatile.uuid'], 'the same container');
    assert.equal(i.config['volatile.eth0.hwaddr'], first?.config['volatile.eth0.hwaddr']);
    assert.deepEqual(i.profiles, first?.profiles);
    assert.equal(await inContainer(name, 'cat /root/rootfs.txt'), 'still-here\n');
    assert.equal(readText(`${p.data}/kept.txt`), 'kept\n');
    assert.deepEqual(
      [...(await datasets(N.datasets)).keys()],
      [...ds1.keys()],
      'no dataset added or removed',
    );

    // a stopped instance is started again by launch
    ok(await run(SERVER_CLI, ['stop', '--force', name]), `${SERVER_CLI} stop`);
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.equal((await instance(name))?.status, 'Running');
  });
});
