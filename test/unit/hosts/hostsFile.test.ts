import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostEntriesOf } from '../../../core/src/hosts/hostsFile';
import { sshDestinationProblem } from '../../../core/src/host/sshDestination';
import { hostNameProblem } from '../../../core/src/hosts/hostNames';

const defaults = { clientCert: '/d/client.crt', clientKey: '/d/client.key' };
const problemOf = (entry: unknown) => hostEntriesOf([entry], 'hosts.yaml', defaults).problems[0]?.message;

describe('entries of hosts.yaml and the lxdops.hosts setting', () => {
  it('reads a socket entry and a cluster entry with its members', () => {
    const list = hostEntriesOf(
      [
        { name: 'inc', socket: '/var/lib/incus/unix.socket' },
        {
          name: 'cl',
          url: 'https://10.250.77.11:8443',
          'server-cert': '/c/cluster.crt',
          'client-cert': '/c/me.crt',
          'client-key': '/c/me.key',
          ssh: 'root@10.250.77.11',
          members: { m2: 'root@10.250.77.12:22' },
        },
      ],
      'hosts.yaml',
      defaults,
    );
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.hosts[0]!.endpoint, { kind: 'socket', path: '/var/lib/incus/unix.socket' });
    assert.deepEqual(list.hosts[1]!.members, { m2: 'root@10.250.77.12:22' });
    assert.equal(list.hosts[1]!.endpoint.kind === 'https' && list.hosts[1]!.endpoint.clientCert, '/c/me.crt');
  });

  it('says what is wrong with each bad entry and keeps the good ones', () => {
    assert.match(problemOf({ name: 'a' })!, /needs exactly one of `url` and `socket`/);
    assert.match(problemOf({ name: 'a', socket: 'rel.sock' })!, /`socket` is an absolute path/);
    assert.match(problemOf({ name: 'a', url: 'http://x:8443', 'server-cert': '/c' })!, /https:\/\/HOST/);
    assert.match(
      problemOf({ name: 'a', url: 'https://x:8443/1.0', 'server-cert': '/c' })!,
      /nothing after it/,
    );
    assert.match(problemOf({ name: 'a', url: 'https://x:8443' })!, /`server-cert`.*is required/);
    assert.match(problemOf({ name: 'a', socket: '/s', sshh: 'x' })!, /unknown key\(s\) sshh/);
    assert.match(problemOf({ name: 7, socket: '/s' })!, /^entry 1: `name`: /);
    assert.match(problemOf({ name: 'a', socket: '/s', ssh: '-oProxyCommand=x' })!, /SSH destination/);
    assert.match(problemOf({ name: 'a', socket: '/s', members: { m: 'h;rm' } })!, /member "m": an SSH/);
    const list = hostEntriesOf([{ name: 'ok', socket: '/s' }, { name: 'bad' }], 'f', defaults);
    assert.deepEqual(
      list.hosts.map((h) => h.name),
      ['ok'],
    );
    assert.match(list.problems[0]!.message, /^entry 2: /);
    assert.match(hostEntriesOf({ name: 'x' }, 'f', defaults).problems[0]!.message, /not a list of hosts/);
  });

  it('holds host names and SSH destinations to a shape nothing can be injected through', () => {
    for (const good of ['local', 'incus-h1', 'web.example', 'h_2'])
      assert.equal(hostNameProblem(good), undefined);
    for (const bad of ['', '-x', '../x', 'a/b', 'a b', 'x'.repeat(64), 'a..b'])
      assert.ok(hostNameProblem(bad), bad);
    for (const good of ['h', 'root@10.0.0.1', 'u@host.example:2222', 'u@[::1]:22'])
      assert.equal(sshDestinationProblem(good), undefined, good);
    for (const bad of ['-oProxyCommand=sh', 'u@h;id', 'u@h:99999', 'u@h:', 'u@', 'u@h h', 'U-pper@h'])
      assert.ok(sshDestinationProblem(bad), bad);
  });
});

describe('readHostsFile', () => {
  it('reports an alias bomb as a problem instead of expanding it', async () => {
    const { MemoryFileSystem } = await import('../../../core/src/fs/fileSystem');
    const { readHostsFile } = await import('../../../core/src/hosts/hostsFile');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${'b'.repeat(i)}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const fs = new MemoryFileSystem({ '/h.yaml': `${levels.join('\n')}\n` });
    const list = readHostsFile(fs, '/h.yaml', defaults, true);
    assert.deepEqual(list.hosts, []);
    assert.match(list.problems[0]!.message, /cannot be read as data \(Excessive alias count/);
  });
});
