// The suite's instruments can fail: a picture sees every kind of change the other files assert is
// absent, and the traced CLI sees the zfs commands a plan does run. Without these, "nothing
// changed" and "no zfs ran" could be true of a blind instrument.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { must, ok, zfsDestroy } from '../integration/stack';
import { changes, picture } from './hostPicture';
import { advConfig, advName, suiteHooks } from './suite';
import { execsOf, programsOf, tracedLxdops, writesOf } from './tracedCli';

describe('adversarial: the instruments see what they are there to see', () => {
  const ctx = suiteHooks([5]);
  const pool = () => ctx.pools[0]!.name;

  test('execsOf reads argv from strace lines, escapes included, and skips failed execs', () => {
    const trace = [
      '10 execve("/usr/bin/node", ["/usr/bin/node", "cli.js"], 0x7ffd /* 3 vars */) = 0',
      '11 execve("/usr/local/sbin/zfs", ["zfs"], 0x1 /* 3 vars */) = -1 ENOENT (No such file or directory)',
      '11 execve("/usr/sbin/zfs", ["/usr/sbin/zfs", "list", "--", "a\\"b", "c\\nd", "e\\\\f"], 0x1 /* 3 vars */) = 0',
    ].join('\n');
    assert.deepEqual(execsOf(trace), [
      ['/usr/bin/node', 'cli.js'],
      ['/usr/sbin/zfs', 'list', '--', 'a"b', 'c\nd', 'e\\f'],
    ]);
  });

  test('a picture sees a mark set, a snapshot, a dataset made again, a file changed and a mode changed', async () => {
    const p = pool();
    await must('zfs', ['create', '--', `${p}/a`]);
    writeFileSync(`/${p}/a/f`, 'one\n');
    const of = { pools: [p], trees: [`/${p}`] };
    const steps: [string, () => Promise<unknown>, RegExp][] = [
      [
        'zfs set',
        () => must('zfs', ['set', `lxdops:owner=default/x`, `${p}/a`]),
        /^zfs \+ .*lxdops:owner\tdefault\/x\tlocal$/m,
      ],
      [
        'zfs snapshot',
        () => must('zfs', ['snapshot', '--', `${p}/a@s`]),
        /^zpool history \+ .*zfs snapshot/m,
      ],
      [
        'a file',
        async () => writeFileSync(`/${p}/a/f`, 'two\n'),
        new RegExp(`^/${p} \\+ /${p}/a/f file`, 'm'),
      ],
      ['a mode', async () => chmodSync(`/${p}/a`, 0o700), new RegExp(`^/${p} \\+ /${p}/a dir 700`, 'm')],
      [
        'destroyed and made again',
        async () => {
          await zfsDestroy(`${p}/a`);
          await must('zfs', ['create', '--', `${p}/a`]);
        },
        /^zfs \+ .*\/a\tguid\t\d+\t-$/m,
      ],
    ];
    for (const [what, change, seen] of steps) {
      const before = await picture(of);
      await change();
      const found = changes(before, await picture(of));
      assert.match(found.join('\n'), seen, `${what}: ${found.join('\n')}`);
    }
  });

  test('the traced CLI sees the zfs commands a real run starts, reads and writes told apart', async () => {
    const file = advConfig(join(ctx.dir, `${advName(30)}.yaml`), {
      filesystems: [`host: {pattern: "${pool()}/traced/(instance)", destroy: true}`],
    });
    const r = await tracedLxdops(['create-devices', '--yes', file], { cwd: ctx.dir });
    ok(r);
    assert.ok(programsOf(r).includes('zfs'), JSON.stringify(r.execs));
    assert.ok(
      writesOf(r).some((argv) => argv[1] === 'create' && argv.includes(`${pool()}/traced/${advName(30)}`)),
      JSON.stringify(writesOf(r)),
    );
    assert.ok(!writesOf(r).some((argv) => argv[1] === 'list'), 'zfs list is a read');
  });
});
