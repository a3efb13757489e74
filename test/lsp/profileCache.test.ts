// The server's profile cache: when LXD cannot give the profile names, completion simply has none,
// and the reason goes to the log. A malformed answer comes from a FAKE LXD (node:http on a unix
// socket); the real daemon's answer is covered by test/integration/profileCompletion.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ProfileCache } from '../../server/src/profileCache';

async function withFakeLxd(body: unknown, run: (socket: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lxdops-fake-lxd-'));
  const socket = join(dir, 'unix.socket');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    await run(socket);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function refreshOnce(socket: string): Promise<{ names: string[] | undefined; logged: string[] }> {
  const logged: string[] = [];
  const cache = new ProfileCache(
    () => ({ socket, project: '' }),
    (m) => logged.push(m),
  );
  cache.get();
  await cache.settled();
  return { names: cache.get(), logged };
}

describe('ProfileCache: failures are logged, not swallowed', () => {
  test('no socket: no names, and the log says which socket was tried', async () => {
    const r = await refreshOnce('/nonexistent/lxd.socket');
    assert.equal(r.names, undefined);
    assert.deepEqual(r.logged, [
      'lxdops: no LXD profiles for completion: no LXD socket found (tried /nonexistent/lxd.socket)',
    ]);
  });

  test('a malformed answer (FAKE LXD): no names, and the log names the request and the field', async () => {
    await withFakeLxd({ type: 'sync', metadata: [{ name: 'default' }, { name: 7 }] }, async (socket) => {
      const r = await refreshOnce(socket);
      assert.equal(r.names, undefined);
      assert.deepEqual(r.logged, [
        'lxdops: no LXD profiles for completion: GET /1.0/profiles?recursion=1: [1].name: expected string, got number',
      ]);
    });
  });

  test('a good answer (FAKE LXD): sorted names, nothing logged', async () => {
    await withFakeLxd({ type: 'sync', metadata: [{ name: 'web' }, { name: 'default' }] }, async (socket) => {
      assert.deepEqual(await refreshOnce(socket), { names: ['default', 'web'], logged: [] });
    });
  });
});
