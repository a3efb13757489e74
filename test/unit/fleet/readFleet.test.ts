// readFleet: every host at once, one listing each, bounded in time. A host that hangs cannot be
// made on the real stack on demand, so these hosts are FAKE LXDs: node:http servers on unix sockets,
// one answering a listing, one accepting and never answering; a third socket does not exist.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readFleet } from '../../../core/src/fleet/readFleet';
import { LxdClient } from '../../../core/src/lxd/lxdClient';
import { builtFrom, clone, T1 } from './support';

const sync = (metadata: unknown) => ({ type: 'sync', status: 'Success', status_code: 200, metadata });
const listed = [
  {
    name: 'tpl',
    status: 'Stopped',
    project: 'default',
    profiles: [],
    config: {},
    snapshots: [{ name: 'snap', created_at: T1, config: {} }],
  },
  {
    name: 'web1',
    status: 'Running',
    project: 'default',
    profiles: [],
    config: builtFrom('snap', T1),
    snapshots: null,
  },
];

let dir = '';
const urls: string[] = [];
let answering: Server;
let silent: Server;
const clients: LxdClient[] = [];
const client = (socket: string) => {
  const c = new LxdClient(socket);
  clients.push(c);
  return c;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lxdops-fake-fleet-'));
  answering = createServer((req, res) => {
    urls.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(sync(listed)));
  });
  silent = createServer(() => undefined); // never answers
  await new Promise<void>((r) => answering.listen(join(dir, 'a.socket'), r));
  await new Promise<void>((r) => silent.listen(join(dir, 's.socket'), r));
});

after(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  silent.closeAllConnections();
  await new Promise<void>((r) => answering.close(() => r()));
  await new Promise<void>((r) => silent.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('readFleet (fake LXDs)', () => {
  test('one listing per host; a host that hangs or is missing is a problem, the others are listed', async () => {
    const started = Date.now();
    const status = await readFleet(
      [clone('web1')],
      [
        { name: 'good', lxd: client(join(dir, 'a.socket')) },
        { name: 'hangs', lxd: client(join(dir, 's.socket')) },
        { name: 'missing', lxd: client(join(dir, 'none.socket')) },
      ],
      { timeoutSeconds: 1, problems: [{ host: 'closed', message: 'cannot be opened' }] },
    );
    assert.ok(Date.now() - started < 5000, 'bounded in time');
    assert.deepEqual(urls, ['/1.0/instances?recursion=2&all-projects=true']);
    assert.deepEqual(
      status.templates.map((t) => [t.host, t.clones.map((c) => c.state)]),
      [['good', ['current']]],
    );
    assert.deepEqual(
      status.problems!.map((p) => p.host),
      ['closed', 'hangs', 'missing'],
    );
    for (const p of status.problems!) assert.ok(p.message.length > 0);
  });
});
