// destroy and delete against the real LXD daemon and ZFS pool (see stack.ts).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  datasets,
  inContainer,
  instance,
  listing,
  lxdops,
  names,
  ok,
  profile,
  readText,
  settledListing,
  shown,
  standardConfig,
  write,
  stackHooks,
} from './stack';

const N = names('remove');
let dir = '';

function config(n: number): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag));
}
const ds = (n: number) => ({
  host: `${N.datasets}/host/${N.name(n)}`,
  keep: `${N.datasets}/keep/${N.name(n)}`,
});

describe('integration: destroy and delete', () => {
  stackHooks(N.tag, {
    ready: (d) => (dir = d),
  });

  test('destroy without --yes and without a terminal refuses (exit 1), lists what it would destroy, and changes nothing', async () => {
    const name = N.name(1);
    const cfg = config(1);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(name, 'echo precious > /data/p.txt');
    const before = await settledListing([N.dir]);

    const r = await lxdops(['destroy', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /re-run with --yes/);
    assert.match(
      r.stderr,
      new RegExp(`destroy ${ds(1).host}`),
      'the message lists the filesystem to destroy',
    );
    assert.doesNotMatch(
      r.stderr,
      new RegExp(`destroy ${ds(1).keep}`),
      'and not the one without destroy: true',
    );

    assert.deepEqual(await listing([N.dir]), before, 'LXD, ZFS and the device dirs are exactly as before');
    assert.equal((await instance(name))?.status, 'Running');
  });

  test('destroy --yes removes the container, the profile and the datasets with destroy: true, and keeps the one without it', async () => {
    const name = N.name(2);
    const cfg = config(2);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    ok(await lxdops(['snapshot', '-s', 's1', cfg], { cwd: dir }));
    await inContainer(name, 'echo log > /var/log/kept.log && echo data > /data/gone.txt');

    const r = await lxdops(['destroy', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.equal(await instance(name), undefined, 'the container is gone');
    assert.equal(await profile(`${name}.lxdops`), undefined, 'the profile is gone');
    const all = await datasets(N.datasets);
    assert.ok(!all.has(ds(2).host), `${ds(2).host} (destroy: true) is destroyed`);
    assert.ok(![...all.keys()].some((d) => d.startsWith(`${ds(2).host}@`)), 'with its snapshots');
    assert.ok(!existsSync(`/${ds(2).host}/data/gone.txt`));
    assert.ok(all.has(ds(2).keep), `${ds(2).keep} (no destroy: true) is kept`);
    assert.ok(all.has(`${ds(2).keep}@s1`), 'with its snapshots');
    assert.equal(readText(`/${ds(2).keep}/kept.log`), 'log\n');
    // other instances are untouched
    assert.equal((await instance(N.name(1)))?.status, 'Running');
  });

  test('delete --yes removes the container and the profile and keeps every dataset; launch then reuses them', async () => {
    const name = N.name(3);
    const cfg = config(3);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    await inContainer(name, 'echo data > /data/kept.txt && echo log > /var/log/kept.log');

    const r = await lxdops(['delete', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.equal(await instance(name), undefined, 'the container is gone');
    assert.equal(await profile(`${name}.lxdops`), undefined, 'the profile is gone');
    const all = await datasets(N.datasets);
    assert.ok(
      all.has(ds(3).host) && all.has(ds(3).keep),
      `both datasets are kept: ${[...all.keys()].join(', ')}`,
    );
    assert.equal(readText(`/${ds(3).host}/data/kept.txt`), 'data\n');
    assert.equal(readText(`/${ds(3).keep}/kept.log`), 'log\n');

    writeFileSync(`/${ds(3).host}/data/host.txt`, 'host\n');
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    assert.equal(
      await inContainer(name, 'cat /data/kept.txt /data/host.txt /var/log/kept.log'),
      'data\nhost\nlog\n',
    );
  });

  test('destroy of an instance whose container is already gone destroys only its destroy: true datasets', async () => {
    const name = N.name(4);
    const cfg = config(4);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    ok(await lxdops(['delete', '--yes', cfg], { cwd: dir }));
    const r = await lxdops(['destroy', '--yes', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.equal(await instance(name), undefined);
    const all = await datasets(N.datasets);
    assert.ok(!all.has(ds(4).host));
    assert.ok(all.has(ds(4).keep));
  });
});
