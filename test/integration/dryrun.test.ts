// --dry-run changes nothing: complete listings of LXD, ZFS and the device dirs before and after
// (see stack.ts, listing()).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  datasets,
  inContainer,
  type Listing,
  listing,
  lxdops,
  names,
  ok,
  profile,
  instance,
  run,
  settledListing,
  shown,
  standardConfig,
  write,
  stackHooks,
  SERVER_CLI,
} from './stack';

const N = names('dryrun');
let dir = '';

const CLOUD_CONFIG = `#cloud-config
write_files:
  - path: /etc/lxdops-it/hello.txt
    content: "hello\\n"
runcmd:
  - echo ran >> /data/runs.txt
`;

function config(n: number, extra = ''): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, { cloudConfig: 'app.cfg', extra }));
}

/** Runs a dry run, checks that it printed a plan and succeeded, and that nothing changed. */
async function dryRunChangesNothing(args: string[], before: Listing, minSteps = 1): Promise<void> {
  const r = await lxdops([...args, '--dry-run'], { cwd: dir });
  assert.equal(r.status, 0, `${args.join(' ')} --dry-run: ${shown(r)}`);
  assert.match(r.stdout, /dry run: nothing was changed/);
  const steps = Number(/: (\d+) steps/.exec(r.stdout)?.[1] ?? -1);
  assert.ok(
    steps >= minSteps,
    `${args.join(' ')} --dry-run printed a plan of ${steps} steps (expected at least ${minSteps}):\n${r.stdout}`,
  );
  assert.doesNotMatch(r.stderr, /\[\d+\/\d+\]/, 'no step was executed');
  const now = await listing([N.dir]);
  assert.deepEqual(now, before, `${args.join(' ')} --dry-run changed LXD, ZFS or the device dirs`);
}

describe('integration: --dry-run changes nothing', () => {
  stackHooks(N.tag, {
    ready: (d) => {
      dir = d;
      write(join(dir, 'app.cfg'), CLOUD_CONFIG);
    },
  });

  test('launch --dry-run of a new instance creates no dataset, directory, profile or container', async () => {
    const name = N.name(1);
    const cfg = config(1);
    const before = await settledListing([N.dir]);
    await dryRunChangesNothing(['launch', cfg], before, 8);
    assert.equal(await instance(name), undefined);
    assert.equal(await profile(`${name}.lxdops`), undefined);
    assert.deepEqual(
      [...(await datasets(N.datasets)).keys()].filter((d) => d.includes(name)),
      [],
    );
  });

  test('launch, rebuild, destroy, delete, snapshot, rollback, configure, create-devices, create-profile and rename --dry-run on a running instance with snapshots change nothing', async () => {
    const name = N.name(2);
    const cfg = config(2);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    ok(await lxdops(['snapshot', '-c', '-s', 's1', cfg], { cwd: dir }));
    await inContainer(name, 'echo after-s1 > /data/f.txt');
    const runs = await inContainer(name, 'cat /data/runs.txt');
    const before = await settledListing([N.dir]);

    await dryRunChangesNothing(['launch', cfg], before);
    await dryRunChangesNothing(['rebuild', cfg], before, 5);
    await dryRunChangesNothing(['rebuild', '--yes', cfg], before, 5);
    await dryRunChangesNothing(['rebuild', '--profiles', cfg], before, 5);
    await dryRunChangesNothing(['destroy', cfg], before, 3);
    await dryRunChangesNothing(['destroy', '--yes', cfg], before, 3);
    await dryRunChangesNothing(['delete', cfg], before, 2);
    await dryRunChangesNothing(['snapshot', '-s', 's2', cfg], before, 2);
    await dryRunChangesNothing(['snapshot', '-c', '-s', 's2', cfg], before, 3);
    await dryRunChangesNothing(['snapshot', cfg], before, 2);
    await dryRunChangesNothing(['snapshot', '-d', '-s', 's1', cfg], before, 2);
    await dryRunChangesNothing(['snapshot', '-d', '-c', '-s', 's1', '--yes', cfg], before, 3);
    await dryRunChangesNothing(['rollback', '-s', 's1', cfg], before, 4);
    await dryRunChangesNothing(['rollback', '-c', '-s', 's1', '--yes', cfg], before, 5);
    await dryRunChangesNothing(['configure', cfg], before, 2);
    await dryRunChangesNothing(['create-devices', cfg], before, 0);
    // the instance profile is already right: nothing to do, and the plan says so
    const upToDate = await lxdops(['create-profile', cfg, '--dry-run'], { cwd: dir });
    assert.match(upToDate.stdout, /0 steps\n {2}note: profile \S+\.lxdops is up to date/);
    await dryRunChangesNothing(['create-profile', cfg], before, 0);
    await dryRunChangesNothing(['rename', cfg, N.name(3)], before, 3);

    // and the container itself did not run anything (no cloud-config, no restart)
    assert.equal(await inContainer(name, 'cat /data/runs.txt'), runs);
    assert.equal(await inContainer(name, 'cat /data/f.txt'), 'after-s1\n');
  });

  test('launch --dry-run of a stopped instance does not start it', async () => {
    const cfg = config(5);
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    ok(await lxdops(['snapshot', '-s', 'keep', cfg], { cwd: dir }));
    ok(await run(SERVER_CLI, ['stop', '--force', N.name(5)]), `${SERVER_CLI} stop`);
    const before = await settledListing([N.dir]);
    await dryRunChangesNothing(['launch', cfg], before, 2);
    await dryRunChangesNothing(['configure', cfg], before, 2);
    await dryRunChangesNothing(['rollback', '-s', 'keep', cfg], before, 2);
    assert.equal((await instance(N.name(5)))?.status, 'Stopped');
  });

  describe('launch --dry-run from a template instance changes neither the template nor anything else', () => {
    const tpl = N.name(4);
    before(async () => {
      const tplCfg = config(4);
      ok(await lxdops(['launch', tplCfg], { cwd: dir }));
      ok(await lxdops(['snapshot', '-s', 'tplsnap', tplCfg], { cwd: dir }));
      ok(await lxdops(['snapshot', '-c', '-s', 'copy', tplCfg], { cwd: dir }));
      await inContainer(tpl, 'echo template > /data/t.txt');
    });

    test('device-template', async () => {
      const cfg = config(6, `device-template: ${tpl}`);
      await dryRunChangesNothing(['launch', cfg], await settledListing([N.dir]), 8);
    });

    test('device-origin', async () => {
      const cfg = config(7, `device-origin: ${tpl}@tplsnap`);
      await dryRunChangesNothing(['launch', cfg], await settledListing([N.dir]), 6);
    });

    test('origin (an LXD snapshot of the template)', async () => {
      const cfg = config(8, `origin: ${tpl}/copy`);
      await dryRunChangesNothing(['launch', cfg], await settledListing([N.dir]), 6);
    });
  });
});
