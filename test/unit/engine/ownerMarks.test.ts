// ownerMarks: the own (source local) lxdops:owner of each dataset, read with one `zfs get`.
// The host is a recording double answering as zfs prints (a failing `zfs get` is a fault that the
// real stack cannot be made to produce on demand).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ownerMarks } from '../../../core/src/engine/ownerMarks';
import { type JournalEntry, RecordingHostDouble } from './support';

describe('ownerMarks', () => {
  test('keeps only marks set on the dataset itself: inherited or unset ones are undefined', async () => {
    const journal: JournalEntry[] = [];
    const host = new RecordingHostDouble(journal, () => ({
      exitCode: 0,
      stdout: ['z/a\tdefault/web1\tlocal', 'z/a/b\tdefault/web1\tinherited from z/a', 'z/c\t-\t-'].join('\n'),
      stderr: '',
    }));
    const marks = await ownerMarks(host, ['z/a', 'z/a/b', 'z/c']);
    assert.deepEqual(
      [...marks],
      [
        ['z/a', 'default/web1'],
        ['z/a/b', undefined],
        ['z/c', undefined],
      ],
    );
    assert.deepEqual(
      journal.map((e) => (e.door === 'host.run' ? e.command.argv : [])),
      [['zfs', 'get', '-H', '-o', 'name,value,source', 'lxdops:owner', 'z/a', 'z/a/b', 'z/c']],
    );
  });

  test('no datasets: nothing is run', async () => {
    const journal: JournalEntry[] = [];
    assert.equal((await ownerMarks(new RecordingHostDouble(journal), [])).size, 0);
    assert.equal(journal.length, 0);
  });

  test('a failing zfs get is an error that says so', async () => {
    const host = new RecordingHostDouble([], () => ({
      exitCode: 1,
      stdout: '',
      stderr: "cannot open 'z/a': dataset does not exist\n",
    }));
    await assert.rejects(ownerMarks(host, ['z/a']), /zfs get lxdops:owner failed: cannot open 'z\/a'/);
  });
});
