import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZfsError } from '../../../core/src/engine/zfsList';
import type { HostEntry } from '../../../core/src/hosts/hostEntry';
import { HostUntrustedError } from '../../../core/src/hosts/hostListing';
import { PinMismatchError } from '../../../core/src/lxd/tlsPin';
import { connectionMessage } from '../../../core/src/lxd/lxdError';
import { hostAdvice, HostTimeoutError } from '../../../client/src/host/hostAdvice';

const remote: HostEntry = {
  name: 'loop',
  endpoint: {
    kind: 'https',
    url: 'https://127.0.0.1:18443',
    serverCert: '/s',
    clientCert: '/c',
    clientKey: '/k',
  },
  source: '~/.config/lxc/config.yml',
};
const incus: HostEntry = { ...remote, name: 'incus-loop', kind: 'incus' };
const ssh: HostEntry = { ...remote, ssh: 'root@10.250.78.2' };

describe('hostAdvice: the message node of a host whose listing failed', () => {
  const rows: { what: string; entry: HostEntry; error: unknown; code: string; says: RegExp }[] = [
    {
      what: 'untrusted (lxc)',
      entry: remote,
      error: new HostUntrustedError('untrusted'),
      code: 'host-untrusted',
      says: /lxc config trust add --name loop.*lxc remote add loop TOKEN/,
    },
    {
      what: 'untrusted (incus)',
      entry: incus,
      error: new HostUntrustedError('untrusted'),
      code: 'host-untrusted',
      says: /incus config trust add incus-loop.*incus remote add incus-loop TOKEN/,
    },
    {
      what: 'pin mismatch: both fingerprints',
      entry: remote,
      error: new Error(new PinMismatchError('https://127.0.0.1:18443', 'aaaa', 'bbbb').message),
      code: 'host-certificate-mismatch',
      says: /presented certificate bbbb, not the pinned aaaa/,
    },
    {
      what: 'nothing listens',
      entry: remote,
      error: new Error(
        'nothing listens at https://127.0.0.1:1: is the server running with core.https_address set?',
      ),
      code: 'host-unreachable',
      says: /Check the address of the host and that the daemon runs/,
    },
    {
      what: 'socket missing',
      entry: remote,
      error: new Error(connectionMessage('/var/lib/x.socket', 'ENOENT', '')),
      code: 'host-unreachable',
      says: /no LXD socket at \/var\/lib\/x\.socket/,
    },
    {
      what: 'socket not permitted',
      entry: remote,
      error: new Error(connectionMessage('/var/lib/x.socket', 'EACCES', '')),
      code: 'host-permission',
      says: /usermod -aG lxd/,
    },
    {
      what: 'certificate file unreadable',
      entry: remote,
      error: new Error('cannot read the client certificate /c: ENOENT'),
      code: 'host-unreadable-certificate',
      says: /server-cert, client-cert, client-key/,
    },
    {
      what: 'hung',
      entry: remote,
      error: new HostTimeoutError('loop', 10),
      code: 'host-timeout',
      says: /loop did not answer within 10 s.*the other hosts are still listed/,
    },
    {
      what: 'zfs over ssh',
      entry: ssh,
      error: new ZfsError(
        'zfs list failed (exit 255): ssh: connect to host 10.250.78.2 port 22: No route to host',
      ),
      code: 'host-zfs-failed',
      says: /over SSH \(root@10\.250\.78\.2\)/,
    },
    { what: 'anything else', entry: remote, error: 'boom', code: 'host-error', says: /^boom$/ },
  ];
  for (const row of rows)
    test(row.what, () => {
      const advice = hostAdvice(row.entry, row.error);
      assert.equal(advice.code, row.code);
      assert.match(advice.detail, row.says);
      assert.ok(advice.label.length > 0 && advice.label.length < 50, advice.label);
    });
});
