import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';
import { cliConfigDirs, cliRemotes } from '../../../core/src/hosts/cliRemotes';
import { discoverHosts } from '../../../core/src/hosts/discoverHosts';

const LXC_CONFIG = `default-remote: local
remotes:
  images:
    addr: https://images.linuxcontainers.org
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    public: false
  h1:
    addr: https://10.0.0.1:8443/
    protocol: lxd
    public: false
  ../evil:
    addr: https://10.0.0.9:8443
`;

const INCUS_CONFIG = `remotes:
  h1:
    addr: https://10.0.0.2:8443
    protocol: incus
  i2:
    addr: https://10.0.0.3:8443
`;

describe('hosts from the lxc and incus CLI configs', () => {
  it('takes the HTTPS server remotes with their pinned certificate and the client certificate', () => {
    const fs = new MemoryFileSystem({ '/c/lxc/config.yml': LXC_CONFIG });
    const list = cliRemotes(fs, ['/c/none', '/c/lxc'], 'lxd');
    assert.deepEqual(list.hosts, [
      {
        name: 'h1',
        kind: 'lxd',
        source: '/c/lxc/config.yml',
        endpoint: {
          kind: 'https',
          url: 'https://10.0.0.1:8443',
          serverCert: '/c/lxc/servercerts/h1.crt',
          clientCert: '/c/lxc/client.crt',
          clientKey: '/c/lxc/client.key',
        },
      },
    ]);
    assert.equal(list.problems.length, 1, 'the remote whose name would leave servercerts/ is reported');
    assert.match(list.problems[0]!.message, /remote "\.\.\/evil" is skipped: a host name is/);
  });

  it('reports a config.yml that is not YAML and lists nothing from it', () => {
    const fs = new MemoryFileSystem({ '/c/config.yml': 'remotes: [\n' });
    const list = cliRemotes(fs, ['/c'], 'lxd');
    assert.deepEqual(list.hosts, []);
    assert.match(list.problems[0]!.message, /is not valid YAML \(line \d+\)/);
  });

  it('looks where each CLI looks: LXD_CONF and the snap paths for lxc, INCUS_CONF for incus', () => {
    assert.deepEqual(cliConfigDirs('lxd', { LXD_CONF: '/x' }, '/home/u'), [
      '/x',
      '/home/u/snap/lxd/common/config',
      '/home/u/snap/lxd/current/.config/lxc',
      '/home/u/.config/lxc',
    ]);
    assert.deepEqual(cliConfigDirs('incus', { INCUS_CONF: '/y' }, '/home/u'), [
      '/y',
      '/home/u/.config/incus',
    ]);
  });

  it('names an incus remote incus-NAME when lxc has the name, and keeps the order of the sources', () => {
    const fs = new MemoryFileSystem({
      '/home/u/.config/lxc/config.yml': LXC_CONFIG,
      '/home/u/.config/incus/config.yml': INCUS_CONFIG,
      '/home/u/.config/lxdops/hosts.yaml': `- name: h1\n  socket: /run/other.socket\n- name: mine\n  url: https://10.0.0.4:8443\n  server-cert: /certs/mine.crt\n  ssh: root@10.0.0.4\n`,
    });
    const list = discoverHosts({ fs, env: { LXD_SOCKET: '/nonexistent' }, home: '/home/u' });
    // the local sockets are this machine's (the integration tests cover them): leave them out here
    assert.deepEqual(
      list.hosts
        .filter((h) => h.source !== 'local socket')
        .map((h) => [h.name, h.kind ?? '?', h.endpoint.kind]),
      [
        ['h1', 'lxd', 'https'],
        ['incus-h1', 'incus', 'https'],
        ['i2', 'incus', 'https'],
        ['mine', '?', 'https'],
      ],
    );
    const mine = list.hosts.find((h) => h.name === 'mine')!;
    assert.equal(mine.ssh, 'root@10.0.0.4');
    assert.deepEqual(mine.endpoint, {
      kind: 'https',
      url: 'https://10.0.0.4:8443',
      serverCert: '/certs/mine.crt',
      clientCert: '/home/u/.config/lxc/client.crt',
      clientKey: '/home/u/.config/lxc/client.key',
    });
    const clash = list.problems.find((p) => p.message.startsWith('host h1 is skipped'));
    assert.ok(clash, JSON.stringify(list.problems));
    assert.match(clash.message, /taken by \/home\/u\/\.config\/lxc\/config\.yml/);
  });

  it('an explicit --hosts file must exist; the default one may be missing', () => {
    const fs = new MemoryFileSystem({});
    const quiet = discoverHosts({ fs, env: {}, home: '/h' });
    assert.deepEqual(quiet.problems, []);
    const loud = discoverHosts({ fs, env: {}, home: '/h', hostsFile: '/h/missing.yaml' });
    assert.match(loud.problems[0]!.message, /cannot be read/);
  });
});
