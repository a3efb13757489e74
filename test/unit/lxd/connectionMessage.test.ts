// The advice for a socket that cannot be reached names the daemon that listens there: LXD (group
// lxd) or Incus (group incus-admin), found from the socket's folder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionMessage } from '../../../core/src/lxd/lxdError';

const CASES: { socket: string; code: string | undefined; expected: RegExp }[] = [
  {
    socket: '/var/lib/lxd/unix.socket',
    code: 'EACCES',
    expected:
      /^permission denied on the LXD socket \/var\/lib\/lxd\/unix\.socket: add the user to the lxd group \(sudo usermod -aG lxd \$USER\)/,
  },
  {
    socket: '/var/lib/incus/unix.socket',
    code: 'EACCES',
    expected:
      /^permission denied on the Incus socket \/var\/lib\/incus\/unix\.socket: add the user to the incus-admin group \(sudo usermod -aG incus-admin \$USER\)/,
  },
  {
    socket: '/run/incus/unix.socket.user',
    code: 'ENOENT',
    expected:
      /^no Incus socket at \/run\/incus\/unix\.socket\.user: is Incus installed and running\? Set lxdops\.socket or INCUS_SOCKET/,
  },
  {
    socket: '/var/snap/lxd/common/lxd/unix.socket',
    code: 'ENOENT',
    expected: /^no LXD socket at .*: is LXD installed and running\? Set lxdops\.socket or LXD_SOCKET/,
  },
  {
    socket: '/var/lib/incus/unix.socket',
    code: 'ECONNREFUSED',
    expected:
      /^Incus is not listening on \/var\/lib\/incus\/unix\.socket: start the daemon \(incusd, or systemctl start incus\)$/,
  },
  {
    socket: '/srv/incusish/unix.socket',
    code: 'ECONNREFUSED',
    expected: /^LXD is not listening on .*: start the daemon \(lxd, or systemctl start lxd\)$/,
  },
  { socket: '/var/lib/incus/unix.socket', code: 'EPIPE', expected: /^cannot reach Incus at .*: boom$/ },
];

for (const { socket, code, expected } of CASES)
  test(`${code} on ${socket}`, () => assert.match(connectionMessage(socket, code, 'boom'), expected));
