import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readsOnce } from '../../../core/src/operations/readsOnce';
import { type JournalEntry, RecordingHostDouble } from '../engine/support';

describe('readsOnce: one prepare asks zfs the same read once', () => {
  test('the same zfs list twice (even at once) runs once; another list, a zfs create, mkdir run each time', async () => {
    const journal: JournalEntry[] = [];
    const host = readsOnce(
      new RecordingHostDouble(journal, () => ({ exitCode: 0, stdout: 'z\n', stderr: '' })),
    );
    const list = { argv: ['zfs', 'list', '-H', '-o', 'name', '--', 'z'], sudo: false };
    const [a, b] = await Promise.all([host.run(list), host.run(list)]);
    assert.deepEqual([a.stdout, b.stdout], ['z\n', 'z\n']);
    await host.run({ argv: ['zfs', 'list', '-H', '-o', 'name', '--', 'y'], sudo: false });
    await host.run({ argv: ['zfs', 'create', '--', 'z/a'], sudo: true });
    await host.run({ argv: ['zfs', 'create', '--', 'z/a'], sudo: true });
    await host.run({ argv: ['mkdir', '-p', '--', '/z/a'], sudo: true });
    await host.run({ argv: ['mkdir', '-p', '--', '/z/a'], sudo: true });
    const ran = journal.flatMap((e) => (e.door === 'host.run' ? [e.command.argv.join(' ')] : []));
    assert.deepEqual(ran, [
      'zfs list -H -o name -- z',
      'zfs list -H -o name -- y',
      'zfs create -- z/a',
      'zfs create -- z/a',
      'mkdir -p -- /z/a',
      'mkdir -p -- /z/a',
    ]);
  });

  test('a check that repeats until it succeeds (until) is never answered from before', async () => {
    const journal: JournalEntry[] = [];
    const host = readsOnce(new RecordingHostDouble(journal, () => ({ exitCode: 0, stdout: '', stderr: '' })));
    const check = { argv: ['zfs', 'get', 'mounted', 'z'], sudo: false, until: 5 };
    await host.run(check);
    await host.run(check);
    assert.equal(journal.length, 2);
  });
});
