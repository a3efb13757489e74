// Issue 9, "Operands are not fenced": `-P y=-rf` reached `zfs list … -rf`, and invalid dataset names
// reached zfs, both ending in a JS stack trace. Here every such value, through every command that
// would pass it on, ends in one line per error, the documented exit status, no stack trace, and —
// by the kernel's trace — no zfs command at all; the scratch pool's history shows no write.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { lxdops, ok } from '../integration/stack';
import { changes, picture } from './hostPicture';
import { advConfig, advName, assertRefused, suiteHooks } from './suite';
import { programsOf, tracedLxdops } from './tracedCli';

describe('adversarial: no value becomes an option or reaches zfs unchecked', () => {
  const ctx = suiteHooks([4]);
  const pool = () => ctx.pools[0]!.name;

  /** Config errors: exit 1 (`lxdops check` finds errors), as documented in the CLI's help of exit statuses. */
  const COMMANDS: string[][] = [
    ['check'],
    ['launch', '--yes'],
    ['destroy', '--yes'],
    ['destroy', '--dry-run'],
    ['snapshot', '--yes', '-s', 's1'],
    ['rollback', '--yes', '-s', 's1'],
    ['rename', '--yes'],
  ];

  test('`-P y=-rf` and invalid dataset names as `(y)` in a destroy: true pattern: every command refuses with one line per error, exit 1, no stack trace, no zfs run', async () => {
    const file = advConfig(join(ctx.dir, `${advName(20)}.yaml`), {
      filesystems: ['host: {pattern: "(y)", destroy: true}'],
    });
    const values = [
      '-rf',
      `-${pool()}/x`,
      `${pool()}/a@b`,
      `${pool()}//a`,
      `${pool()}/a b`,
      `${pool()}/a%b`,
      `${pool()}/..`,
      `${pool()}/x/`,
      `1${pool()}/x`,
      `${pool()}/${'x'.repeat(300)}`,
    ];
    const before = await picture({ pools: [pool()], trees: [`/${pool()}`] });
    for (const value of values)
      for (const command of COMMANDS) {
        const args = [
          ...command,
          '-P',
          `y=${value}`,
          file,
          ...(command[0] === 'rename' ? [advName(21)] : []),
        ];
        const r = await tracedLxdops(args, { cwd: ctx.dir });
        assertRefused(r, 1, { check: command[0] === 'check' });
        assert.match(r.stdout + r.stderr, /error (unsafe-value|invalid-dataset-name)/, args.join(' '));
        // the message names the value and where it was set
        assert.match(
          r.stdout + r.stderr,
          /`\(y\)` \(= `.*`\).*property `y` = `.*` set with -P on the command line/,
        );
        assert.deepEqual(
          programsOf(r).filter((p) => p === 'zfs' || p === 'zpool'),
          [],
          `${args.join(' ')}: zfs ran: ${JSON.stringify(r.execs)}`,
        );
      }
    assert.deepEqual(changes(before, await picture({ pools: [pool()], trees: [`/${pool()}`] })), []);
  });

  test('instance names that are options or paths (`--name=-rf`, `--name=a@b`): refused with one line, exit 1, no zfs run', async () => {
    const file = advConfig(join(ctx.dir, `${advName(22)}.yaml`), {
      filesystems: [`host: {pattern: "${pool()}/host/(instance)", destroy: true}`],
    });
    const before = await picture({ pools: [pool()], trees: [`/${pool()}`] });
    for (const name of ['-rf', 'a@b', 'a b'])
      for (const command of [
        ['destroy', '--yes'],
        ['launch', '--yes'],
        ['snapshot', '--yes', '-s', 's1'],
      ]) {
        const r = await tracedLxdops([...command, `--name=${name}`, file], { cwd: ctx.dir });
        assertRefused(r, 1);
        assert.deepEqual(
          programsOf(r).filter((p) => p === 'zfs'),
          [],
          `${command[0]} --name=${name}: zfs ran: ${JSON.stringify(r.execs)}`,
        );
      }
    assert.deepEqual(changes(before, await picture({ pools: [pool()], trees: [`/${pool()}`] })), []);
  });

  test('snapshot names that are options or dataset paths (`-s -rf`, `a@b`, `a/b`, `..`): a usage error (exit 2) in one line before any zfs command', async () => {
    const file = advConfig(join(ctx.dir, `${advName(23)}.yaml`), {
      filesystems: [`host: {pattern: "${pool()}/snap/(instance)", destroy: true}`],
    });
    ok(await lxdops(['create-devices', '--yes', file], { cwd: ctx.dir }));
    ok(await lxdops(['snapshot', '--yes', '-s', 'good', file], { cwd: ctx.dir }));
    const before = await picture({ pools: [pool()], trees: [`/${pool()}`] });
    for (const name of ['-rf', 'a@b', 'a/b', '..', '.hidden', 'a b', `x${'y'.repeat(250)}`])
      for (const command of ['snapshot', 'rollback']) {
        const r = await tracedLxdops([command, '--yes', `--snapshot=${name}`, file], { cwd: ctx.dir });
        assertRefused(r, 2);
        assert.match(r.stderr, /^lxdops: -s .*: a snapshot name /, `${command} -s ${name}`);
        assert.deepEqual(r.execs, [], `${command} -s ${name}: something ran: ${JSON.stringify(r.execs)}`);
      }
    assert.deepEqual(changes(before, await picture({ pools: [pool()], trees: [`/${pool()}`] })), []);
  });
});
