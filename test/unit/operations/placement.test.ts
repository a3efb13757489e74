// On a cluster, prepare() places each root on its member: the instance's `location`, or `--target`
// for a new one. The member's own runner does the host side (its pool is its own), and what
// cannot be placed is a pre-flight blocker before anything runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepare } from '../../../core/src/operations/prepare';
import { run } from '../../../core/src/operations/run';
import type { PrepareResult } from '../../../core/src/operations/types';
import type { JournalEntry } from '../engine/support';
import { lx } from '../engine/support';
import { request, state, type WorldState, world } from './world';

const ROOT = '/ws/web1.yaml';
const WITH_FS = lx(
  'os: {name: alpine, image: busybox}',
  'filesystems:',
  '  host: {pattern: "z/demo/(instance)"}',
  'devices:',
  '  data: {path: /data, filesystem: host}',
);
const NO_FS = lx('os: {name: alpine, image: busybox}');

function cluster(o: Partial<NonNullable<WorldState['cluster']>> = {}): WorldState['cluster'] {
  return {
    serverName: 'm1',
    members: [
      { name: 'm1', status: 'Online', ssh: true },
      { name: 'm2', status: 'Online', ssh: true },
      { name: 'm3', status: 'Offline', ssh: true },
      { name: 'm4', status: 'Online', ssh: false },
    ],
    location: new Map(),
    ...o,
  };
}

const codes = (r: PrepareResult) => (r.ok ? [] : r.blockers.map((b) => b.code));
const messages = (r: PrepareResult) => (r.ok ? '' : r.blockers.map((b) => b.message).join('\n'));
const zfsOf = (journal: JournalEntry[]) =>
  journal.flatMap((e) => (e.door === 'host.run' && e.command.argv[0] === 'zfs' ? [e.command.argv[1]] : []));

describe('placement on a cluster', () => {
  test('launch --target: the container is created on the member, its datasets by its runner', async () => {
    const w = world({ [ROOT]: WITH_FS }, state({ cluster: cluster() }));
    const r = await prepare(request('launch', [ROOT], { target: 'm2' }), w.env);
    assert.ok(r.ok, messages(r));
    const plan = r.prepared.plans[0]!;
    assert.equal(plan.member, 'm2');
    const posts = plan.plan.steps.flatMap((s) =>
      s.kind === 'lxd' && s.request.method === 'POST' ? [s.request.path] : [],
    );
    assert.deepEqual(posts, ['/1.0/profiles', '/1.0/instances?target=m2']);
    // the planning reads went to member 2's runner, never to the host's
    assert.ok(zfsOf(w.members.get('m2')!.journal).includes('list'));
    assert.deepEqual(zfsOf(w.journal), []);
    await run(r.prepared, w.env);
    assert.ok(zfsOf(w.members.get('m2')!.journal).includes('create'));
    assert.deepEqual(zfsOf(w.members.get('m1')!.journal), []);
    assert.deepEqual(zfsOf(w.journal), []);
  });

  test('an existing instance goes to the member that holds it, and --target elsewhere is refused', async () => {
    const s = state({
      cluster: cluster({ location: new Map([['web1', 'm1']]) }),
      instances: new Map([['web1', { status: 'Running', config: {} }]]),
      datasets: new Map([['z/demo/web1', 'web1']]),
    });
    const w = world({ [ROOT]: WITH_FS }, s);
    const r = await prepare(request('snapshot', [ROOT], { snapshotName: 's1' }), w.env);
    assert.ok(r.ok, messages(r));
    assert.equal(r.prepared.plans[0]!.member, 'm1');
    const moved = await prepare(request('rebuild', [ROOT], { target: 'm2' }), w.env);
    assert.deepEqual(codes(moved), ['cluster-target-mismatch']);
    assert.match(messages(moved), /on member m1, not m2/);
  });

  test('without --target, a new instance with filesystems is refused with the members listed', async () => {
    const w = world({ [ROOT]: WITH_FS }, state({ cluster: cluster() }));
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(codes(r), ['cluster-target-needed']);
    assert.match(messages(r), /--target MEMBER; members: m1 \(Online\), m2 \(Online\), m3 \(Offline\)/);
    assert.deepEqual(w.changes(), []);
  });

  test('without filesystems LXD may place it: no target needed, no member recorded', async () => {
    const w = world({ [ROOT]: NO_FS }, state({ cluster: cluster() }));
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.ok(r.ok, messages(r));
    assert.equal(r.prepared.plans[0]!.member, undefined);
  });

  test('an offline, unknown or unreachable member is a pre-flight blocker that says what to do', async () => {
    const w = world({ [ROOT]: WITH_FS }, state({ cluster: cluster() }));
    const offline = await prepare(request('launch', [ROOT], { target: 'm3' }), w.env);
    assert.deepEqual(codes(offline), ['cluster-member-offline']);
    assert.match(messages(offline), /m3 .* is Offline: start it/);
    const unknown = await prepare(request('launch', [ROOT], { target: 'm9' }), w.env);
    assert.deepEqual(codes(unknown), ['cluster-member-unknown']);
    const noSsh = await prepare(request('launch', [ROOT], { target: 'm4' }), w.env);
    assert.deepEqual(codes(noSsh), ['cluster-member-no-ssh']);
    assert.match(messages(noSsh), /members: \{m4: user@address\}/);
    assert.deepEqual(w.changes(), []);
  });

  test('a new instance: its member is asked for itself first, once; a member that does not answer is refused', async () => {
    const w = world({ [ROOT]: WITH_FS }, state({ cluster: cluster({ refusing: new Set(['m2']) }) }));
    const asked = () => w.lxd.calls().filter((r) => r.path === '/1.0?target=m2').length;
    const r = await prepare(request('launch', [ROOT], { target: 'm2' }), w.env);
    assert.deepEqual(codes(r), ['cluster-member-offline']);
    assert.match(
      messages(r),
      /member m2 of .* is counted Online, but its LXD does not answer \(Unable to connect/,
    );
    assert.match(
      messages(r),
      /wait until `lxc info --target m2` answers, then run again; nothing was changed/,
    );
    assert.equal(asked(), 1);
    assert.deepEqual(w.changes(), []);
    assert.deepEqual(zfsOf(w.members.get('m2')!.journal), [], 'not even a zfs list on its pool');
    w.state.cluster!.refusing!.clear();
    const again = await prepare(request('launch', [ROOT], { target: 'm2' }), w.env);
    assert.ok(again.ok, messages(again));
    assert.equal(asked(), 2);
  });

  test('an existing instance is not asked for its member: reading it went there already', async () => {
    const s = state({
      cluster: cluster({ location: new Map([['web1', 'm2']]), refusing: new Set(['m2']) }),
      instances: new Map([['web1', { status: 'Running', config: {} }]]),
      datasets: new Map([['z/demo/web1', 'web1']]),
    });
    const w = world({ [ROOT]: WITH_FS }, s);
    const r = await prepare(request('snapshot', [ROOT], { snapshotName: 's1' }), w.env);
    assert.ok(r.ok, messages(r));
    assert.deepEqual(
      w.lxd.calls().filter((q) => q.path.includes('target=')),
      [],
    );
  });

  test('an instance whose member does not answer in time is refused as offline, not waited for', async () => {
    const s = state({
      cluster: cluster({ location: new Map([['web1', 'm2']]), silent: new Set(['web1']) }),
      instances: new Map([['web1', { status: 'Running', config: {} }]]),
    });
    const w = world({ [ROOT]: WITH_FS }, s);
    const r = await prepare(request('rebuild', [ROOT]), w.env);
    assert.deepEqual(codes(r), ['cluster-member-offline']);
    assert.match(messages(r), /did not answer for web1 within 8 s .* may be down/);
    const asked = w.lxd.calls().find((c) => c.path.startsWith('/1.0/instances/web1'));
    assert.equal(asked?.timeoutSeconds, 8);
    assert.deepEqual(w.changes(), []);
  });

  test('--target on a host that is not a cluster is refused', async () => {
    const w = world({ [ROOT]: WITH_FS });
    const r = await prepare(request('launch', [ROOT], { target: 'm2' }), w.env);
    assert.deepEqual(codes(r), ['cluster-member-unknown']);
    assert.match(messages(r), /local is not a cluster/);
  });
});
