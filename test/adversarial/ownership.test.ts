// Ownership on the real stack (issue 9 point 1): destroy and rollback act only on datasets that
// carry this instance's own lxdops:owner mark and on plain directories lxdops recorded for it.
// A dataset made by hand under the config's pattern, another instance's, or one that only
// inherits a mark is refused with `not-owned` and is intact after (zfs list and its file before
// and after); `adopt` takes an unmarked one, and then destroy removes it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  datasets,
  DIR_RECORDS,
  instance,
  lxdops,
  must,
  names,
  ok,
  run,
  shown,
  stackHooks,
  standardConfig,
  write,
  zfsGet,
} from '../integration/stack';

const N = names('own');
let dir = '';

/** A config with one `destroy: true` filesystem (no container needed: destroy handles none). */
function config(name: string, pattern: string): string {
  return write(
    join(dir, `${name}.yaml`),
    [
      '#lxdops',
      'os: {name: alpine, image: busybox}',
      'filesystems:',
      `  host: {pattern: "${pattern}", destroy: true}`,
      '',
    ].join('\n'),
  );
}

/** Everything below the tag's datasets, with snapshots and marks: what must not change. */
async function zfsState(): Promise<string> {
  // zfs-fuse's `zfs get` has no -t: the snapshots come from zfs list
  const listed = await run('zfs', [
    'list',
    '-H',
    '-r',
    '-t',
    'filesystem,snapshot',
    '-o',
    'name',
    N.datasets,
  ]);
  const marks = await run('zfs', ['get', '-H', '-r', '-o', 'name,value,source', 'lxdops:owner', N.datasets]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal(marks.status, 0, marks.stderr);
  return `${listed.stdout}\n${marks.stdout}`;
}

const refusedNotOwned = (
  r: { status: number | null; stdout: string; stderr: string },
  command: string,
  name: string,
) => {
  assert.equal(r.status, 1, shown(r));
  assert.match(
    r.stderr,
    new RegExp(`error not-owned: ${command} ${name} refused: .*nothing was changed`),
    shown(r),
  );
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no JS stack trace');
};

describe('integration: ownership (lxdops:owner marks, directory records, adopt)', () => {
  stackHooks(N.tag, { ready: (d) => (dir = d) });

  test('a dataset made by hand under the pattern: destroy refuses (not-owned) and it is intact; after adopt, destroy removes it', async () => {
    const name = N.name(1);
    const ds = `${N.datasets}/host/${name}`;
    const cfg = config(name, `${N.datasets}/host/(instance)`);
    await must('zfs', ['create', '-p', ds]);
    writeFileSync(`/${ds}/precious.txt`, 'by hand\n');
    const before = await zfsState();

    const r = await lxdops(['destroy', '--yes', cfg], { cwd: dir });
    refusedNotOwned(r, 'destroy', name);
    assert.match(
      r.stderr,
      new RegExp(`host: ${ds} has no lxdops:owner mark of its own .*run \`lxdops adopt ${cfg}\``),
    );
    assert.equal(await zfsState(), before, 'zfs list (names, snapshots, marks) unchanged');
    assert.equal(readFileSync(`/${ds}/precious.txt`, 'utf8'), 'by hand\n');

    const dry = await lxdops(['adopt', '--dry-run', cfg], { cwd: dir });
    assert.equal(dry.status, 0, shown(dry));
    assert.match(
      dry.stdout,
      new RegExp(
        `! adopt ${ds} as default/${name}'s .*\\n\\s+\\$ sudo -n zfs set lxdops:owner=default/${name} ${ds}|! adopt ${ds} as default/${name}'s .*\\n\\s+\\$ zfs set lxdops:owner=default/${name} ${ds}`,
      ),
    );
    assert.equal(await zfsState(), before, 'a dry run of adopt changes nothing');
    const unconfirmed = await lxdops(['adopt', cfg], { cwd: dir });
    assert.notEqual(unconfirmed.status, 0, `adopt asks first (no terminal, no --yes): ${shown(unconfirmed)}`);
    assert.equal(await zfsState(), before);

    ok(await lxdops(['adopt', '--yes', cfg], { cwd: dir }));
    assert.equal(await zfsGet('lxdops:owner', ds), `default/${name}`);
    ok(await lxdops(['destroy', '--yes', cfg], { cwd: dir }));
    assert.equal((await datasets(N.datasets)).has(ds), false, `${ds} is gone`);
  });

  test("another instance's marked dataset: destroy and adopt refuse, naming the owner; nothing changes", async () => {
    const name = N.name(2);
    const ds = `${N.datasets}/host/${name}`;
    const cfg = config(name, `${N.datasets}/host/(instance)`);
    await must('zfs', ['create', '-p', '-o', `lxdops:owner=default/${N.name('other')}`, ds]);
    const before = await zfsState();
    for (const command of ['destroy', 'adopt']) {
      const r = await lxdops([command, '--yes', cfg], { cwd: dir });
      refusedNotOwned(r, command, name);
      assert.match(r.stderr, new RegExp(`${ds} belongs to default/${N.name('other')}`));
    }
    assert.equal(await zfsState(), before);
  });

  test('a dataset that only inherits the mark of its parent is not its own: destroy refuses', async () => {
    const name = N.name(3);
    const parent = `${N.datasets}/inherit`;
    const ds = `${parent}/${name}`;
    await must('zfs', ['create', '-p', '-o', `lxdops:owner=default/${name}`, parent]);
    await must('zfs', ['create', ds]);
    assert.match(
      await must('zfs', ['get', '-H', '-o', 'source', 'lxdops:owner', ds]),
      new RegExp(`inherited from ${parent}`),
    );
    const before = await zfsState();
    const r = await lxdops(['destroy', '--yes', config(name, `${parent}/(instance)`)], { cwd: dir });
    refusedNotOwned(r, 'destroy', name);
    assert.match(r.stderr, /no lxdops:owner mark of its own/);
    assert.equal(await zfsState(), before);
  });

  test('rollback of an unmarked dataset is refused; the data written after the snapshot stays', async () => {
    const name = N.name(4);
    const ds = `${N.datasets}/host/${name}`;
    const cfg = config(name, `${N.datasets}/host/(instance)`);
    await must('zfs', ['create', '-p', ds]);
    await must('zfs', ['snapshot', `${ds}@s1`]);
    writeFileSync(`/${ds}/later.txt`, 'later\n');
    const before = await zfsState();
    const r = await lxdops(['rollback', '--yes', '-s', 's1', cfg], { cwd: dir });
    refusedNotOwned(r, 'rollback', name);
    assert.equal(readFileSync(`/${ds}/later.txt`, 'utf8'), 'later\n');
    assert.equal(await zfsState(), before);
  });

  test('plain directories: one made by hand is refused; one made by create-devices is recorded on the host and destroyed; adopt records a hand-made one', async () => {
    const scratch = mkdtempSync(join(tmpdir(), `lxdops-it-${N.tag}-scratch-`));
    const byHand = N.name(5);
    const made = N.name(6);
    const cfgHand = config(byHand, `${scratch}/(instance)`);
    const cfgMade = config(made, `${scratch}/(instance)`);
    mkdirSync(join(scratch, byHand));
    writeFileSync(join(scratch, byHand, 'x.txt'), 'mine\n');

    const r = await lxdops(['destroy', '--yes', cfgHand], { cwd: dir });
    refusedNotOwned(r, 'destroy', byHand);
    assert.match(
      r.stderr,
      new RegExp(`the directory ${scratch}/${byHand} has no lxdops record for default/${byHand}`),
    );
    assert.equal(readFileSync(join(scratch, byHand, 'x.txt'), 'utf8'), 'mine\n');

    ok(await lxdops(['create-devices', cfgMade], { cwd: dir }));
    const record = join(DIR_RECORDS, 'default', made, encodeURIComponent(join(scratch, made)));
    assert.ok(existsSync(record), `${record} records the directory`);
    ok(await lxdops(['destroy', '--yes', cfgMade], { cwd: dir }));
    assert.ok(
      !existsSync(join(scratch, made)) && !existsSync(record),
      'the directory and its record are gone',
    );

    ok(await lxdops(['adopt', '--yes', cfgHand], { cwd: dir }));
    ok(await lxdops(['destroy', '--yes', cfgHand], { cwd: dir }));
    assert.ok(!existsSync(join(scratch, byHand)));
  });

  test('rename refuses while a dataset it would move is not the instance own (its mark removed); with the mark back, it renames and moves the marks', async () => {
    const from = N.name(7);
    const to = N.name(8);
    const cfg = write(join(dir, `${from}.yaml`), standardConfig(N.tag));
    ok(await lxdops(['launch', cfg], { cwd: dir }));
    const keep = `${N.datasets}/keep/${from}`;
    await must('zfs', ['inherit', 'lxdops:owner', keep]); // as if made by hand or by an older lxdops
    const before = await zfsState();
    const r = await lxdops(['rename', cfg, to], { cwd: dir });
    refusedNotOwned(r, 'rename', from);
    assert.match(r.stderr, new RegExp(`keep: ${keep} has no lxdops:owner mark of its own`));
    assert.equal(await zfsState(), before, 'no dataset moved');
    assert.equal((await instance(from))?.status, 'Running', 'the container was not touched');

    ok(await lxdops(['adopt', '--yes', cfg], { cwd: dir }));
    ok(await lxdops(['rename', cfg, to], { cwd: dir }));
    assert.equal(await zfsGet('lxdops:owner', `${N.datasets}/keep/${to}`), `default/${to}`);
    assert.equal(await zfsGet('lxdops:owner', `${N.datasets}/host/${to}`), `default/${to}`);
  });
});
