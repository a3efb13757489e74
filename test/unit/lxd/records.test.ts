// The record schemas, table-driven: real answers of LXD 5.0.2 (captured into test/fixtures/lxd/ with
// `curl --unix-socket` from a container with a disk device, a NIC and a snapshot) parse into what
// the engine and the explorer read; broken records fail with the exact message of the door.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EnvelopeSchema } from '../../../core/src/lxd/records/envelope';
import { parseEvent } from '../../../core/src/lxd/records/event';
import { ImageAliasSchema, ImageListSchema } from '../../../core/src/lxd/records/image';
import {
  InstanceFullListSchema,
  InstanceFullSchema,
  InstanceSchema,
} from '../../../core/src/lxd/records/instance';
import { InstanceStateSchema } from '../../../core/src/lxd/records/instanceState';
import { ExecOperationSchema, OperationSchema } from '../../../core/src/lxd/records/operation';
import {
  fieldPath,
  LxdRecordError,
  parseRecord,
  type RecordSchema,
} from '../../../core/src/lxd/records/parseRecord';
import { ProfileListSchema } from '../../../core/src/lxd/records/profile';
import { ProjectListSchema } from '../../../core/src/lxd/records/project';
import { ServerSchema } from '../../../core/src/lxd/records/server';
import { snapshotName } from '../../../core/src/lxd/records/snapshot';
import { StoragePoolListSchema } from '../../../core/src/lxd/records/storagePool';

const FIXTURES = join(__dirname, '../../fixtures/lxd');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
/** The metadata of a captured sync answer. */
const metadata = (name: string): unknown => (fixture(name) as { metadata: unknown }).metadata;
const GET = (path: string) => ({ method: 'GET', path, status: 200 });

interface GoodCase<T> {
  name: string;
  schema: RecordSchema<T>;
  input: unknown;
  /** What the engine and the explorer read from the parsed record. */
  read: (record: T) => unknown;
  expected: unknown;
}

const good = <T>(c: GoodCase<T>) => c;

const GOOD = [
  good({
    name: 'instances?recursion=2 (running, with state and a snapshot)',
    schema: InstanceFullListSchema,
    input: metadata('instances-recursion2.json'),
    read: ([i]) => ({
      name: i!.name,
      project: i!.project,
      status: i!.status,
      profiles: i!.profiles,
      hash: i!.config['user.lxdops.hash'],
      home: i!.expanded_devices.home,
      snapshots: i!.snapshots.map(snapshotName),
      eth0: i!.state?.network.eth0?.hwaddr,
    }),
    expected: {
      name: 'rec-cap',
      project: 'default',
      status: 'Running',
      profiles: ['default', 'lxdops-test-nic', 'rec-cap.lxdops'],
      hash: 'abc123',
      home: { path: '/home', source: '/lxdtest/it-rec/cap/home', type: 'disk' },
      snapshots: ['snap0'],
      eth0: '00:16:3e:3d:3b:67',
    },
  }),
  good({
    name: 'instances?recursion=2 (stopped: network, backups null)',
    schema: InstanceFullListSchema,
    input: metadata('instances-stopped-recursion2.json'),
    read: ([i]) => ({ status: i!.state?.status, network: i!.state?.network, snapshots: i!.snapshots.length }),
    expected: { status: 'Stopped', network: {}, snapshots: 1 },
  }),
  good({
    name: 'instances/<n>?recursion=1 (instance_get_full)',
    schema: InstanceFullSchema,
    input: metadata('instance-recursion1.json'),
    read: (i) => ({
      name: i.name,
      snapshots: i.snapshots.map(snapshotName),
      devices: Object.keys(i.devices),
    }),
    expected: { name: 'rec-cap', snapshots: ['snap0'], devices: [] },
  }),
  good({
    name: 'instances/<n>/state',
    schema: InstanceStateSchema,
    input: metadata('instance-state.json'),
    read: (s) => ({ status: s.status, interfaces: Object.keys(s.network).sort() }),
    expected: { status: 'Running', interfaces: ['eth0', 'lo'] },
  }),
  good({
    name: 'profiles?recursion=1',
    schema: ProfileListSchema,
    input: metadata('profiles.json'),
    read: (list) => list.map((p) => [p.name, Object.keys(p.devices), p.used_by.length]),
    expected: [
      ['default', ['root'], 1],
      ['lxdops-test-nic', ['eth0'], 1],
      ['rec-cap.lxdops', ['home'], 1],
    ],
  }),
  good({
    name: 'images?recursion=1',
    schema: ImageListSchema,
    input: metadata('images.json'),
    read: ([i]) => ({ aliases: i!.aliases.map((a) => a.name), os: i!.properties.os, type: i!.type }),
    expected: { aliases: ['busybox'], os: 'busybox', type: 'container' },
  }),
  good({
    name: 'images/aliases/<name>',
    schema: ImageAliasSchema,
    input: metadata('image-alias.json'),
    read: (a) => ({ name: a.name, target: a.target.slice(0, 12) }),
    expected: { name: 'busybox', target: 'd1bd96b7a37a' },
  }),
  good({
    name: 'storage-pools?recursion=1',
    schema: StoragePoolListSchema,
    input: metadata('storage-pools.json'),
    read: (list) => list.map((p) => [p.name, p.driver]),
    expected: [['default', 'dir']],
  }),
  good({
    name: 'projects?recursion=1',
    schema: ProjectListSchema,
    input: metadata('projects.json'),
    read: (list) => list.map((p) => [p.name, p.config['features.profiles']]),
    expected: [['default', 'true']],
  }),
  good({
    name: '/1.0 (server info)',
    schema: ServerSchema,
    input: metadata('server.json'),
    read: (s) => ({
      server: s.environment.server,
      version: s.environment.server_version,
      recording: s.api_extensions.includes('container_exec_recording'),
    }),
    expected: { server: 'lxd', version: '5.0.2', recording: true },
  }),
  good({
    name: 'a finished exec operation (record-output)',
    schema: ExecOperationSchema,
    input: metadata('operation-exec.json'),
    read: (op) => ({
      code: op.status_code,
      exit: op.metadata.return,
      logs: Object.keys(op.metadata.output ?? {}),
    }),
    expected: { code: 200, exit: 3, logs: ['1', '2'] },
  }),
  good({
    name: 'a failed operation (metadata null)',
    schema: OperationSchema,
    input: metadata('operation-failed.json'),
    read: (op) => ({ code: op.status_code, err: op.err, metadata: op.metadata }),
    expected: { code: 400, err: 'The instance is already running', metadata: null },
  }),
  good({
    name: 'an error envelope',
    schema: EnvelopeSchema,
    input: fixture('error-not-found.json'),
    read: (e) => ({ type: e.type, code: e.error_code, error: e.error }),
    expected: { type: 'error', code: 404, error: 'Instance not found' },
  }),
  good({
    name: 'an instance of a server without projects: project reads as default, null maps as {}',
    schema: InstanceSchema,
    input: { name: 'c1', status: 'Stopped', profiles: null, config: null, devices: null },
    read: (i) => ({ project: i.project, profiles: i.profiles, config: i.config, devices: i.devices }),
    expected: { project: 'default', profiles: [], config: {}, devices: {} },
  }),
  good({
    name: 'unknown fields pass through (a newer server)',
    schema: InstanceSchema,
    input: { name: 'c1', status: 'Ready', config: {}, future_field: { x: 1 } },
    read: (i) => (i as Record<string, unknown>).future_field,
    expected: { x: 1 },
  }),
];

describe('records: real LXD answers parse into what we read', () => {
  for (const c of GOOD)
    test(c.name, () => {
      const record = parseRecord(c.schema as RecordSchema<unknown>, c.input, GET('/1.0/x'));
      assert.deepEqual((c.read as (r: unknown) => unknown)(record), c.expected);
    });
});

interface BrokenCase {
  name: string;
  schema: RecordSchema<unknown>;
  path: string;
  input: unknown;
  expected: string;
}

const running = metadata('instance-recursion1.json') as Record<string, unknown>;
const withHomeSource = (source: unknown) => ({
  ...running,
  expanded_devices: { home: { type: 'disk', path: '/home', source } },
});

const BROKEN: BrokenCase[] = [
  {
    name: 'a device value that is a number',
    schema: InstanceFullSchema,
    path: '/1.0/instances/c1',
    input: withHomeSource(5),
    expected: 'GET /1.0/instances/c1: .expanded_devices.home.source: expected string, got number',
  },
  {
    name: 'a missing required field',
    schema: InstanceSchema,
    path: '/1.0/instances/c1',
    input: { status: 'Running' },
    expected: 'GET /1.0/instances/c1: .name: missing (expected string)',
  },
  {
    name: 'a list where a record is expected',
    schema: InstanceSchema,
    path: '/1.0/instances/c1',
    input: [],
    expected: 'GET /1.0/instances/c1: expected object, got array',
  },
  {
    name: 'a config key with dots is quoted in the path',
    schema: InstanceSchema,
    path: '/1.0/instances/c1',
    input: { name: 'c1', status: 'Running', config: { 'volatile.eth0.hwaddr': null } },
    expected: 'GET /1.0/instances/c1: .config["volatile.eth0.hwaddr"]: expected string, got null',
  },
  {
    name: 'an element of a list names its index',
    schema: InstanceFullListSchema,
    path: '/1.0/instances?recursion=2',
    input: [
      { name: 'a', status: 'Running' },
      { name: 'b', status: 7 },
    ],
    expected: 'GET /1.0/instances?recursion=2: [1].status: expected string, got number',
  },
  {
    name: 'an address family of the state',
    schema: InstanceStateSchema,
    path: '/1.0/instances/c1/state',
    input: {
      status: 'Running',
      network: { eth0: { addresses: [{ family: 4, address: '10.0.0.2', scope: 'global' }] } },
    },
    expected: 'GET /1.0/instances/c1/state: .network.eth0.addresses[0].family: expected string, got number',
  },
  {
    name: 'an envelope of an unknown type',
    schema: EnvelopeSchema,
    path: '/1.0',
    input: { type: 'weird', metadata: {} },
    expected: 'GET /1.0: .type: expected "sync" | "async" | "error", got "weird"',
  },
  {
    name: 'an exec operation without its exit code',
    schema: ExecOperationSchema,
    path: '/1.0/instances/c1/exec',
    input: { status: 'Success', status_code: 200, metadata: { output: {} } },
    expected: 'GET /1.0/instances/c1/exec: .metadata.return: missing (expected number)',
  },
  {
    name: 'many problems: the first three and how many more',
    schema: ProfileListSchema,
    path: '/1.0/profiles?recursion=1',
    input: [{}, {}, {}, {}, {}],
    expected:
      'GET /1.0/profiles?recursion=1: [0].name: missing (expected string); [1].name: missing (expected string); [2].name: missing (expected string) (and 2 more)',
  },
];

describe('records: a broken record fails at the door with the request and the field', () => {
  for (const c of BROKEN)
    test(c.name, () => {
      assert.throws(
        () => parseRecord(c.schema, c.input, GET(c.path)),
        (e: unknown) => {
          assert.ok(e instanceof LxdRecordError, `an LxdRecordError, not ${String(e)}`);
          assert.equal(e.message, c.expected);
          assert.equal(e.path, c.path);
          return true;
        },
      );
    });
});

describe('records: events and paths', () => {
  test('the first message of the lifecycle stream (captured) is an event record', () => {
    const e = parseEvent(readFileSync(join(FIXTURES, 'event-lifecycle.json'), 'utf8'));
    assert.deepEqual([e.type, e.project, e.metadata?.action], ['lifecycle', 'default', 'profile-created']);
  });

  const brokenEvents: { input: string; expected: string }[] = [
    { input: 'not json', expected: 'event from /1.0/events: not JSON: not json' },
    { input: '{"type":"lifecycle"}', expected: 'GET /1.0/events: .timestamp: missing (expected string)' },
    {
      input: '{"type":"lifecycle","timestamp":"t","metadata":[]}',
      expected: 'GET /1.0/events: .metadata: expected record, got array',
    },
  ];
  for (const c of brokenEvents)
    test(`a broken event: ${c.input}`, () => {
      assert.throws(() => parseEvent(c.input), { name: 'LxdRecordError', message: c.expected });
    });

  const paths: { input: PropertyKey[]; expected: string }[] = [
    { input: [], expected: '' },
    { input: ['a', 0, 'b-c'], expected: '.a[0].b-c' },
    { input: ['user.lxdops.hash'], expected: '["user.lxdops.hash"]' },
    { input: ['1'], expected: '["1"]' },
  ];
  for (const c of paths)
    test(`fieldPath ${JSON.stringify(c.input)} → ${c.expected || '(empty)'}`, () => {
      assert.equal(fieldPath(c.input), c.expected);
    });
});
