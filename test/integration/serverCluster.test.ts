/**
 * The language server on the real nested 3-member LXD cluster (scripts/setup-cluster.sh, its
 * hosts file given as the `lxdops.hosts` setting): `lxdops/hosts` lists the members with their
 * status (what the member picker shows), a prepare carries the picked member as `target` into the
 * plan, and without a member a launch on the cluster is refused with a code. Nothing is created.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  HOSTS_REQUEST,
  type HostsResult,
  PREPARE_REQUEST,
  type PrepareResult,
} from '../../core/src/protocol';
import { TestConnection } from '../lsp/testConnection';

const HOSTS_FILE = '/var/tmp/lxdops-cluster/hosts.yaml';
const NAME = 'lxdops-pk-cl';

describe('the language server on the real 3-member cluster: members and the launch target', () => {
  let t: TestConnection;
  before(async () => {
    process.env.LXDOPS_SSH_CONFIG ??= '/var/tmp/lxdops-ssh/ssh_config';
    t = new TestConnection({
      [`${NAME}.yaml`]: '#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default]\n',
    });
    await t.start({ hosts: parse(readFileSync(HOSTS_FILE, 'utf8')) as unknown });
  });
  after(() => t?.dispose());

  const launch = (options: Record<string, unknown>) =>
    t.request<PrepareResult>(PREPARE_REQUEST, {
      command: 'launch',
      uris: [t.uri(`${NAME}.yaml`)],
      host: 'cluster',
      options,
    });

  test('lxdops/hosts: the cluster with its three members and their status; Open Shell says how to add the remote', async () => {
    const started = Date.now();
    const r = await t.request<HostsResult>(HOSTS_REQUEST, { names: ['cluster'] });
    const ms = Date.now() - started;
    const [cluster] = r.hosts;
    assert.equal(cluster?.clustered, true, JSON.stringify(cluster));
    assert.deepEqual(
      cluster.members.map((m) => [m.name, m.status]),
      [
        ['lxdops-cm1', 'Online'],
        ['lxdops-cm2', 'Online'],
        ['lxdops-cm3', 'Online'],
      ],
    );
    assert.ok('problem' in cluster.shell);
    assert.match(cluster.shell.problem, /lxc remote add cluster https:\/\/10\.250\.77\.11:8443/);
    console.log(`# lxdops/hosts of the cluster in ${ms} ms`);
  });

  test('the picked member travels as target: the plan places the instance on it', async () => {
    const r = await launch({ target: 'lxdops-cm2' });
    assert.equal(r.host, 'cluster');
    assert.equal(r.target, 'lxdops-cm2');
    assert.deepEqual(r.blockers, [], JSON.stringify(r.blockers));
    assert.match(r.instances[0]!.planText, /target=lxdops-cm2/);
  });

  test('a member the cluster does not have is refused with a code', async () => {
    const r = await launch({ target: 'lxdops-nope' });
    assert.equal(r.id, undefined);
    assert.deepEqual(
      r.blockers.map((b) => b.code),
      ['cluster-member-unknown'],
      JSON.stringify(r.blockers),
    );
  });
});
