// destroy touches only the instance's own data (issue 8 point 2), on the real LXD daemon and ZFS
// pool (see stack.ts). System paths appear only in checks and plans: nothing here runs a destroy on
// anything but the suite's datasets (lxdtest/it-ct) and a fresh mktemp directory.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  OWNER,
  shown,
  stackHooks,
  write,
} from './stack';

const N = names('ct');
let dir = '';

/** A config of the suite: busybox, owner, the given filesystems and devices. */
function config(file: string, filesystems: string[], devices: string[] = []): string {
  return write(
    join(dir, file),
    [
      '#lxdops',
      `os: {name: alpine, image: ${IMAGE}}`,
      `profiles: [default, ${NIC_PROFILE}]`,
      `device-owner: "${OWNER}"`,
      'filesystems:',
      ...filesystems.map((l) => `  ${l}`),
      ...(devices.length ? ['devices:', ...devices.map((l) => `  ${l}`)] : []),
      '',
    ].join('\n'),
  );
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, 'no JS stack trace');

describe("integration: destroy and rollback touch only the instance's own data", () => {
  stackHooks(N.tag, { ready: (d) => (dir = d) });

  test('two instances share a dataset: check warns; destroy of one refuses (exit 1, naming the other) and changes nothing', async () => {
    const shared = `${N.datasets}/shared`;
    const own = (n: number) => `${N.datasets}/own/${N.name(n)}`;
    const fss = [
      `own: {pattern: "${N.datasets}/own/(instance)", destroy: true}`,
      `shared: {pattern: "${shared}", destroy: true}`,
    ];
    const devs = [
      'data: {path: /data, filesystem: own}',
      'shared: {path: /shared, filesystem: shared, dir: .}',
    ];
    const cfg1 = config(`${N.name(1)}.yaml`, fss, devs);
    const cfg2 = config(`${N.name(2)}.yaml`, fss, devs);
    const checked = await lxdops(['check', cfg1], { cwd: dir });
    assert.equal(checked.status, 0, shown(checked));
    assert.match(checked.stdout, /warning destroy-shared/);
    ok(await lxdops(['launch', cfg1], { cwd: dir }));
    ok(await lxdops(['launch', cfg2], { cwd: dir }));
    await inContainer(N.name(2), 'echo theirs > /shared/p.txt');

    const r = await lxdops(['destroy', '--yes', cfg1], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, new RegExp(`destroy ${N.name(1)} refused`));
    assert.match(
      r.stderr,
      new RegExp(`${shared} is in use: instance ${N.name(2)} has its device \`shared\``),
    );
    noStackTrace(r.stderr);
    const all = await datasets(N.datasets);
    for (const d of [shared, own(1), own(2)]) assert.ok(all.has(d), `${d} survives`);
    assert.equal(readFileSync(`/${shared}/p.txt`, 'utf8'), 'theirs\n');
    assert.equal((await instance(N.name(1)))?.status, 'Running', 'not even the container was touched');
    assert.equal(await inContainer(N.name(2), 'cat /shared/p.txt'), 'theirs\n');

    // rollback of the first would roll the shared dataset back under the second: refused too
    ok(await lxdops(['snapshot', '-s', 's1', cfg1], { cwd: dir }));
    await inContainer(N.name(2), 'echo later > /shared/p.txt');
    const back = await lxdops(['rollback', '--yes', '-s', 's1', cfg1], { cwd: dir });
    assert.equal(back.status, 1, shown(back));
    assert.match(
      back.stderr,
      new RegExp(`rollback ${N.name(1)} refused.*\n.*${shared} is in use: instance ${N.name(2)}`),
    );
    assert.equal(readFileSync(`/${shared}/p.txt`, 'utf8'), 'later\n', 'the shared data was not rolled back');
    assert.equal((await instance(N.name(1)))?.status, 'Running', 'and the first container was not stopped');
  });

  test('a parent pattern: check refuses it across configs; destroy refuses the foreign child dataset and both survive', async () => {
    const sub = join(dir, 'nest');
    const nest = `${N.datasets}/nest`;
    const parent = config(`nest/${N.name(3)}.yaml`, [`nest: {pattern: "${nest}", destroy: true}`]);
    const child = config(`nest/${N.name(4)}.yaml`, [`host: {pattern: "${nest}/(instance)", destroy: true}`]);
    const checked = await lxdops(['check', '--format', 'json', sub], { cwd: dir });
    assert.equal(checked.status, 1, shown(checked));
    const codes = (
      JSON.parse(checked.stdout) as { diagnostics: { file: string; code: string; line: number }[] }
    ).diagnostics;
    assert.deepEqual(
      codes
        .filter((d) => d.code !== 'destroy-shared')
        .map((d) => [d.code, d.file.endsWith(`${N.name(3)}.yaml`), d.line]),
      [['destroy-parent', true, 6]],
    );

    ok(await lxdops(['create-devices', parent], { cwd: dir }));
    ok(await lxdops(['create-devices', child], { cwd: dir }));
    writeFileSync(`/${nest}/${N.name(4)}/keep.txt`, 'child\n');
    const r = await lxdops(['destroy', '--yes', parent], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(
      r.stderr,
      new RegExp(`has child datasets that are not this instance's to destroy: ${nest}/${N.name(4)}`),
    );
    const all = await datasets(N.datasets);
    assert.ok(all.has(nest) && all.has(`${nest}/${N.name(4)}`), [...all.keys()].join(', '));
    assert.equal(readFileSync(`/${nest}/${N.name(4)}/keep.txt`, 'utf8'), 'child\n');
  });

  test("a plain-directory destroy pattern under a mktemp dir: destroy removes exactly the instance's directory", async () => {
    const scratch = mkdtempSync(join(tmpdir(), `lxdops-it-${N.tag}-scratch-`));
    const cfg = config(
      `${N.name(5)}.yaml`,
      [`dir: {pattern: "${scratch}/data/(instance)", destroy: true}`],
      ['d: {path: /d, filesystem: dir}'],
    );
    ok(await lxdops(['create-devices', cfg], { cwd: dir }));
    const mine = join(scratch, 'data', N.name(5));
    writeFileSync(join(mine, 'd', 'x.txt'), 'mine\n');
    writeFileSync(join(scratch, 'data', 'sibling.txt'), 'sibling\n');
    const dry = await lxdops(['destroy', '--dry-run', cfg], { cwd: dir });
    assert.equal(dry.status, 0, shown(dry));
    assert.match(dry.stdout, new RegExp(`rm -rf --one-file-system -- ${mine}\\n`));
    ok(await lxdops(['destroy', '--yes', cfg], { cwd: dir }));
    assert.ok(!existsSync(mine), `${mine} is gone`);
    assert.equal(readFileSync(join(scratch, 'data', 'sibling.txt'), 'utf8'), 'sibling\n');
  });

  // System-directory patterns (`/`, `/usr`, `/tmp/x/../../usr`, ...), `-P y=-rf` and instance names
  // `..`: test/adversarial/paths.test.ts and operands.test.ts, with the kernel's trace of what ran.
});
