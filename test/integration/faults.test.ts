// Fault tests on the real stack: each failure gives a clear message, destroys nothing, and the same
// command completes once the cause is fixed (issue 4, points 7 and 8).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  datasets,
  HOST,
  IDMAP_BASE,
  inContainer,
  instance,
  listing,
  lxdops,
  lxdSnapshots,
  must,
  names,
  NIC_PROFILE,
  ok,
  owner,
  OWNER,
  profile,
  readText,
  run,
  settledListing,
  shown,
  sleep,
  SOCKET,
  standardConfig,
  write,
  zfsGet,
  stackHooks,
} from './stack';

const N = names('faults');
/** Who listens on the socket under test, and the group whose members may use it. */
const DAEMON = HOST.cli === 'incus' ? { name: 'Incus', group: 'incus-admin' } : { name: 'LXD', group: 'lxd' };
let dir = '';

const ds = (n: number) => ({
  host: `${N.datasets}/host/${N.name(n)}`,
  keep: `${N.datasets}/keep/${N.name(n)}`,
});
const paths = (n: number) => ({
  host: `/${ds(n).host}`,
  keep: `/${ds(n).keep}`,
  data: `/${ds(n).host}/data`,
  etc: `/${ds(n).host}/etc`,
});

function config(n: number, o: Parameters<typeof standardConfig>[1] = {}): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, o));
}

/** Data that exists before the failing command: the keep dataset of instance n with a file in it. */
async function seedKeep(n: number): Promise<string> {
  await must('zfs', ['create', '-p', ds(n).keep]);
  const file = `${paths(n).keep}/precious.log`;
  writeFileSync(file, `precious ${n}\n`);
  chownSync(paths(n).keep, IDMAP_BASE, IDMAP_BASE);
  chownSync(file, IDMAP_BASE, IDMAP_BASE);
  return file;
}

/** The failure report of a step: which step, of how many, and that a re-run continues. */
function assertStepFailure(stderr: string, step: RegExp): void {
  assert.match(stderr, /step \d+ of \d+ failed/, stderr);
  assert.match(stderr, step, stderr);
  assert.match(stderr, /run the same command again to continue/, stderr);
}

describe('integration: faults', () => {
  stackHooks(N.tag, {
    ready: (d) => (dir = d),
    beforeCleanup: () => run('zfs', ['set', 'readonly=off', `${N.datasets}/rokeep`]),
  });

  test('missing image (os.image: nosuchimage): refused in pre-flight at os.image, nothing created or destroyed; with the image fixed, launch completes', async () => {
    const name = N.name(1);
    const precious = await seedKeep(1);
    const before = await settledListing([N.dir]);
    const r = await lxdops(['launch', config(1, { image: 'nosuchimage' })], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /:2:\d+: error image-missing: os\.image: no image with the alias nosuchimage/);
    assert.match(r.stderr, /nothing was changed/);
    assert.equal(await instance(name), undefined, 'no container');
    assert.deepEqual(await listing([N.dir]), before, 'nothing changed: no dataset, no profile');
    assert.equal(readText(precious), 'precious 1\n', 'the existing data is untouched');

    const fixed = await lxdops(['launch', config(1)], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    assert.equal((await instance(name))?.status, 'Running');
    assert.equal(await inContainer(name, 'cat /var/log/precious.log'), 'precious 1\n');
    assert.equal(owner(paths(1).data), OWNER);
  });

  test('missing profile (profiles: [nosuchprofile]): a clear message before anything runs; with the profile list fixed, launch completes', async () => {
    const name = N.name(2);
    const precious = await seedKeep(2);
    const before = await settledListing([N.dir]);
    const r = await lxdops(['launch', config(2, { profiles: ['default', 'nosuchprofile'] })], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /missing profiles in project default: nosuchprofile/);
    assert.deepEqual(await listing([N.dir]), before, 'nothing changed');
    assert.equal(readText(precious), 'precious 2\n');

    const fixed = await lxdops(['launch', config(2)], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    const i = await instance(name);
    assert.equal(i?.status, 'Running');
    assert.deepEqual(i?.profiles, ['default', NIC_PROFILE, `${name}.lxdops`]);
  });

  describe('missing source snapshot', () => {
    const tpl = N.name(10);
    before(async () => {
      const t = await lxdops(['launch', config(10, { extra: 'snapshot: copy\nstop: true' })], { cwd: dir });
      assert.equal(t.status, 0, shown(t));
      ok(
        await lxdops(['snapshot', '-s', 'tplsnap', config(10, { extra: 'snapshot: copy\nstop: true' })], {
          cwd: dir,
        }),
      );
      writeFileSync(`${paths(10).data}/tpl.txt`, 'template data\n');
    });

    test('origin tpl/nosnap: a clear message, nothing changed; with origin tpl/copy, launch completes', async () => {
      const name = N.name(3);
      const before = await settledListing([N.dir]);
      const r = await lxdops(['launch', config(3, { extra: `origin: ${tpl}/nosnap` })], { cwd: dir });
      assert.equal(r.status, 1, shown(r));
      assert.match(r.stderr, new RegExp(`origin: ${tpl} has no snapshot nosnap \\(it has: copy\\)`));
      assert.deepEqual(await listing([N.dir]), before, 'nothing changed');

      const fixed = await lxdops(['launch', config(3, { extra: `origin: ${tpl}/copy` })], { cwd: dir });
      assert.equal(fixed.status, 0, shown(fixed));
      assert.equal((await instance(name))?.status, 'Running');
      assert.deepEqual(await lxdSnapshots(tpl), ['copy'], 'the template keeps its snapshot');
    });

    test('device-origin tpl@nosnap: a clear message, nothing changed; with tpl@tplsnap, launch completes with clones', async () => {
      const name = N.name(4);
      const before = await settledListing([N.dir]);
      const r = await lxdops(['launch', config(4, { extra: `device-origin: ${tpl}@nosnap` })], { cwd: dir });
      assert.equal(r.status, 1, shown(r));
      assert.match(r.stderr, new RegExp(`device-origin: the snapshot ${ds(10).host}@nosnap does not exist`));
      assert.deepEqual(await listing([N.dir]), before, 'nothing changed');

      const fixed = await lxdops(['launch', config(4, { extra: `device-origin: ${tpl}@tplsnap` })], {
        cwd: dir,
      });
      assert.equal(fixed.status, 0, shown(fixed));
      assert.equal((await instance(name))?.status, 'Running');
      const all = await datasets(N.datasets);
      assert.equal(all.get(ds(4).host), `${ds(10).host}@tplsnap`);
      assert.equal(all.get(ds(4).keep), `${ds(10).keep}@tplsnap`);
    });
  });

  test('ZFS fails mid-launch (zfs create under a read-only parent, after the first dataset was made): clear message, nothing destroyed; after readonly=off, launch completes with every dataset mounted', async () => {
    const name = N.name(5);
    // the second filesystem lives under a read-only parent: its `zfs create` fails after the first one ran
    const ro = `${N.datasets}/rokeep`;
    await must('zfs', ['create', '-p', ro]);
    await must('zfs', ['set', 'readonly=on', ro]);
    const text = standardConfig(N.tag).replace(`${N.datasets}/keep/(instance)`, `${ro}/(instance)`);
    const cfg = write(join(dir, `${name}.yaml`), text);
    const keep = `${ro}/${name}`;

    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assertStepFailure(r.stderr, new RegExp(`create ZFS filesystem ${keep}\\): zfs create`));
    assert.match(r.stderr, /\[1\/\d+\] create ZFS filesystem .*host/, 'the first dataset was made before');
    const all = await datasets(N.datasets);
    assert.ok(all.has(ds(5).host), 'the dataset made before the failure is kept');
    assert.equal(await instance(name), undefined);

    await must('zfs', ['set', 'readonly=off', ro]);
    const fixed = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    assert.equal((await instance(name))?.status, 'Running');
    for (const d of [ds(5).host, keep])
      assert.equal(await zfsGet('mounted', d), 'yes', `${d} is mounted after the re-run`);
    assert.equal(
      (await run('mountpoint', ['-q', `/${keep}`])).status,
      0,
      `/${keep} (the source of /var/log) is the dataset's mount, not a directory of its parent`,
    );
    assert.equal(
      owner(`/${keep}`),
      OWNER,
      `/${keep} belongs to the container's root, as after a clean launch`,
    );
    await inContainer(name, 'echo written > /var/log/after-fix.log');
    assert.equal(readText(`/${keep}/after-fix.log`), 'written\n');
  });

  test('ZFS fails mid-launch (mkdir of a device dir in a read-only dataset, after another dataset was made): clear message, nothing destroyed; after readonly=off, launch completes', async () => {
    const name = N.name(6);
    // the host dataset exists (with data) and is read-only; keep is created first, then mkdir .../data fails
    await must('zfs', ['create', '-p', ds(6).host]);
    mkdirSync(paths(6).etc);
    writeFileSync(`${paths(6).etc}/precious.conf`, 'precious\n');
    for (const p of [paths(6).host, paths(6).etc, `${paths(6).etc}/precious.conf`])
      chownSync(p, IDMAP_BASE, IDMAP_BASE);
    await must('zfs', ['set', 'readonly=on', ds(6).host]);
    const cfg = config(6);

    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assertStepFailure(r.stderr, new RegExp(`create directory ${paths(6).data}\\): .*Read-only file system`));
    assert.match(r.stderr, new RegExp(`create ZFS filesystem ${ds(6).keep}`), 'keep was made before');
    const all = await datasets(N.datasets);
    assert.ok(all.has(ds(6).keep), 'the dataset made before the failure is kept');
    assert.equal(readText(`${paths(6).etc}/precious.conf`), 'precious\n');
    assert.equal(await instance(name), undefined);

    await must('zfs', ['set', 'readonly=off', ds(6).host]);
    const fixed = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    assert.equal((await instance(name))?.status, 'Running');
    assert.equal(owner(paths(6).data), OWNER);
    assert.equal(await inContainer(name, 'cat /etc/opt/precious.conf'), 'precious\n');
    await inContainer(name, 'echo ok > /data/ok.txt');
    assert.equal(readText(`${paths(6).data}/ok.txt`), 'ok\n');
  });

  test('rename fails mid-way (a dataset is in use): clear message, nothing destroyed; once it is free, the same rename completes', async () => {
    const from = N.name(7);
    const to = N.name(8);
    const cfg = config(7);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(from, 'echo mine > /data/mine.txt');
    // a process working in the keep dataset keeps it from being unmounted, so `zfs rename` fails
    let holder: ChildProcess | undefined = spawn('sleep', ['600'], { cwd: paths(7).keep, stdio: 'ignore' });
    try {
      const r = await lxdops(['rename', cfg, to], { cwd: dir });
      assert.equal(r.status, 1, shown(r));
      // the busy dataset stops the plan at its unmount (or, where unmounting works, its rename)
      assertStepFailure(
        r.stderr,
        new RegExp(
          `(rename ${N.datasets}/(host|keep)/${from} to ${N.datasets}/(host|keep)/${to}|unmount ${N.datasets}/(host|keep)/${from})\\)`,
        ),
      );
      holder.kill('SIGKILL');
      holder = undefined;
      // nothing destroyed: the data is in one of the two names
      const all = await datasets(N.datasets);
      assert.ok(all.has(ds(7).keep) || all.has(ds(8).keep));
      const host = all.has(ds(8).host) ? ds(8).host : ds(7).host;
      assert.equal(readText(`/${host}/data/mine.txt`), 'mine\n');

      // "fix": the process is gone; remount what zfs-fuse still holds busy
      await sleep(500);
      for (const d of [ds(7).keep, ds(7).host]) {
        if (all.has(d) && (await zfsGet('mounted', d)) === 'yes') {
          await run('zfs', ['umount', d]);
          await run('zfs', ['mount', d]);
        }
      }
      const again = await lxdops(['rename', cfg, to], { cwd: dir });
      assert.equal(again.status, 0, `the same rename again: ${shown(again)}`);
      assert.equal(await instance(from), undefined);
      assert.equal((await instance(to))?.status, 'Running');
      const after = await datasets(N.datasets);
      for (const d of Object.values(ds(8))) assert.ok(after.has(d), `${d} exists`);
      assert.ok(
        (await profile(`${to}.lxdops`)) !== undefined && (await profile(`${from}.lxdops`)) === undefined,
      );
      assert.equal(await inContainer(to, 'cat /data/mine.txt'), 'mine\n');
    } finally {
      holder?.kill('SIGKILL');
    }
  });

  test('socket missing (--socket /nonexistent.sock): a clear message, nothing changed; with the right socket, launch completes', async () => {
    const name = N.name(11);
    const cfg = config(11);
    const before = await settledListing([N.dir]);
    const r = await lxdops(['launch', '--socket', '/nonexistent.sock', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      /no LXD socket found \(tried \/nonexistent\.sock\): is LXD installed and running\?/,
    );
    assert.deepEqual(await listing([N.dir]), before, 'nothing changed');

    const fixed = await lxdops(['launch', '--socket', SOCKET, cfg], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    assert.equal((await instance(name))?.status, 'Running');
  });

  test('socket not permitted (user nobody): "add the user to the lxd group" (Incus: incus-admin), nothing changed; as a permitted user, launch completes', async () => {
    const name = N.name(12);
    const cfg = config(12);
    const before = await settledListing([N.dir]);
    const r = await lxdops(['launch', '--socket', SOCKET, cfg], { cwd: dir, user: 'nobody' });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      new RegExp(
        `permission denied on the ${DAEMON.name} socket ${SOCKET}: add the user to the ${DAEMON.group} group`,
      ),
    );
    assert.doesNotMatch(r.stderr, /at .*cli\.js/, 'a message, not a stack trace');
    assert.deepEqual(await listing([N.dir]), before, 'nothing changed');
    assert.equal(existsSync(paths(12).host), false);

    const fixed = await lxdops(['launch', '--socket', SOCKET, cfg], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    assert.equal((await instance(name))?.status, 'Running');
  });
});
