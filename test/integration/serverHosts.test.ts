/**
 * The language server targets the host a prepare names, for real: an instance that exists only on
 * the local Incus makes a launch on `incus-local` plan no creation (it is there) while the same
 * launch on `local` (LXD) plans to create it; `lxdops/hosts` probes both daemons and the setting's entries; an unknown
 * host is a blocker. Names: lxdops-pk-*.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  HOSTS_REQUEST,
  type HostsResult,
  INSTANCES_REQUEST,
  type InstancesResult,
  PREPARE_REQUEST,
  type PrepareResult,
} from '../../core/src/protocol';
import { TestConnection } from '../lsp/testConnection';
import { requireStack, run } from './stack';

const NAME = 'lxdops-pk-srv';
const CONFIG = '#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default]\n';
const INCUS_SOCKET = '/var/lib/incus/unix.socket';

async function removeIncusInstance(): Promise<void> {
  await run('incus', ['delete', '--force', NAME]);
}

describe('the language server targets the host a prepare names (real LXD and Incus)', () => {
  let t: TestConnection;
  const warnings: string[] = [];
  before(async () => {
    await requireStack();
    await removeIncusInstance();
    const made = await run('incus', ['init', 'busybox', NAME]);
    assert.equal(made.status, 0, made.stderr);
    t = new TestConnection({ [`${NAME}.yaml`]: CONFIG });
    t.client.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      warnings.push(m.message);
    });
    await t.start({
      hosts: [
        { name: 'incus-again', socket: INCUS_SOCKET },
        { name: 'broken', url: 'http://example.invalid' },
      ],
    });
  });
  after(async () => {
    t?.dispose();
    await removeIncusInstance();
  });

  const prepare = (host?: string) =>
    t.request<PrepareResult>(PREPARE_REQUEST, {
      command: 'launch',
      uris: [t.uri(`${NAME}.yaml`)],
      ...(host ? { host } : {}),
    });

  const creates = (r: PrepareResult) =>
    /create container lxdops-pk-srv from busybox/.test(r.instances[0]!.planText);
  const found = (r: PrepareResult) =>
    r.instances[0]!.notes.includes(`container ${NAME} exists: it is not created again`);

  test('on incus-local the instance exists (not created again); on local, where it does not, launch creates it', async () => {
    const onIncus = await prepare('incus-local');
    assert.equal(onIncus.host, 'incus-local');
    assert.deepEqual(onIncus.blockers, []);
    assert.ok(found(onIncus) && !creates(onIncus), onIncus.instances[0]!.planText);
    const onLocal = await prepare('local');
    assert.equal(onLocal.host, 'local');
    assert.deepEqual(onLocal.blockers, []);
    assert.ok(onLocal.id);
    assert.ok(creates(onLocal) && !found(onLocal), onLocal.instances[0]!.planText);
  });

  test('no host is local, as before', async () => {
    const r = await prepare();
    assert.equal(r.host, 'local');
    assert.ok(creates(r));
  });

  test('an lxdops.hosts socket entry is a host too: the same Incus under another name', async () => {
    const r = await prepare('incus-again');
    assert.equal(r.host, 'incus-again');
    assert.ok(found(r));
  });

  test('an unknown host is the unknown-host blocker naming the hosts there are', async () => {
    const r = await prepare('nowhere');
    assert.equal(r.id, undefined);
    assert.deepEqual(
      r.blockers.map((b) => [b.stage, b.code]),
      [['pre-flight', 'unknown-host']],
    );
    assert.match(r.blockers[0]!.message, /no host "nowhere" \(hosts: local, incus-local, .*incus-again\)/);
  });

  test('lxdops/hosts: both daemons probed with their kind and shell route; the bad setting entry is a problem', async () => {
    const started = Date.now();
    const r = await t.request<HostsResult>(HOSTS_REQUEST, {});
    const byName = new Map(r.hosts.map((h) => [h.name, h]));
    assert.equal(byName.get('local')?.kind, 'lxd');
    assert.equal(byName.get('local')?.reachable, true);
    assert.deepEqual(byName.get('local')?.shell, { tool: 'lxc' });
    assert.equal(byName.get('incus-local')?.kind, 'incus');
    assert.deepEqual(byName.get('incus-local')?.shell, { tool: 'incus' });
    assert.deepEqual(byName.get('incus-again')?.shell, { tool: 'incus', env: { INCUS_SOCKET } });
    assert.equal(byName.has('broken'), false);
    assert.ok(
      r.problems.some((p) => /^setting lxdops\.hosts: entry 2: `url` is https:\/\/HOST/.test(p)),
      r.problems.join('\n'),
    );
    assert.ok(Date.now() - started < 10_000);
  });

  test('the bad setting entry is shown to the user once, as a warning that says to fix it', () => {
    assert.deepEqual(warnings, [
      'lxdops.hosts: entry 2: `url` is https://HOST[:PORT] with nothing after it. The other hosts are used; fix the entry in the settings (see the lxdops log).',
    ]);
  });

  test('lxdops/hosts with names probes only those', async () => {
    const r = await t.request<HostsResult>(HOSTS_REQUEST, { names: ['incus-local'] });
    assert.deepEqual(
      r.hosts.map((h) => h.name),
      ['incus-local'],
    );
  });

  test("lxdops/instances lists the host's own instances; an unknown host says so", async () => {
    const onIncus = await t.request<InstancesResult>(INSTANCES_REQUEST, { host: 'incus-local' });
    assert.ok(onIncus.instances.some((i) => i.name === NAME && i.status === 'Stopped'));
    const onLocal = await t.request<InstancesResult>(INSTANCES_REQUEST, { host: 'local' });
    assert.equal(onLocal.error, undefined);
    assert.ok(!onLocal.instances.some((i) => i.name === NAME));
    const unknown = await t.request<InstancesResult>(INSTANCES_REQUEST, { host: 'nowhere' });
    assert.match(unknown.error ?? '', /no host "nowhere"/);
  });
});
