// Issue 9, "Paths escape their filesystem" and the plain-directory half of "Destroy has no notion of
// ownership": system directories as destroy patterns, a device `dir` that climbs out of its
// filesystem, instance names `.`, `..` and with `/`. System paths are used only by `check` and
// `--dry-run`; what runs for real (`--yes`) runs against a scratch pool and a scratch folder, and
// the kernel's trace and pictures before and after show that nothing outside changed.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SpecError } from '../../core/src/engine/instanceSpec';
import { PlanError } from '../../core/src/engine/planError';
import { instance, lxdops } from '../integration/stack';
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

/** The system directory a pattern names, whose first level is pictured (never `/`, `/usr` or `/var` in depth). */
const SYSTEM_PATTERNS: [pattern: string, pictured: string][] = [
  ['/var', '/var'],
  ['/home', '/home'],
  ['/etc/', '/etc'],
  ['//', '/'],
  ['/', '/'],
  ['/usr', '/usr'],
  ['/tmp/x/../../usr', '/usr'],
];

describe('adversarial: paths stay inside the instance', () => {
  const ctx = suiteHooks([3]);
  const pool = () => ctx.pools[0]!.name;

  SYSTEM_PATTERNS.forEach(([pattern, pictured], i) => {
    test(`\`pattern: ${pattern}\` with destroy: true: check reports destroy-system-path at the value; destroy --dry-run and the engine refuse; nothing ran`, async () => {
      const file = advConfig(join(ctx.dir, `${advName(`sys${i}`)}.yaml`), {
        filesystems: [`sys: {pattern: "${pattern}", destroy: true}`],
      });
      const before = await picture({ shallow: [pictured] });
      const tmpX = existsSync('/tmp/x');
      const checked = await lxdops(['check', '--format', 'json', file], { cwd: ctx.dir });
      assert.equal(checked.status, 1, shown(checked));
      const at = lineColumnOf(readFileSync(file, 'utf8'), `"${pattern}"`);
      assert.ok(
        jsonErrors(checked).some(
          (d) => d.code === 'destroy-system-path' && d.line === at.line && d.column === at.column,
        ),
        shown(checked),
      );
      const dry = await tracedLxdops(['destroy', '--dry-run', file], { cwd: ctx.dir });
      assertRefused(dry, 1);
      assert.doesNotMatch(dry.stdout, /rm -rf/);
      assert.deepEqual(writesOf(dry), [], 'no command that writes ran');
      await assert.rejects(planWithoutCheck('destroy', file), (e: unknown) =>
        pattern.includes('..')
          ? e instanceof SpecError && /`\.\.` component/.test(e.message)
          : e instanceof PlanError && /sys: \/\S* is the (root|system) directory/.test(e.message),
      );
      assert.deepEqual(changes(before, await picture({ shallow: [pictured] })), []);
      assert.equal(existsSync('/tmp/x'), tmpX, '/tmp/x is neither made nor removed');
    });
  });

  test('device `dir: ../../etc` and `dir: /etc`: check reports device-dir-outside at the value; launch --dry-run and the engine refuse; nothing ran', async () => {
    for (const [n, dir] of [
      [1, '../../etc'],
      [2, '/etc'],
    ] as const) {
      const file = advConfig(join(ctx.dir, `${advName(`etc${n}`)}.yaml`), {
        filesystems: [`host: {pattern: "${pool()}/dev/(instance)"}`],
        devices: [`x: {path: /x, filesystem: host, dir: ${dir}}`],
      });
      const before = await picture({ pools: [pool()], shallow: ['/etc'] });
      const checked = await lxdops(['check', '--format', 'json', file], { cwd: ctx.dir });
      assert.equal(checked.status, 1, shown(checked));
      assert.deepEqual(
        jsonErrors(checked).map((d) => ({ code: d.code, line: d.line, column: d.column })),
        [{ code: 'device-dir-outside', ...lineColumnOf(readFileSync(file, 'utf8'), dir) }],
      );
      const dry = await tracedLxdops(['launch', '--dry-run', file], { cwd: ctx.dir });
      assertRefused(dry, 1);
      assert.deepEqual(writesOf(dry), [], 'no command that writes ran');
      await assert.rejects(planWithoutCheck('launch', file), (e: unknown) => e instanceof SpecError, dir);
      assert.deepEqual(changes(before, await picture({ pools: [pool()], shallow: ['/etc'] })), []);
    }
  });

  test('device `dir: ../../victim` on a scratch pool, run for real: launch --yes is refused, the root-owned 0700 victim keeps its owner, mode and files, and nothing is created', async () => {
    const victim = `/${pool()}/victim`;
    mkdirSync(victim, { recursive: true });
    chmodSync(victim, 0o700);
    writeFileSync(join(victim, 'secret'), 'host only\n', { mode: 0o600 });
    const file = advConfig(join(ctx.dir, `${advName(10)}.yaml`), {
      filesystems: [`host: {pattern: "${pool()}/dev/(instance)"}`],
      devices: ['x: {path: /x, filesystem: host, dir: ../../victim}'],
    });
    const before = await picture({ pools: [pool()], trees: [`/${pool()}`] });
    const r = await tracedLxdops(['launch', '--yes', file], { cwd: ctx.dir });
    assertRefused(r, 1);
    assert.match(r.stderr, /error device-dir-outside/);
    assert.deepEqual(writesOf(r), [], 'no command that writes ran');
    assert.equal(await instance(advName(10)), undefined, 'no container');
    assert.deepEqual(changes(before, await picture({ pools: [pool()], trees: [`/${pool()}`] })), []);
  });

  test('instance names `..` (a file `...yaml` with a `container:` key), `.` (`..yaml`) and `--name` `..`, `.`, `a/b`, `../x`: refused by check and by destroy --yes; the sibling directories are as before', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'adv-names-'));
    const dirs = join(scratch, 'dirs');
    for (const sibling of ['sibling', 'x']) {
      mkdirSync(join(dirs, sibling), { recursive: true });
      writeFileSync(join(dirs, sibling, 'keep.txt'), `${sibling}\n`);
    }
    const pattern = `dir: {pattern: "${dirs}/(instance)", destroy: true}`;
    const named = join(ctx.dir, 'names');
    const dots3 = advConfig(join(named, '...yaml'), {
      filesystems: [pattern],
      extra: [`container: ${advName(11)}`],
    });
    const dots2 = advConfig(join(named, '..yaml'), { filesystems: [pattern] });
    const plain = advConfig(join(named, `${advName(12)}.yaml`), { filesystems: [pattern] });
    const cases: [what: string, args: string[]][] = [
      ['`...yaml`: instance `..`', [dots3]],
      ['`..yaml`: instance `.`', [dots2]],
      ...['..', '.', 'a/b', '../x'].map((n): [string, string[]] => [`--name ${n}`, ['--name', n, plain]]),
    ];
    const before = await picture({ trees: [scratch] });
    for (const [what, args] of cases) {
      const checked = await lxdops(['check', ...args], { cwd: named });
      assert.equal(checked.status, 1, `${what}: ${shown(checked)}`);
      assert.match(checked.stdout, /error (unsafe-value|invalid-instance-name)/, what);
      const r = await tracedLxdops(['destroy', '--yes', ...args], { cwd: named });
      assertRefused(r, 1);
      assert.deepEqual(writesOf(r), [], `${what}: no command that writes ran`);
    }
    await assert.rejects(planWithoutCheck('destroy', dots3), (e: unknown) => e instanceof SpecError);
    assert.deepEqual(changes(before, await picture({ trees: [scratch] })), []);
  });
});
