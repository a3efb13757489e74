// snapshot, rollback and snapshot -d against the real LXD daemon and ZFS pool (see stack.ts).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  datasets,
  inContainer,
  instance,
  lxdops,
  lxdSnapshots,
  names,
  ok,
  shown,
  standardConfig,
  write,
  stackHooks,
} from './stack';

const N = names('snapshot');
let dir = '';

/** The standard config plus a transient filesystem `tmp` (snapshots and rollbacks skip it). */
function config(n: number): string {
  return write(
    join(dir, `${N.name(n)}.yaml`),
    standardConfig(N.tag, {
      filesystems: [`tmp: {pattern: "${N.datasets}/tmp/(instance)", transient: true, destroy: true}`],
      devices: ['tmp: {path: /tmp, filesystem: tmp, dir: .}'],
    }),
  );
}

const ds = (n: number) => ({
  host: `${N.datasets}/host/${N.name(n)}`,
  keep: `${N.datasets}/keep/${N.name(n)}`,
  tmp: `${N.datasets}/tmp/${N.name(n)}`,
});

/** The snapshot names of the instance's datasets, by filesystem id. */
async function zfsSnapshots(n: number): Promise<Record<string, string[]>> {
  const all = [...(await datasets(N.datasets)).keys()];
  const out: Record<string, string[]> = {};
  for (const [id, d] of Object.entries(ds(n)))
    out[id] = all
      .filter((x) => x.startsWith(`${d}@`))
      .map((x) => x.slice(d.length + 1))
      .sort();
  return out;
}

describe('integration: snapshot and rollback', () => {
  stackHooks(N.tag, {
    ready: (d) => (dir = d),
  });

  test('snapshot -s s1, change a file, rollback -s s1 --yes restores it; the transient filesystem is left alone', async () => {
    const name = N.name(1);
    const cfg = config(1);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    const data = `/${ds(1).host}/data/file.txt`;
    await inContainer(name, 'echo original > /data/file.txt && echo original-log > /var/log/app.log');

    const s = await lxdops(['snapshot', '-s', 's1', cfg], { cwd: dir });
    assert.equal(s.status, 0, shown(s));
    assert.deepEqual(await zfsSnapshots(1), { host: ['s1'], keep: ['s1'], tmp: [] });
    assert.deepEqual(await lxdSnapshots(name), [], 'without -c no LXD snapshot is taken');

    // change the data: from the host and from the container, and add a file
    writeFileSync(data, 'changed\n');
    await inContainer(
      name,
      'echo changed-log > /var/log/app.log && echo new > /data/new.txt && echo tmp > /tmp/t.txt',
    );

    const r = await lxdops(['rollback', '-s', 's1', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.equal(readFileSync(data, 'utf8'), 'original\n');
    const i = await instance(name);
    assert.equal(i?.status, 'Running', 'the container runs again after the rollback');
    assert.equal(await inContainer(name, 'cat /data/file.txt /var/log/app.log'), 'original\noriginal-log\n');
    assert.equal(
      (await inContainer(name, 'test -e /data/new.txt && echo present || echo absent')).trim(),
      'absent',
    );
    assert.equal(
      await inContainer(name, 'cat /tmp/t.txt'),
      'tmp\n',
      'the transient filesystem is not rolled back',
    );
  });

  test('rollback without --yes and without a terminal refuses and changes nothing', async () => {
    const name = N.name(2);
    const cfg = config(2);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(name, 'echo one > /data/f.txt');
    ok(await lxdops(['snapshot', '-s', 's1', cfg], { cwd: dir }));
    await inContainer(name, 'echo two > /data/f.txt');
    const r = await lxdops(['rollback', '-s', 's1', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /--yes/);
    assert.equal(await inContainer(name, 'cat /data/f.txt'), 'two\n');
    assert.equal((await instance(name))?.status, 'Running');
  });

  test('snapshot -d -s s1 --yes removes the snapshots', async () => {
    const cfg = config(3);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    ok(await lxdops(['snapshot', '-s', 's1', cfg], { cwd: dir }));
    ok(await lxdops(['snapshot', '-s', 's2', cfg], { cwd: dir }));
    assert.deepEqual(await zfsSnapshots(3), { host: ['s1', 's2'], keep: ['s1', 's2'], tmp: [] });

    const r = await lxdops(['snapshot', '-d', '-s', 's1', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.deepEqual(await zfsSnapshots(3), { host: ['s2'], keep: ['s2'], tmp: [] }, 'only s1 is gone');
    // the datasets themselves stay
    const all = await datasets(N.datasets);
    for (const d of Object.values(ds(3))) assert.ok(all.has(d), `${d} still exists`);
  });

  test('snapshot -c also takes the LXD snapshot of the container; snapshot -d -c removes both', async () => {
    const name = N.name(4);
    const cfg = config(4);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    const r = await lxdops(['snapshot', '-c', '-s', 's2', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.deepEqual(await zfsSnapshots(4), { host: ['s2'], keep: ['s2'], tmp: [] });
    assert.deepEqual(await lxdSnapshots(name), ['s2']);

    const d = await lxdops(['snapshot', '-d', '-c', '-s', 's2', '--yes', cfg], { cwd: dir });
    assert.equal(d.status, 0, shown(d));
    assert.deepEqual(await zfsSnapshots(4), { host: [], keep: [], tmp: [] });
    assert.deepEqual(await lxdSnapshots(name), []);
  });

  test('snapshot without -s names the snapshot after the UTC time (YYYYMMDDhhmmss)', async () => {
    const cfg = config(5);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    const t0 = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const r = await lxdops(['snapshot', cfg], { cwd: dir });
    const t1 = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    assert.equal(r.status, 0, shown(r));
    const snaps = await zfsSnapshots(5);
    assert.equal(snaps.host?.length, 1, JSON.stringify(snaps));
    const taken = snaps.host![0]!;
    assert.match(taken, /^\d{14}$/);
    assert.ok(taken >= t0 && taken <= t1, `${taken} between ${t0} and ${t1}`);
    assert.deepEqual(snaps.keep, [taken]);
  });

  test('rollback -s to a snapshot that does not exist fails before changing anything', async () => {
    const name = N.name(6);
    const cfg = config(6);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(name, 'echo data > /data/f.txt');
    const r = await lxdops(['rollback', '-s', 'nosuch', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /no snapshot nosuch/);
    assert.equal((await instance(name))?.status, 'Running', 'the container was not stopped');
    assert.equal(await inContainer(name, 'cat /data/f.txt'), 'data\n');
  });
});
