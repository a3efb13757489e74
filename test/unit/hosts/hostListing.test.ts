// listHost on a cluster: a config that was only partly created (its dataset on member 2's pool, no
// instance yet) is seen through member 2's runner; an offline member is not asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostCommand } from '../../../core/src/engine/plan';
import { listHost } from '../../../core/src/hosts/hostListing';
import type { ConfigSummary } from '../../../core/src/protocol';
import { type JournalEntry, RecordingHostDouble, RecordingLxdDouble } from '../engine/support';

/** A runner whose pool holds exactly `datasets`. */
function runner(journal: JournalEntry[], datasets: string[]) {
  return new RecordingHostDouble(journal, (c: HostCommand) => {
    const rows = c.argv.filter((a) => datasets.includes(a)).map((n) => `${n}\t1M\t-`);
    return { exitCode: 0, stdout: rows.join('\n'), stderr: '' };
  });
}

function clusterAnswer(path: string): unknown {
  if (path === '/1.0') return { api_extensions: [], environment: { server_clustered: true, server: 'lxd' } };
  if (path.startsWith('/1.0/cluster/members'))
    return ['m1', 'm2', 'm3'].map((name) => ({
      server_name: name,
      status: name === 'm3' ? 'Offline' : 'Online',
      roles: [],
      message: '',
      url: '',
    }));
  return []; // no instances, no profiles
}

test('on a cluster, a config dataset that exists only on a member counts as existing', async () => {
  const lxd = new RecordingLxdDouble([], (r) => clusterAnswer(r.path.split('?')[0]!));
  const here: JournalEntry[] = [];
  const journals = new Map(['m1', 'm2', 'm3'].map((m) => [m, [] as JournalEntry[]]));
  const runners = new Map([
    ['m1', runner(journals.get('m1')!, [])],
    ['m2', runner(journals.get('m2')!, ['pool/web1'])],
    ['m3', runner(journals.get('m3')!, ['pool/web1'])],
  ]);
  const configs: ConfigSummary[] = [
    {
      uri: 'file:///ws/web1.yaml',
      instance: 'web1',
      filesystems: [{ id: 'data', path: 'pool/web1', zfs: true, destroy: false }],
      errors: 0,
      warnings: 0,
      problems: [],
    },
  ];
  const listing = await listHost(
    { lxd, host: runner(here, []), memberRunner: (m) => runners.get(m) },
    configs,
  );
  assert.deepEqual([...listing.datasets], ['pool/web1']);
  assert.deepEqual(
    listing.members.map((m) => m.name),
    ['m1', 'm2', 'm3'],
  );
  const asked = (j: JournalEntry[]) => j.filter((e) => e.door === 'host.run').length;
  assert.equal(asked(journals.get('m1')!), 1);
  assert.equal(asked(journals.get('m2')!), 1);
  assert.equal(asked(journals.get('m3')!), 0, 'an offline member is not asked');
});
