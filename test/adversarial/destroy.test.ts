// Issue 9, "Destroy has no notion of ownership": a destroy: true pattern equal to a pool root, a
// parent of another instance's dataset, a pool mountpoint as a plain directory. Each destroy here
// is run for real (`--yes`) against scratch pools, and the kernel's trace and a picture of the pool
// before and after show that nothing outside the instance changed.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PlanError } from '../../core/src/engine/planError';
import { inContainer, instance, lxdops, must, ok } from '../integration/stack';
import { changes, picture } from './hostPicture';
import {
  advConfig,
  advName,
  assertRefused,
  jsonErrors,
  lineColumnOf,
  planWithoutCheck,
  shown,
  suiteHooks,
} from './suite';
import { tracedLxdops, writesOf } from './tracedCli';

describe('adversarial: destroy reaches nothing but the instance', () => {
  const ctx = suiteHooks([1, 2]);
  const pool1 = () => ctx.pools[0]!;
  const pool2 = () => ctx.pools[1]!;

  /** Data in the pool that is not the instance's: a dataset made by hand, one marked for another instance, a snapshot. */
  async function foreignData(pool: string): Promise<void> {
    await must('zfs', ['create', '-p', '--', `${pool}/byhand/data`]);
    writeFileSync(`/${pool}/byhand/data/keep.txt`, 'made by hand\n');
    await must('zfs', ['create', '-o', 'lxdops:owner=default/someone-else', '--', `${pool}/theirs`]);
    writeFileSync(`/${pool}/theirs/keep.txt`, 'theirs\n');
    await must('zfs', ['snapshot', '-r', '--', `${pool}/byhand@s1`]);
  }

  test('`destroy: true` on the pool root (literal, and `(pool)` from -P): check reports it at the value; destroy --yes is refused, runs no writer, and the pool is as before', async () => {
    const pool = pool1().name;
    await foreignData(pool);
    const literal = advConfig(join(ctx.dir, `${advName(1)}.yaml`), {
      filesystems: [`all: {pattern: "${pool}", destroy: true}`],
    });
    const fromProperty = advConfig(join(ctx.dir, `${advName(2)}.yaml`), {
      filesystems: ['all: {pattern: "(pool)", destroy: true}'],
    });
    const before = await picture({ pools: [pool], trees: [`/${pool}`] });

    for (const [file, needle, args] of [
      [literal, `"${pool}"`, []],
      [fromProperty, '"(pool)"', ['-P', `pool=${pool}`]],
    ] as const) {
      const checked = await lxdops(['check', '--format', 'json', ...args, file], { cwd: ctx.dir });
      assert.equal(checked.status, 1, shown(checked));
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(
        jsonErrors(checked).map((d) => ({ code: d.code, line: d.line, column: d.column })),
        [{ code: 'destroy-pool-root', ...lineColumnOf(text, needle) }],
      );
      const r = await tracedLxdops(['destroy', '--yes', ...args, file], { cwd: ctx.dir });
      assertRefused(r, 1);
      assert.match(r.stderr, /error destroy-pool-root/);
      assert.deepEqual(writesOf(r), [], 'no command that writes ran');
    }
    assert.deepEqual(changes(before, await picture({ pools: [pool], trees: [`/${pool}`] })), []);
  });

  test('the engine refuses the pool root on its own, without check: a PlanError naming the pool', async () => {
    const pool = pool1().name;
    const file = advConfig(join(ctx.dir, `${advName(3)}.yaml`), {
      filesystems: [`all: {pattern: "${pool}", destroy: true}`],
    });
    const before = await picture({ pools: [pool], trees: [`/${pool}`] });
    await assert.rejects(
      planWithoutCheck('destroy', file),
      (e: unknown) => e instanceof PlanError && e.message.includes(`all: ${pool} is a whole ZFS pool`),
    );
    assert.deepEqual(changes(before, await picture({ pools: [pool], trees: [`/${pool}`] })), []);
  });

  test("a parent pattern (`advpool2/nest`) of a stopped instance's `advpool2/nest/adv-5`: check reports it, destroy --yes is refused, and the other instance starts with its data", async () => {
    const pool = pool2().name;
    const folder = join(ctx.dir, 'nest');
    const parent = advConfig(join(folder, `${advName(4)}.yaml`), {
      filesystems: [`nest: {pattern: "${pool}/nest", destroy: true}`],
    });
    const child = advConfig(join(folder, `${advName(5)}.yaml`), {
      filesystems: [`host: {pattern: "${pool}/nest/(instance)", destroy: true}`],
      devices: ['data: {path: /data, filesystem: host}'],
    });
    ok(await lxdops(['create-devices', '--yes', parent], { cwd: ctx.dir }));
    ok(await lxdops(['launch', '--yes', child], { cwd: ctx.dir }));
    await inContainer(advName(5), 'echo child data > /data/keep.txt');
    // the finding: once the other instance is stopped, nothing of LXD holds its dataset
    await must('lxc', ['stop', '--force', advName(5)]);

    const checked = await lxdops(['check', '--format', 'json', folder], { cwd: ctx.dir });
    assert.equal(checked.status, 1, shown(checked));
    assert.deepEqual(
      jsonErrors(checked)
        .filter((d) => d.code === 'destroy-parent')
        .map((d) => ({ file: d.file.endsWith(`${advName(4)}.yaml`), line: d.line, column: d.column })),
      [{ file: true, ...lineColumnOf(readFileSync(parent, 'utf8'), `"${pool}/nest"`) }],
    );

    const before = await picture({ pools: [pool], trees: [`/${pool}`] });
    const r = await tracedLxdops(['destroy', '--yes', parent], { cwd: ctx.dir });
    assertRefused(r, 1);
    assert.match(
      r.stderr,
      new RegExp(`has child datasets that are not this instance's to destroy: ${pool}/nest/${advName(5)}`),
    );
    assert.deepEqual(writesOf(r), [], 'no command that writes ran');
    assert.deepEqual(changes(before, await picture({ pools: [pool], trees: [`/${pool}`] })), []);

    await must('lxc', ['start', advName(5)]);
    assert.equal((await instance(advName(5)))?.status, 'Running');
    assert.equal(await inContainer(advName(5), 'cat /data/keep.txt'), 'child data\n');
  });

  test('a plain-directory pattern that is a pool mountpoint (`/advpool1`): destroy --yes is refused as a mount point, and the pool is as before', async () => {
    const pool = pool1().name;
    const file = advConfig(join(ctx.dir, `${advName(6)}.yaml`), {
      filesystems: [`mnt: {pattern: "/${pool}", destroy: true}`],
    });
    const before = await picture({ pools: [pool], trees: [`/${pool}`] });
    const r = await tracedLxdops(['destroy', '--yes', file], { cwd: ctx.dir });
    assertRefused(r, 1);
    assert.match(r.stderr, new RegExp(`mnt: /${pool} is a mount point`));
    assert.deepEqual(writesOf(r), [], 'no command that writes ran');
    assert.deepEqual(changes(before, await picture({ pools: [pool], trees: [`/${pool}`] })), []);
  });
});
