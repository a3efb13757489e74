/**
 * An operation on a named host: `--host viassh`, a hosts.yaml entry whose LXD is the local socket
 * and whose host commands go through sshd (lxdops-host1 on 127.0.0.1:2222, the same machine, so
 * the datasets land where the container can mount them). The launch and the destroy are real;
 * sshd's log shows that the zfs/mkdir/chown steps came over SSH, on one multiplexed connection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  datasets,
  instance,
  lxdops,
  names,
  onlyOn,
  ok,
  owner,
  shown,
  stackHooks,
  standardConfig,
  write,
  OWNER,
  SOCKET,
} from './stack';

const N = names('hostflag');
const SSH_DIR = process.env.LXDOPS_SSH_DIR ?? '/var/tmp/lxdops-ssh';
const SSHD_LOG = join(SSH_DIR, 'sshd-h1.log');
let dir = '';

const accepted = () => (readFileSync(SSHD_LOG, 'utf8').match(/Accepted publickey for root/g) ?? []).length;

// Not on https-lxd: its host is a hosts.yaml entry over the socket, the same as the local run.
const SOCKET_HOSTS = onlyOn(
  ['local', 'incus-local'],
  'its host is a socket entry of hosts.yaml; the local run is the same',
);

describe(
  '--host NAME: an operation on a host whose commands run over SSH (real server, ZFS and sshd)',
  SOCKET_HOSTS,
  () => {
    stackHooks(N.tag, { ready: (d) => (dir = d) });

    it('launches and destroys through the named host, its host commands over SSH', async () => {
      if (!existsSync(SSHD_LOG)) throw new Error(`no ${SSHD_LOG}: run scripts/setup-ssh-hosts.sh`);
      const hostsFile = write(
        join(dir, 'hosts.yaml'),
        `- name: viassh\n  socket: ${SOCKET}\n  ssh: root@127.0.0.1:2222\n`,
      );
      const config = write(join(dir, `${N.name(1)}.yaml`), standardConfig(N.tag));
      const env = { LXDOPS_SSH_CONFIG: join(SSH_DIR, 'ssh_config') };
      const flags = ['--host', 'viassh', '--hosts', hostsFile];
      const before = accepted();
      ok(await lxdops(['launch', ...flags, config], { cwd: dir, env }));
      assert.equal(accepted() - before, 1, 'one SSH connection carried every host step of the launch');
      assert.equal((await instance(N.name(1)))?.status, 'Running');
      const made = await datasets(N.datasets);
      assert.ok(made.has(`${N.datasets}/host/${N.name(1)}`), [...made.keys()].join(', '));
      assert.equal(owner(`${N.dir}/host/${N.name(1)}/data`), OWNER, 'chown ran (over SSH) on the device dir');

      const wrong = await lxdops(['destroy', '--yes', '--host', 'nosuch', '--hosts', hostsFile, config], {
        cwd: dir,
        env,
      });
      assert.equal(wrong.status, 2, shown(wrong));
      assert.match(wrong.stderr, /no host "nosuch" \(hosts: local, incus-local, viassh\)/);
      assert.equal((await instance(N.name(1)))?.status, 'Running', 'nothing was done on a guess');

      ok(await lxdops(['destroy', '--yes', ...flags, config], { cwd: dir, env }));
      assert.equal(await instance(N.name(1)), undefined);
      assert.equal((await datasets(N.datasets)).has(`${N.datasets}/host/${N.name(1)}`), false);
    });
  },
);
