/**
 * The SSH host runner against real sshd: lxdops-host1 on 127.0.0.1:2222 and lxdops-host2 in a
 * network namespace with its own host name and /srv/lxdops (scripts/setup-ssh-hosts.sh). Proves
 * where each command ran, that every word arrives exactly as given (nothing a remote shell could
 * read), that failures come back with their status, and that an unknown host key is refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshHostRunner } from '../../core/src/host/sshHostRunner';
import { onlyOn } from './stack';

const DIR = process.env.LXDOPS_SSH_DIR ?? '/var/tmp/lxdops-ssh';
const CONFIG = join(DIR, 'ssh_config');
const HOST2 = 'root@10.250.78.2';

function runner(destination: string, extra: { configFile?: string } = {}): SshHostRunner {
  if (!existsSync(CONFIG)) throw new Error(`no ${CONFIG}: run scripts/setup-ssh-hosts.sh`); // never skip
  const controlDir = mkdtempSync(join(tmpdir(), 'lxdops-cm-'));
  return new SshHostRunner(destination, { configFile: extra.configFile ?? CONFIG, controlDir });
}

// Runs once, in the `local` variant: it talks to sshd only, never to LXD or Incus.
const ONCE = onlyOn(['local'], 'it talks to sshd only, not to LXD or Incus');

describe('SSH host runner (real sshd, a host in its own network namespace)', ONCE, () => {
  it('runs each command on the host it names, with the sbin PATH (zfs found there)', async () => {
    const host2 = runner(HOST2);
    const name = await host2.run({ argv: ['hostname'], sudo: false });
    assert.equal(name.stdout.trim(), 'lxdops-host2');
    assert.notEqual(hostname(), 'lxdops-host2');
    const whoami = await host2.run({ argv: ['cat', '/srv/lxdops/whoami'], sudo: true });
    assert.equal(whoami.stdout.trim(), 'host2');
    const zfs = await host2.run({ argv: ['zfs', 'list', '-H', '-o', 'name', '--', 'lxdtest'], sudo: true });
    assert.equal(zfs.stdout.trim(), 'lxdtest', zfs.stderr);
    const host1 = runner('root@127.0.0.1:2222');
    assert.equal((await host1.run({ argv: ['hostname'], sudo: false })).stdout.trim(), hostname());
  });

  it('passes every word exactly: quotes, $(...), ;, newlines, globs and dashes reach the command as data', async () => {
    const host2 = runner(HOST2);
    const canary = `/tmp/lxdops-ssh-canary-${process.pid}`;
    const words = [
      "it's",
      'a b',
      '$(id)',
      '`id`',
      `;touch ${canary}`,
      'line1\nline2',
      '*',
      '-n',
      '--',
      '\\',
      '"q"',
      '',
    ];
    const r = await host2.run({ argv: ['printf', '[%s]\\n', ...words], sudo: false });
    assert.equal(r.exitCode, 0, r.stderr);
    // execa drops the last newline of the output, as for local commands
    assert.equal(r.stdout, words.map((w) => `[${w}]`).join('\n'));
    const touched = await host2.run({ argv: ['test', '-e', canary], sudo: false });
    assert.notEqual(touched.exitCode, 0, 'nothing ran the ;touch word');
    assert.equal(existsSync(canary), false);
  });

  it('a failing command comes back with its exit status and stderr; exists() asks the remote host', async () => {
    const host2 = runner(HOST2);
    const r = await host2.run({ argv: ['sh', '-c', 'echo oops >&2; exit 3'], sudo: false });
    assert.equal(r.exitCode, 3);
    assert.equal(r.stderr.trim(), 'oops');
    assert.equal(await host2.exists('/srv/lxdops/whoami'), true);
    assert.equal(existsSync('/srv/lxdops/whoami'), false, 'the file is only on host2');
    assert.equal(await host2.exists('/srv/lxdops/none'), false);
  });

  it('inspects paths on the remote host without following a link (a container could have made it)', async () => {
    const host2 = runner(HOST2);
    const made = await host2.run({
      argv: [
        'sh',
        '-c',
        'mkdir -p /srv/lxdops/d && chown 100000:100000 /srv/lxdops/d && ln -sfn /etc /srv/lxdops/d/link',
      ],
      sudo: true,
    });
    assert.equal(made.exitCode, 0, made.stderr);
    const entries = await host2.inspect('/srv/lxdops/d/link/ssh');
    assert.deepEqual(
      entries.map((e) => [e.path, e.type]),
      [
        ['/srv', 'dir'],
        ['/srv/lxdops', 'dir'],
        ['/srv/lxdops/d', 'dir'],
        ['/srv/lxdops/d/link', 'link'],
      ],
      'stops at the link: what it points to is never looked at',
    );
    const dir = entries[2]!;
    assert.ok(dir.type === 'dir' && dir.uid === 100000 && dir.gid === 100000, JSON.stringify(dir));
    assert.equal(await host2.exists('/srv/lxdops/d/link/ssh'), false);
    assert.deepEqual(
      (await host2.inspect('/srv/lxdops/none/x')).map((e) => e.type),
      ['dir', 'dir', 'missing'],
    );
  });

  it('reuses one multiplexed connection (its control socket stays) for the steps of a plan', async () => {
    const controlDir = mkdtempSync(join(tmpdir(), 'lxdops-cm-'));
    const host2 = new SshHostRunner(HOST2, { configFile: CONFIG, controlDir });
    await host2.run({ argv: ['true'], sudo: false });
    const sockets = readdirSync(controlDir);
    assert.equal(sockets.length, 1, `control sockets: ${sockets.join(', ')}`);
    await host2.run({ argv: ['true'], sudo: false });
    assert.deepEqual(readdirSync(controlDir), sockets, 'the second step used the same connection');
  });

  it('refuses a host whose key is not the known one, and never prompts', async () => {
    const wrong = join(mkdtempSync(join(tmpdir(), 'lxdops-kh-')), 'ssh_config');
    const other = join(DIR, 'clientkey.pub'); // a valid key of another kind of thing: not the host key
    const known = `${wrong}.known_hosts`;
    writeFileSync(
      known,
      `10.250.78.2 ${(await import('node:fs')).readFileSync(other, 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
    );
    writeFileSync(
      wrong,
      `Host *\n  User root\n  IdentityFile ${DIR}/clientkey\n  UserKnownHostsFile ${known}\n`,
    );
    const r = await runner(HOST2, { configFile: wrong }).run({ argv: ['true'], sudo: false });
    assert.equal(r.exitCode, 255);
    assert.match(
      r.stderr,
      /^ssh root@10\.250\.78\.2: .*(Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED)/s,
    );
  });

  it('refuses a destination that ssh could read as an option, and a NUL in a word', async () => {
    assert.throws(() => new SshHostRunner('-oProxyCommand=touch /tmp/x'), /SSH destination/);
    await assert.rejects(runner(HOST2).run({ argv: ['echo', 'a\0b'], sudo: false }), /NUL/);
  });
});
