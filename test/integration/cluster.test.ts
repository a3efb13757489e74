/**
 * The real nested 3-member LXD cluster (scripts/setup-cluster.sh): `lxdops hosts` sees it
 * clustered with its members; each member's SSH destination reaches that member and its own pool;
 * a stopped member is reported within the 10 s bound while the rest keeps answering; and the life
 * of an instance placed on member 2 (`--target`) with its ZFS filesystem on member 2's own pool:
 * launch, snapshot, rebuild (data kept), destroy. Where things landed is read from outside, with
 * `lxc exec` in the members, never through the code under test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SshHostRunner } from '../../core/src/host/sshHostRunner';
import {
  CLUSTER,
  clusterCleanup,
  clusterEnv,
  clusterInstance,
  ENTRY_MEMBER,
  HOSTS_FILE,
  inClusterInstance,
  inMember,
  MEMBER_POOL,
  memberAddress,
  memberDatasets,
  MEMBERS,
  requireCluster,
  SSH_CONFIG,
  leadershipOff,
  startMember,
  stopMember,
  waitAllOnline,
  waitSettled,
  waitMemberStatus,
  type Member,
} from './cluster';
import { dataConfig, lxdops, ok, onlyOn, OWNER, requireStack, run, shown, write } from './stack';

const TAG = 'it-cluster';
const NAME = `${TAG}-1`;
const TARGET: Member = 'lxdops-cm2';
const STOPPED: Member = 'lxdops-cm3';
/** The bound for an unreachable host or offline member. */
const BOUND_MS = 10_000;

interface HostJson {
  name: string;
  kind?: string;
  reachable: boolean;
  version?: string;
  clustered: boolean;
  members: { name: string; status: string; roles: string[]; message: string }[];
  error?: string;
}

async function listHosts(): Promise<{ hosts: Map<string, HostJson>; ms: number }> {
  const started = Date.now();
  const r = ok(
    await lxdops(['hosts', '--format', 'json', '--hosts', HOSTS_FILE], { cwd: tmpdir(), env: clusterEnv() }),
  );
  const ms = Date.now() - started;
  const parsed = JSON.parse(r.stdout) as { hosts: HostJson[] };
  return { hosts: new Map(parsed.hosts.map((h) => [h.name, h])), ms };
}

/** `lxdops hosts` while something is down: within the bound, and the local host still listed. */
async function listHostsInBound(meanwhile: string): Promise<Map<string, HostJson>> {
  const { hosts, ms } = await listHosts();
  assert.ok(ms < BOUND_MS, `lxdops hosts took ${ms} ms with ${meanwhile}`);
  assert.equal(hosts.get('local')?.reachable, true, 'the other hosts are still listed');
  return hosts;
}

const statuses = (host: HostJson | undefined) => host?.members.map((m) => [m.name, m.status]);

/** The hosts file's member → SSH destination map, as setup-cluster.sh wrote it. */
function memberDestinations(): Record<string, string> {
  const entries = parse(readFileSync(HOSTS_FILE, 'utf8')) as {
    name: string;
    members?: Record<string, string>;
  }[];
  const cluster = entries.find((e) => e.name === CLUSTER);
  assert.ok(cluster?.members, `${HOSTS_FILE} has no entry ${CLUSTER} with members`);
  return cluster.members;
}

function sshRunner(destination: string): SshHostRunner {
  const controlDir = mkdtempSync(join(tmpdir(), 'lxdops-it-cluster-ssh-'));
  return new SshHostRunner(destination, { configFile: SSH_CONFIG, controlDir });
}

// Runs once, in the `local` variant: the cluster is a host of its own, whichever server the suite runs on.
const ONCE = onlyOn(['local'], 'the cluster is its own host; the local run covers it');

describe('the nested LXD cluster: hosts, members over SSH, a stopped member (real cluster)', ONCE, () => {
  before(async () => {
    await requireStack();
    await requireCluster();
  });

  it('lists the cluster as clustered LXD with its 3 members online, beside the local hosts', async () => {
    const { hosts, ms } = await listHosts();
    const cluster = hosts.get(CLUSTER);
    const version = (await inMember('lxdops-cm1', ['lxd', '--version'])).trim();
    assert.deepEqual(
      [cluster?.kind, cluster?.reachable, cluster?.clustered, cluster?.version, cluster?.error],
      ['lxd', true, true, version, undefined],
    );
    assert.deepEqual(statuses(cluster), [
      ['lxdops-cm1', 'Online'],
      ['lxdops-cm2', 'Online'],
      ['lxdops-cm3', 'Online'],
    ]);
    assert.ok(
      cluster!.members.every((m) => m.roles.includes('database') || m.roles.includes('database-leader')),
    );
    assert.equal(hosts.get('local')?.clustered, false, 'the local LXD is not clustered');
    assert.ok(ms < BOUND_MS, `lxdops hosts took ${ms} ms`);
  });

  it("each member's SSH destination reaches that member and its own pool", async () => {
    const destinations = memberDestinations();
    assert.deepEqual(Object.keys(destinations), [...MEMBERS]);
    const guids = new Set<string>();
    for (const member of MEMBERS) {
      assert.equal(destinations[member], `root@${memberAddress(member)}`);
      const runner = sshRunner(destinations[member]!);
      const whoami = await runner.run({ argv: ['cat', '/srv/lxdops/whoami'], sudo: false });
      assert.equal(whoami.stdout.trim(), member, whoami.stderr);
      const viaSsh = await runner.run({
        argv: ['zfs', 'get', '-H', '-o', 'value', 'guid', '--', MEMBER_POOL],
        sudo: false,
      });
      assert.equal(viaSsh.exitCode, 0, viaSsh.stderr);
      // the pool SSH sees is the one inside this member (lxc exec), not another member's or the host's
      const inside = await inMember(member, ['zfs', 'get', '-H', '-o', 'value', 'guid', '--', MEMBER_POOL]);
      assert.equal(viaSsh.stdout.trim(), inside.trim());
      guids.add(inside.trim());
    }
    assert.equal(guids.size, MEMBERS.length, 'every member has its own pool');
  });

  it('a stopped member is reported offline within the bound; the other members and hosts still answer', async () => {
    // a member that is not the database leader: killing the leader is the next test
    console.log(`# the database leader is ${await leadershipOff(STOPPED)}`);
    await stopMember(STOPPED);
    const stoppedAt = Date.now();
    try {
      // until LXD's heartbeat marks it Offline, every listing must still come back within 10 s
      let offlineAfterMs: number | undefined;
      while (offlineAfterMs === undefined && Date.now() - stoppedAt < 60_000) {
        const hosts = await listHostsInBound(`${STOPPED} stopped`);
        const cluster = hosts.get(CLUSTER);
        assert.equal(cluster?.reachable, true, cluster?.error);
        const byName = new Map(statuses(cluster)?.map(([n, s]) => [n, s]));
        assert.equal(byName.get('lxdops-cm1'), 'Online');
        assert.equal(byName.get('lxdops-cm2'), 'Online');
        if (byName.get(STOPPED) === 'Offline') offlineAfterMs = Date.now() - stoppedAt;
      }
      assert.ok(offlineAfterMs !== undefined, `${STOPPED} was not reported Offline within 60 s`);
      console.log(`# ${STOPPED} reported Offline ${offlineAfterMs} ms after it stopped`);
      const message = (await listHosts()).hosts
        .get(CLUSTER)!
        .members.find((m) => m.name === STOPPED)!.message;
      assert.match(message, /heartbeat|offline|No heartbeat/i, 'the member says why');

      // its SSH destination fails fast, with ssh's reason
      const runner = sshRunner(`root@${memberAddress(STOPPED)}`);
      const started = Date.now();
      const failed = await runner.run({ argv: ['true'], sudo: false }).then(
        (r) => (r.exitCode === 0 ? 'reached a stopped member' : r.stderr),
        (e: Error) => e.message,
      );
      assert.ok(Date.now() - started < BOUND_MS, `ssh to the stopped member took ${Date.now() - started} ms`);
      assert.match(failed, /timed out|No route to host|Connection refused|Host is unreachable/i);
    } finally {
      const ms = await startMember(STOPPED);
      console.log(`# ${STOPPED} Online again ${ms} ms after its start`);
    }
  });

  it("the database leader killed: within the bound, the cluster's error says what goes on and what to do", async () => {
    await waitAllOnline();
    const leader = await leadershipOff(ENTRY_MEMBER); // the entry member killed is the host down: tested above for a member
    await stopMember(leader);
    const killedAt = Date.now();
    try {
      let advisedAfterMs: number | undefined;
      while (advisedAfterMs === undefined && Date.now() - killedAt < 20_000) {
        const cluster = (await listHostsInBound(`the leader ${leader} killed`)).get(CLUSTER)!;
        if (cluster.reachable) continue; // the first moments: the others have not noticed yet
        assert.match(cluster.error ?? '', /^the cluster's database has no leader: .*Try again in a minute/);
        assert.match(cluster.error ?? '', /\(LXD: .+\)$/, "LXD's own message is kept");
        advisedAfterMs = Date.now() - killedAt;
      }
      assert.ok(
        advisedAfterMs !== undefined,
        `the cluster answered for 20 s after its database leader ${leader} was killed (it had none for ~30 s when measured)`,
      );
      console.log(`# leader ${leader} killed: the advice came ${advisedAfterMs} ms after`);
    } finally {
      const ms = await startMember(leader, 150_000);
      const settled = await waitSettled();
      console.log(
        `# ${leader} Online again ${ms} ms after its start; the cluster settled ${settled} ms later`,
      );
    }
  });
});

describe('an instance on member 2 with its ZFS filesystem on member 2 (real cluster)', ONCE, () => {
  let dir = '';
  const datasets = `${MEMBER_POOL}/${TAG}`;
  const own = `${datasets}/${NAME}`;
  const at = ['--host', CLUSTER, '--hosts', HOSTS_FILE];
  const cli = (args: string[]) => lxdops(args, { cwd: dir, env: clusterEnv() });

  before(async () => {
    await requireStack();
    await requireCluster();
    await waitAllOnline(); // the tests above stop members and start them again
    await clusterCleanup(TAG);
    dir = mkdtempSync(join(tmpdir(), 'lxdops-it-cluster-'));
  });
  after(() => clusterCleanup(TAG));

  const config = () => write(join(dir, `${NAME}.yaml`), dataConfig(datasets));

  it('launches on member 2 (--target), its dataset on member 2 only; snapshot, rebuild (data kept), destroy', async () => {
    const file = config();
    ok(await cli(['launch', ...at, '--target', TARGET, file]));
    const launched = await clusterInstance(NAME);
    assert.deepEqual([launched?.status, launched?.location], ['Running', TARGET]);
    assert.ok((await memberDatasets(TARGET, datasets)).includes(own), 'the dataset is on member 2');
    for (const other of MEMBERS.filter((m) => m !== TARGET))
      assert.deepEqual(await memberDatasets(other, datasets), [], `nothing on ${other}`);
    assert.notEqual((await run('zfs', ['list', '--', MEMBER_POOL])).status, 0, 'nor on this machine');
    assert.equal(
      (await inMember(TARGET, ['stat', '-c', '%u:%g', `/${own}/data`])).trim(),
      OWNER,
      'chown ran on member 2',
    );
    await inClusterInstance(NAME, 'echo kept > /data/file');
    assert.equal((await inMember(TARGET, ['cat', `/${own}/data/file`])).trim(), 'kept');

    ok(await cli(['snapshot', ...at, '-s', 's1', file]));
    assert.ok((await memberDatasets(TARGET, datasets)).includes(`${own}@s1`), 'the snapshot is on member 2');

    ok(await cli(['rebuild', '--yes', ...at, file]));
    const rebuilt = await clusterInstance(NAME);
    assert.deepEqual([rebuilt?.status, rebuilt?.location], ['Running', TARGET], 'rebuilt where its data is');
    assert.equal(
      (await inClusterInstance(NAME, 'cat /data/file')).trim(),
      'kept',
      'the data outlives the rebuild',
    );
    // the safe rebuild kept the old container on member 2 and took the safety snapshot there
    const safety = (await memberDatasets(TARGET, datasets)).filter((d) =>
      d.startsWith(`${own}@lxdops-safe-`),
    );
    assert.equal(safety.length, 1, `one safety snapshot on member 2: ${safety.join(', ')}`);
    await inClusterInstance(NAME, 'echo changed > /data/file');
    ok(await cli(['revert', '--yes', ...at, file]));
    const reverted = await clusterInstance(NAME);
    assert.deepEqual(
      [reverted?.status, reverted?.location],
      ['Running', TARGET],
      'the kept one is back on member 2',
    );
    assert.equal(
      (await inClusterInstance(NAME, 'cat /data/file')).trim(),
      'kept',
      'revert rolled the data on member 2 back to the safety snapshot',
    );

    ok(await cli(['destroy', '--yes', ...at, file]));
    assert.equal(await clusterInstance(NAME), undefined);
    assert.deepEqual(
      await memberDatasets(TARGET, datasets),
      [datasets],
      'the datasets are gone from member 2',
    );
  });

  it('a launch targeted at a stopped member fails within the bound with a clear error, creating nothing', async () => {
    const file = config();
    await leadershipOff(STOPPED); // the cluster keeps its database: a killed leader is tested above
    await stopMember(STOPPED);
    try {
      // at once: the cluster still calls it Online (no heartbeat missed yet), its SSH does not answer
      const early = Date.now();
      const before = await cli(['launch', ...at, '--target', STOPPED, file]);
      const earlyMs = Date.now() - early;
      assert.notEqual(before.status, 0, shown(before));
      assert.ok(earlyMs < BOUND_MS, `the early refusal took ${earlyMs} ms`);
      assert.match(before.stderr, new RegExp(`${STOPPED}|${memberAddress(STOPPED)}`), shown(before));
      assert.match(before.stderr, /zfs-unavailable|cluster-member-offline/, shown(before));
      assert.match(before.stderr, /nothing was changed/, shown(before));
      console.log(`# launch --target ${STOPPED} just stopped refused in ${earlyMs} ms`);

      await waitMemberStatus(STOPPED, 'Offline', 60_000);
      const started = Date.now();
      const r = await cli(['launch', ...at, '--target', STOPPED, file]);
      const ms = Date.now() - started;
      assert.notEqual(r.status, 0, shown(r));
      assert.ok(ms < BOUND_MS, `the refusal took ${ms} ms`);
      assert.match(r.stderr, new RegExp(STOPPED), shown(r));
      assert.match(r.stderr, /cluster-member-offline/, shown(r));
      assert.match(r.stderr, /Offline/, shown(r));
      console.log(`# launch --target ${STOPPED} (Offline) refused in ${ms} ms`);
      assert.equal(await clusterInstance(NAME), undefined, 'no instance was created');
      for (const member of MEMBERS.filter((m) => m !== STOPPED))
        assert.ok(!(await memberDatasets(member, datasets)).includes(own), `nothing on ${member}`);
    } finally {
      await startMember(STOPPED);
    }
  });
});
