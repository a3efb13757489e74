// Every LXD record we read parses, against the real server under test (LXD 5.0.2, or Incus 6.0 with
// LXDOPS_TEST_HOST=incus-local): an instance with a disk device on
// ZFS, a NIC and a snapshot (running), one that never ran, the profiles, images, storage pools,
// projects, the server, an exec operation and the first message of the event stream. And zfs,
// for real: a dataset that does not exist is "missing", a pool that does not exist is an error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, WebSocket } from 'undici';
import { z } from 'zod/mini';
import { exec } from '../../core/src/engine/executor';
import { listInstances } from '../../core/src/engine/listing';
import { existingDatasets, observe } from '../../core/src/engine/observe';
import { ZfsError } from '../../core/src/engine/zfsList';
import { LocalHostRunner } from '../../core/src/host/localHostRunner';
import { LxdClient } from '../../core/src/lxd/lxdClient';
import { parseEvent, type EventRecord } from '../../core/src/lxd/records/event';
import { ImageAliasSchema, ImageListSchema } from '../../core/src/lxd/records/image';
import { InstanceFullListSchema, InstanceFullSchema } from '../../core/src/lxd/records/instance';
import { InstanceStateSchema } from '../../core/src/lxd/records/instanceState';
import { ProfileListSchema } from '../../core/src/lxd/records/profile';
import { ProjectListSchema } from '../../core/src/lxd/records/project';
import { ServerSchema } from '../../core/src/lxd/records/server';
import { SnapshotSchema, snapshotName } from '../../core/src/lxd/records/snapshot';
import { StoragePoolListSchema } from '../../core/src/lxd/records/storagePool';
import { HOST, IMAGE, must, names, NIC_PROFILE, OWNER, SERVER_CLI, SOCKET, stackHooks } from './stack';

const N = names('rec');
const RUNNING = N.name(1);
const NEVER_RAN = N.name(2);
const PROFILE = `${RUNNING}.lxdops`;
const HOME = `${N.datasets}/home`;
let lxd: LxdClient;

describe(`integration: every LXD record we read parses (real ${HOST.label})`, () => {
  stackHooks(N.tag, {
    ready: () => undefined,
    beforeCleanup: async () => lxd?.close(),
  });

  test('set up: an instance with a ZFS disk device, a NIC and a snapshot; one that never ran', async () => {
    await must('zfs', ['create', '-p', HOME]);
    await must('chown', [OWNER, `/${HOME}`]);
    await must(SERVER_CLI, ['profile', 'create', PROFILE]);
    await must(SERVER_CLI, [
      'profile',
      'device',
      'add',
      PROFILE,
      'home',
      'disk',
      `source=/${HOME}`,
      'path=/home',
    ]);
    await must(SERVER_CLI, ['launch', IMAGE, RUNNING, '-p', 'default', '-p', NIC_PROFILE, '-p', PROFILE]);
    // Incus 6 moved `snapshot NAME SNAP` under `snapshot create`
    await must(SERVER_CLI, [
      ...(SERVER_CLI === 'incus' ? ['snapshot', 'create'] : ['snapshot']),
      RUNNING,
      's0',
    ]);
    await must(SERVER_CLI, ['init', IMAGE, NEVER_RAN]);
    lxd = new LxdClient(SOCKET);
  });

  test('instances?recursion=2: devices, snapshots and state of the running one; null network of the other', async () => {
    const list = await lxd.get('/1.0/instances?recursion=2', InstanceFullListSchema);
    const running = list.find((i) => i.name === RUNNING);
    const never = list.find((i) => i.name === NEVER_RAN);
    assert.ok(running && never, `both instances are listed: ${list.map((i) => i.name).join(', ')}`);
    assert.equal(running.expanded_devices.home?.source, `/${HOME}`);
    assert.deepEqual(running.snapshots.map(snapshotName), ['s0']);
    assert.equal(running.state?.status, 'Running');
    assert.ok(running.state?.network.eth0?.hwaddr, 'the NIC has a MAC in the state');
    assert.deepEqual([never.status, never.state?.network], ['Stopped', {}]);
  });

  test('one instance (recursion=1), its state and its snapshots', async () => {
    const one = await lxd.get(`/1.0/instances/${RUNNING}?recursion=1`, InstanceFullSchema);
    assert.deepEqual(one.profiles, ['default', NIC_PROFILE, PROFILE]);
    const state = await lxd.get(`/1.0/instances/${RUNNING}/state`, InstanceStateSchema);
    assert.equal(state.status, 'Running');
    const snaps = await lxd.get(`/1.0/instances/${RUNNING}/snapshots?recursion=1`, z.array(SnapshotSchema));
    assert.deepEqual(snaps.map(snapshotName), ['s0']);
  });

  test('profiles, images, the alias, storage pools, projects and the server', async () => {
    const profiles = await lxd.get('/1.0/profiles?recursion=1', ProfileListSchema);
    assert.deepEqual(profiles.find((p) => p.name === PROFILE)?.used_by, [`/1.0/instances/${RUNNING}`]);
    const images = await lxd.get('/1.0/images?recursion=1', ImageListSchema);
    const alias = await lxd.get(`/1.0/images/aliases/${IMAGE}`, ImageAliasSchema);
    assert.ok(images.some((i) => i.fingerprint === alias.target && i.aliases.some((a) => a.name === IMAGE)));
    const pools = await lxd.get('/1.0/storage-pools?recursion=1', StoragePoolListSchema);
    assert.ok(pools.length > 0 && pools.every((p) => p.driver));
    const projects = await lxd.get('/1.0/projects?recursion=1', ProjectListSchema);
    assert.ok(projects.some((p) => p.name === 'default'));
    const server = await lxd.get('/1.0', ServerSchema);
    assert.ok(server.api_extensions.includes('container_exec_recording'));
    assert.match(server.environment.server ?? '', /^(lxd|incus)$/);
  });

  test('an exec operation with recorded output', async () => {
    const r = await exec(lxd, RUNNING, 'default', ['sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual(r, { exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  test('the first message of the lifecycle event stream', async () => {
    const agent = new Agent({ connect: { socketPath: SOCKET } });
    const ws = new WebSocket('ws://lxd/1.0/events?type=lifecycle', { dispatcher: agent } as never);
    try {
      const first = new Promise<EventRecord>((resolve, reject) => {
        ws.onmessage = (m) => {
          try {
            resolve(parseEvent(String(m.data)));
          } catch (e) {
            reject(e as Error);
          }
        };
        ws.onerror = () => reject(new Error('events websocket failed'));
      });
      await new Promise<void>((resolve) => (ws.onopen = () => resolve()));
      await must(SERVER_CLI, ['profile', 'create', N.name('evt')]);
      await must(SERVER_CLI, ['profile', 'delete', N.name('evt')]);
      const event = await first;
      assert.equal(event.type, 'lifecycle');
      assert.equal(typeof event.metadata?.action, 'string');
    } finally {
      ws.close();
      await agent.close();
    }
  });

  test('the engine reads through the doors: observe and the listing', async () => {
    const host = new LocalHostRunner();
    const seen = await observe(lxd, host, {
      instance: { name: RUNNING, project: 'default' },
      profile: PROFILE,
      datasets: [HOME, `${HOME}@nosuch`, `${N.datasets}/nosuch`],
      paths: [],
    });
    assert.deepEqual(seen.instance?.snapshots, ['s0']);
    assert.equal(seen.profile?.devices.home?.source, `/${HOME}`);
    assert.deepEqual([...seen.datasets], [HOME]);
    const listed = await listInstances({ lxd, host }, () => undefined, 'default');
    assert.ok(listed.some((i) => i.name === RUNNING && i.status === 'Running'));
  });

  test('zfs for real: a missing dataset is missing; a pool that does not exist is an error', async () => {
    const host = new LocalHostRunner();
    const found = await existingDatasets(host, [`${N.datasets}/nosuch`, HOME]);
    assert.deepEqual([...found.existing], [HOME]);
    await assert.rejects(existingDatasets(host, ['nosuchpool-rec/x']), (e: unknown) => {
      assert.ok(e instanceof ZfsError, String(e));
      assert.equal(
        e.message,
        "ZFS pool 'nosuchpool-rec' does not exist (zpool list shows the pools): check the pool name (fsroot) of the config",
      );
      return true;
    });
  });
});
