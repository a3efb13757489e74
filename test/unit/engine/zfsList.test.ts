// zfsList tells "does not exist" from "zfs failed". The answers below are what zfs-fuse 0.7.0
// printed on this machine (`zfs list -H -o name,mounted ...`); the faults zfs cannot be made to
// show here without stopping the shared daemon (daemon down, zfs not installed) are FAKE answers
// of the recording host double. The same cases run for real in test/integration/records.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostResult } from '../../../core/src/engine/doors';
import { existingDatasets } from '../../../core/src/engine/observe';
import { zfsInfo } from '../../../core/src/engine/listing';
import { poolOf, ZfsError, zfsList } from '../../../core/src/engine/zfsList';
import { type JournalEntry, RecordingHostDouble } from './support';

/** A host whose zfs answers `list` from a table keyed by the names asked (the argv after the options). */
function zfsHost(answers: Record<string, HostResult>) {
  const journal: JournalEntry[] = [];
  const host = new RecordingHostDouble(journal, (c) => {
    const names = c.argv
      .slice(c.argv.indexOf('filesystem,snapshot') + 1)
      .filter((a) => a !== '-r' && a !== '--');
    const answer = answers[names.join(' ')];
    if (!answer) throw new Error(`unexpected ${c.argv.join(' ')}`);
    return answer;
  });
  return { host, journal };
}
const ok = (stdout: string): HostResult => ({ exitCode: 0, stdout, stderr: '' });
const missing = (stdout: string, ...names: string[]): HostResult => ({
  exitCode: 1,
  stdout,
  stderr: names.map((n) => `cannot open '${n}': dataset does not exist\n`).join(''),
});

describe('zfsList: missing is not failing', () => {
  test('existing and missing datasets of one pool: one list, their pool in it (no pool check after)', async () => {
    const { host, journal } = zfsHost({
      'lxdtest/a lxdtest/b@s lxdtest': missing('lxdtest/a\tyes\nlxdtest\tyes\n', 'lxdtest/b@s'),
    });
    const r = await existingDatasets(host, ['lxdtest/a', 'lxdtest/b@s']);
    assert.deepEqual([...r.existing], ['lxdtest/a']);
    assert.equal(journal.length, 1, 'one list');
  });

  test('only missing datasets of a pool (a launch): the pool asked in the same list, so zfs runs once', async () => {
    const { host, journal } = zfsHost({
      'lxdtest/a lxdtest/b@s lxdtest': missing('lxdtest\tyes\n', 'lxdtest/a', 'lxdtest/b@s'),
    });
    const r = await existingDatasets(host, ['lxdtest/a', 'lxdtest/b@s']);
    assert.deepEqual([...r.existing], [], 'the pool, not asked for, is not among the datasets');
    assert.equal(journal.length, 1, 'one list');
  });

  test('zfsList itself, with only missing names of a pool: the pool is checked once, after', async () => {
    const { host, journal } = zfsHost({
      'lxdtest/a lxdtest/b@s': missing('', 'lxdtest/a', 'lxdtest/b@s'),
      lxdtest: ok('lxdtest\n'),
    });
    const r = await zfsList(host, ['lxdtest/a', 'lxdtest/b@s'], { columns: ['name'] });
    assert.deepEqual([...r.missing], ['lxdtest/a', 'lxdtest/b@s']);
    assert.equal(journal.length, 2, 'one list, one pool check');
  });

  test('nothing missing: no pool check', async () => {
    const { host, journal } = zfsHost({ 'lxdtest/a lxdtest': ok('lxdtest/a\tno\nlxdtest\tyes\n') });
    const r = await existingDatasets(host, ['lxdtest/a']);
    assert.deepEqual([[...r.existing], [...r.unmounted]], [['lxdtest/a'], ['lxdtest/a']]);
    assert.equal(journal.length, 1);
  });

  test('no names: zfs is not run', async () => {
    const { host, journal } = zfsHost({});
    assert.deepEqual((await zfsList(host, [], { columns: ['name'] })).rows, []);
    assert.equal(journal.length, 0);
  });

  const failures: { name: string; answers: Record<string, HostResult>; names: string[]; expected: string }[] =
    [
      {
        name: 'a pool that does not exist (zfs says "dataset does not exist" for it too)',
        answers: { 'nosuchpool/x nosuchpool': missing('', 'nosuchpool/x', 'nosuchpool') },
        names: ['nosuchpool/x'],
        expected:
          "ZFS pool 'nosuchpool' does not exist (zpool list shows the pools): check the pool name (fsroot) of the config",
      },
      {
        name: 'a pool asked for directly',
        answers: { nosuchpool: missing('', 'nosuchpool') },
        names: ['nosuchpool'],
        expected:
          "ZFS pool 'nosuchpool' does not exist (zpool list shows the pools): check the pool name (fsroot) of the config",
      },
      {
        name: 'FAKE: the zfs-fuse daemon is not running',
        answers: {
          'lxdtest/a lxdtest': {
            exitCode: 1,
            stdout: '',
            stderr: 'connect: Connection refused\nPlease make sure that the zfs-fuse daemon is running.\n',
          },
        },
        names: ['lxdtest/a'],
        expected:
          'zfs list failed (exit 1): connect: Connection refused; Please make sure that the zfs-fuse daemon is running.',
      },
      {
        name: 'FAKE: a failure among missing names is still a failure',
        answers: {
          'lxdtest/a lxdtest/b lxdtest': {
            exitCode: 1,
            stdout: '',
            stderr: "cannot open 'lxdtest/a': dataset does not exist\ninternal error: out of memory\n",
          },
        },
        names: ['lxdtest/a', 'lxdtest/b'],
        expected: 'zfs list failed (exit 1): internal error: out of memory',
      },
      {
        name: 'FAKE: zfs not installed (the runner reports exit 127 without a message)',
        answers: { 'lxdtest/a lxdtest': { exitCode: 127, stdout: '', stderr: '' } },
        names: ['lxdtest/a'],
        expected: 'zfs list failed (exit 127): no message',
      },
      {
        name: 'FAKE: "does not exist" for a name that was not asked is not taken for missing',
        answers: { 'lxdtest/a lxdtest': missing('', 'lxdtest/other') },
        names: ['lxdtest/a'],
        expected: "zfs list failed (exit 1): cannot open 'lxdtest/other': dataset does not exist",
      },
    ];
  for (const c of failures)
    test(`an error, not "missing": ${c.name}`, async () => {
      const { host } = zfsHost(c.answers);
      await assert.rejects(existingDatasets(host, c.names), (e: unknown) => {
        assert.ok(e instanceof ZfsError, `a ZfsError, not ${String(e)}`);
        assert.equal(e.message, c.expected);
        return true;
      });
    });

  test('the listing (zfsInfo) fails the same way instead of showing the datasets as missing', async () => {
    const { host } = zfsHost({
      'nosuchpool/x': missing('', 'nosuchpool/x'),
      nosuchpool: missing('', 'nosuchpool'),
    });
    await assert.rejects(zfsInfo(host, ['nosuchpool/x']), ZfsError);
  });

  test('the listing reads used/origin and snapshots, recursively', async () => {
    const { host, journal } = zfsHost({
      'lxdtest/a': ok('lxdtest/a\t24K\t-\nlxdtest/a@s1\t0\t-\nlxdtest/a/b\t8K\tlxdtest/t@s\n'),
    });
    const r = await zfsInfo(host, ['lxdtest/a']);
    assert.deepEqual(Object.fromEntries(r.info), {
      'lxdtest/a': { used: '24K', origin: '-' },
      'lxdtest/a/b': { used: '8K', origin: 'lxdtest/t@s' },
    });
    assert.deepEqual(Object.fromEntries(r.snapshots), { 'lxdtest/a': ['s1'] });
    const run = journal[0];
    assert.ok(run?.door === 'host.run' && run.command.argv.includes('-r'));
  });

  const pools: { input: string; expected: string }[] = [
    { input: 'lxdtest', expected: 'lxdtest' },
    { input: 'lxdtest/a/b', expected: 'lxdtest' },
    { input: 'lxdtest@s', expected: 'lxdtest' },
    { input: 'z/a@s', expected: 'z' },
  ];
  for (const c of pools)
    test(`poolOf ${c.input} → ${c.expected}`, () => assert.equal(poolOf(c.input), c.expected));
});
