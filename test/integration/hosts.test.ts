/**
 * `lxdops hosts` against the real LXD and Incus, over their sockets and over HTTPS on loopback
 * with remotes added by `lxc remote add` / `incus remote add`: kinds, versions, the pinned server
 * certificate (a wrong one names both fingerprints), and hosts that are down or silent reported
 * within the 10 s bound while the others are listed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRemote, type AddedRemote, fingerprintOf, LXD_HTTPS, removeTrust } from './remotes';
import { lxdops, must, ok, onlyOn, requireStack, shown } from './stack';

interface HostJson {
  name: string;
  kind?: string;
  address: string;
  reachable: boolean;
  version?: string;
  clustered: boolean;
  error?: string;
}

let lxc: AddedRemote | undefined;
let incus: AddedRemote | undefined;
let silent: Server | undefined;

async function hostsJson(env: Record<string, string>, extra: string[] = []): Promise<Map<string, HostJson>> {
  const r = ok(await lxdops(['hosts', '--format', 'json', ...extra], { cwd: tmpdir(), env }));
  const parsed = JSON.parse(r.stdout) as { hosts: HostJson[] };
  return new Map(parsed.hosts.map((h) => [h.name, h]));
}

// Runs once, in the `local` variant: it lists and asks every host itself (LXD and Incus, socket and HTTPS).
const ONCE = onlyOn(['local'], 'it asks every host itself; the local run covers them all');

describe('lxdops hosts: local sockets, lxc and incus remotes over HTTPS (real LXD and Incus)', ONCE, () => {
  before(async () => {
    await requireStack();
    await must('incus', ['info']); // Incus must run (scripts/setup-incus.sh): fail, never skip
    lxc = await addRemote('lxc', 'loop', 'lxdops-it-hosts');
    incus = await addRemote('incus', 'loop', 'lxdops-it-hosts');
  });
  after(async () => {
    await removeTrust('lxc', lxc);
    await removeTrust('incus', incus);
    silent?.close();
  });

  it('lists local, incus-local, the lxc remote and the incus remote (renamed incus-loop), each asked for real', async () => {
    const hosts = await hostsJson({ LXD_CONF: lxc!.conf, INCUS_CONF: incus!.conf, HOME: '/nonexistent' });
    const lxdVersion = (await must('lxc', ['version'])).match(/Server version: (\S+)/)?.[1];
    const incusVersion = (await must('incus', ['version'])).match(/Server version: (\S+)/)?.[1];
    assert.deepEqual(
      [...hosts.values()].map((h) => [h.name, h.kind, h.reachable, h.version]),
      [
        ['local', 'lxd', true, lxdVersion],
        ['incus-local', 'incus', true, incusVersion],
        ['loop', 'lxd', true, lxdVersion],
        ['incus-loop', 'incus', true, incusVersion],
      ],
    );
    assert.equal(hosts.get('loop')!.address, LXD_HTTPS);
    assert.equal(hosts.get('loop')!.error, undefined);
  });

  it('a server certificate that is not the pinned one is refused, naming both fingerprints', async () => {
    // the remote's pinned certificate replaced by Incus' own: LXD presents its certificate instead
    copyFileSync('/var/lib/incus/server.crt', join(lxc!.conf, 'servercerts/loop.crt'));
    try {
      const hosts = await hostsJson({
        LXD_CONF: lxc!.conf,
        INCUS_CONF: '/nonexistent',
        HOME: '/nonexistent',
      });
      const loop = hosts.get('loop')!;
      assert.equal(loop.reachable, false);
      assert.ok(loop.error?.includes(fingerprintOf('/var/lib/lxd/server.crt')), loop.error);
      assert.ok(
        loop.error?.includes(`not the pinned ${fingerprintOf('/var/lib/incus/server.crt')}`),
        loop.error,
      );
      assert.equal(hosts.get('local')!.reachable, true, 'the other hosts are still listed');
    } finally {
      copyFileSync('/var/lib/lxd/server.crt', join(lxc!.conf, 'servercerts/loop.crt'));
    }
  });

  it('a client certificate the server does not trust is reported, with what to do', async () => {
    const conf = mkdtempSync(join(tmpdir(), 'lxdops-untrusted-'));
    await must('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:secp384r1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=untrusted',
      '-keyout',
      join(conf, 'client.key'),
      '-out',
      join(conf, 'client.crt'),
    ]);
    const file = join(conf, 'hosts.yaml');
    writeFileSync(
      file,
      `- name: stranger\n  url: ${LXD_HTTPS}\n  server-cert: /var/lib/lxd/server.crt\n  client-cert: ${conf}/client.crt\n  client-key: ${conf}/client.key\n`,
    );
    const hosts = await hostsJson({ LXD_CONF: '/nonexistent', INCUS_CONF: '/nonexistent' }, [
      '--hosts',
      file,
    ]);
    const stranger = hosts.get('stranger')!;
    assert.equal(stranger.reachable, true);
    assert.match(
      stranger.error ?? '',
      /does not trust this client's certificate \(auth: untrusted\).*lxc remote add stranger/,
    );
  });

  it('a host where nothing listens and one that never answers the handshake are down within 10 s', async () => {
    silent = createServer(() => undefined); // accepts, then says nothing: a hung member
    await new Promise<void>((done) => silent!.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    const file = join(mkdtempSync(join(tmpdir(), 'lxdops-down-')), 'hosts.yaml');
    const entry = (name: string, url: string) =>
      `- name: ${name}\n  url: ${url}\n  server-cert: /var/lib/lxd/server.crt\n  client-cert: ${lxc!.conf}/client.crt\n  client-key: ${lxc!.conf}/client.key\n`;
    writeFileSync(file, entry('closed', 'https://127.0.0.1:1') + entry('hung', `https://127.0.0.1:${port}`));
    const started = Date.now();
    const r = await lxdops(['hosts', '--format', 'json', '--hosts', file], {
      cwd: tmpdir(),
      env: { LXD_CONF: '/nonexistent', INCUS_CONF: '/nonexistent' },
    });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.status, 0, shown(r));
    const hosts = new Map((JSON.parse(r.stdout) as { hosts: HostJson[] }).hosts.map((h) => [h.name, h]));
    assert.match(hosts.get('closed')!.error ?? '', /nothing listens at https:\/\/127\.0\.0\.1:1/);
    assert.equal(hosts.get('hung')!.reachable, false);
    assert.match(hosts.get('hung')!.error ?? '', /did not answer/);
    assert.equal(hosts.get('local')!.reachable, true);
    assert.ok(seconds < 11, `listed in ${seconds} s (a down host must be reported within 10 s)`);
  });
});
