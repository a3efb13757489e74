// A cluster's listing: each instance's filesystems are listed through its member's runner (one
// `zfs list` per member), and an instance whose member has no runner says why its are not listed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostCommand } from '../../../core/src/engine/plan';
import { listInstances, type ListingSpec } from '../../../core/src/engine/listing';
import { type JournalEntry, RecordingHostDouble, RecordingLxdDouble } from './support';

const instance = (name: string, location: string) => ({
  name,
  status: 'Running',
  project: 'default',
  profiles: ['default'],
  config: {},
  devices: {},
  expanded_config: {},
  expanded_devices: {},
  location,
  snapshots: [],
});

const spec = (name: string): ListingSpec => ({
  config: `/ws/${name}.yaml`,
  filesystems: [{ id: 'data', dataset: `p/${name}`, dir: `/p/${name}` }],
});

/** A member's runner whose pool holds exactly `datasets`. */
function member(journal: JournalEntry[], datasets: string[]) {
  return new RecordingHostDouble(journal, (c: HostCommand) => {
    const names = c.argv.filter((a) => a.startsWith('p/'));
    const rows = names.filter((n) => datasets.includes(n)).map((n) => `${n}\t1M\t-`);
    return { exitCode: 0, stdout: rows.join('\n'), stderr: '' };
  });
}

test('on a cluster, each instance is listed with its member, its filesystems through that member', async () => {
  const lxdJournal: JournalEntry[] = [];
  const lxd = new RecordingLxdDouble(lxdJournal, () => [
    instance('a', 'm1'),
    instance('b', 'm2'),
    instance('c', 'm3'),
  ]);
  const j1: JournalEntry[] = [];
  const j2: JournalEntry[] = [];
  const runners = new Map([
    ['m1', member(j1, ['p/a'])],
    ['m2', member(j2, ['p/b'])],
  ]);
  const host = new RecordingHostDouble([]);
  const specs = new Map(['a', 'b', 'c'].map((n) => [n, spec(n)]));
  const listed = await listInstances(
    { lxd, host },
    (i) => specs.get(i.name),
    undefined,
    (m) => (m ? runners.get(m) : host),
  );
  assert.deepEqual(
    listed.map((i) => [i.name, i.member, i.filesystems.map((f) => f.exists), i.filesystemsProblem ?? '']),
    [
      ['a', 'm1', [true], ''],
      ['b', 'm2', [true], ''],
      [
        'c',
        'm3',
        [],
        "member m3 has no SSH destination: its filesystems are not listed (add it to the host's members)",
      ],
    ],
  );
  // one zfs list on each member, of its own instances' datasets only; none on the host
  const zfsOperands = (j: JournalEntry[]) =>
    j.flatMap((e) => (e.door === 'host.run' ? [e.command.argv.filter((a) => a.startsWith('p/'))] : []));
  assert.deepEqual(zfsOperands(j1), [['p/a']]);
  assert.deepEqual(zfsOperands(j2), [['p/b']]);
  assert.deepEqual(host.journal, []);
});
