// The door itself: LxdClient over a unix socket checks every answer before it returns it. A real
// daemon does not send malformed answers, so these faults come from a FAKE LXD: a tiny node:http
// server on a unix socket in a temporary folder, answering each request from a table.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LxdClient } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import { UnusedAnswer } from '../../../core/src/lxd/records/envelope';
import { InstanceFullSchema } from '../../../core/src/lxd/records/instance';
import { ExecOperationSchema } from '../../../core/src/lxd/records/operation';
import { LxdRecordError } from '../../../core/src/lxd/records/parseRecord';

const sync = (metadata: unknown) => ({ type: 'sync', status: 'Success', status_code: 200, metadata });
const async = (operation: string) => ({ type: 'async', status_code: 100, operation, metadata: {} });

/** What the fake LXD answers, by request path: HTTP status and body (a string is sent as is). */
const ANSWERS: Record<string, { status: number; body: unknown }> = {
  '/1.0/instances/good?recursion=1': {
    status: 200,
    body: sync({ name: 'good', status: 'Running', profiles: ['default'], config: {}, snapshots: null }),
  },
  '/1.0/instances/c1?recursion=1': {
    status: 200,
    body: sync({
      name: 'c1',
      status: 'Running',
      expanded_devices: { home: { type: 'disk', path: '/home', source: 42 } },
    }),
  },
  '/1.0/instances/html': { status: 502, body: '<html>Bad Gateway</html>' },
  '/1.0/instances/noenvelope': { status: 200, body: { name: 'c1' } },
  '/1.0/instances/gone': {
    status: 404,
    body: { type: 'error', error_code: 404, error: 'Instance not found', metadata: null },
  },
  '/1.0/instances/broken': {
    status: 500,
    body: { type: 'error', error_code: 500, error: 'Failed to load instance: disk is full', metadata: null },
  },
  '/1.0/instances/c1/exec': { status: 202, body: async('/1.0/operations/op1') },
  '/1.0/operations/op1/wait?timeout=30': { status: 200, body: sync({ status: 'Success', metadata: {} }) },
  '/1.0/instances/c2/exec': { status: 202, body: async('/1.0/operations/op2') },
  '/1.0/operations/op2/wait?timeout=30': {
    status: 200,
    body: sync({ status: 'Success', status_code: 200, metadata: { output: {} } }),
  },
};

/** The message a member sent in CI while the cluster elected a database leader. */
const NO_LEADER = 'Failed to begin transaction: call exec-sql (budget 9.999989845s): receive: header: EOF';
const noLeader = { status: 500, body: { type: 'error', error_code: 500, error: NO_LEADER, metadata: null } };
/** Paths that answer NO_LEADER this many more times before their ANSWERS entry. */
const ELECTING: Record<string, number> = {};
/** How many requests reached each path. */
const asked: Record<string, number> = {};

let dir = '';
let socket = '';
let server: Server;
let client: LxdClient;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lxdops-fake-lxd-'));
  socket = join(dir, 'unix.socket');
  server = createServer((req, res) => {
    const url = req.url ?? '';
    asked[url] = (asked[url] ?? 0) + 1;
    const electing = (ELECTING[url] ?? 0) > 0;
    if (electing) ELECTING[url]! -= 1;
    const answer = (electing ? noLeader : ANSWERS[url]) ?? {
      status: 404,
      body: { type: 'error', error_code: 404, error: 'not in the table' },
    };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  client = new LxdClient(socket);
});

after(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const recordError = (message: string) => (e: unknown) => {
  assert.ok(e instanceof LxdRecordError, `an LxdRecordError, not ${String(e)}`);
  assert.equal(e.message, message);
  return true;
};

describe('LxdClient (fake LXD on a unix socket): answers are checked at the door', () => {
  test('a good answer comes back parsed (null snapshots read as [])', async () => {
    const i = await client.get('/1.0/instances/good?recursion=1', InstanceFullSchema);
    assert.deepEqual([i.name, i.snapshots, i.project], ['good', [], 'default']);
  });

  test('a field of the wrong type names the request and the field', async () => {
    await assert.rejects(
      client.get('/1.0/instances/c1?recursion=1', InstanceFullSchema),
      recordError(
        'GET /1.0/instances/c1?recursion=1: .expanded_devices.home.source: expected string, got number',
      ),
    );
  });

  test('a body that is not JSON is an LxdRecordError with the HTTP status', async () => {
    await assert.rejects(client.get('/1.0/instances/html', UnusedAnswer), (e: unknown) => {
      recordError('GET /1.0/instances/html: HTTP 502 with a body that is not JSON')(e);
      assert.equal((e as LxdError).status, 502);
      return true;
    });
  });

  test('JSON without the envelope is refused, not taken for metadata', async () => {
    await assert.rejects(
      client.get('/1.0/instances/noenvelope', UnusedAnswer),
      recordError('GET /1.0/instances/noenvelope: .type: missing (expected "sync" | "async" | "error")'),
    );
  });

  test("an error answer is still LXD's own message (and notFound)", async () => {
    await assert.rejects(client.get('/1.0/instances/gone', UnusedAnswer), (e: unknown) => {
      assert.ok(e instanceof LxdError && !(e instanceof LxdRecordError));
      assert.equal(e.message, 'Instance not found');
      assert.equal(e.notFound, true);
      return true;
    });
  });

  test('an operation without status_code fails while waiting, naming the wait request', async () => {
    await assert.rejects(
      client.call({ method: 'POST', path: '/1.0/instances/c1/exec', body: {} }, ExecOperationSchema),
      recordError('GET /1.0/operations/op1/wait?timeout=30: .status_code: missing (expected number)'),
    );
  });

  test("a finished operation is checked against the caller's schema (exec needs its exit code)", async () => {
    await assert.rejects(
      client.call({ method: 'POST', path: '/1.0/instances/c2/exec', body: {} }, ExecOperationSchema),
      recordError('POST /1.0/instances/c2/exec: .metadata.return: missing (expected number)'),
    );
  });
});

describe('LxdClient (fake LXD): a cluster whose database has no leader', () => {
  // FAKE: a member answers this for about 30 s after the member holding the database leadership
  // dies; the real cluster test kills one too, this one pins the message down.
  const advised = (e: unknown) => {
    assert.ok(e instanceof LxdError);
    assert.match(e.message, /^the cluster's database has no leader: .*electing a new one/);
    assert.match(e.message, /Try again in a minute, and check `lxc cluster list` on a member/);
    assert.ok(e.message.endsWith(`(LXD: ${NO_LEADER})`), "LXD's own message is kept");
    assert.equal(e.status, 500);
    return true;
  };

  test("a read says what it means and what to do, with LXD's message; asked once", async () => {
    ELECTING['/1.0/instances/good?recursion=1'] = 1;
    asked['/1.0/instances/good?recursion=1'] = 0;
    await assert.rejects(client.get('/1.0/instances/good?recursion=1', InstanceFullSchema), advised);
    assert.equal(asked['/1.0/instances/good?recursion=1'], 1, 'not retried: the window is ~30 s');
    const i = await client.get('/1.0/instances/good?recursion=1', InstanceFullSchema);
    assert.equal(i.name, 'good', 'the next read, once the cluster has a leader, works');
  });

  test('a write says the same, and is sent once', async () => {
    ELECTING['/1.0/instances/c1/exec'] = 1;
    asked['/1.0/instances/c1/exec'] = 0;
    await assert.rejects(
      client.call({ method: 'POST', path: '/1.0/instances/c1/exec', body: {} }, ExecOperationSchema),
      advised,
    );
    assert.equal(asked['/1.0/instances/c1/exec'], 1);
  });

  test('any other server error is left as LXD said it', async () => {
    await assert.rejects(client.get('/1.0/instances/broken', UnusedAnswer), (e: unknown) => {
      assert.ok(e instanceof LxdError);
      assert.equal(e.message, 'Failed to load instance: disk is full');
      return true;
    });
  });
});
