import { ZfsError } from '../../../core/src/engine/zfsList';
import type { HostEntry } from '../../../core/src/hosts/hostEntry';
import { HostUntrustedError } from '../../../core/src/hosts/hostListing';

/** Why a host has no listing: a stable code, a short label for the tree, the reason and what to do. */
export interface HostAdvice {
  code:
    | 'host-untrusted'
    | 'host-certificate-mismatch'
    | 'host-unreachable'
    | 'host-permission'
    | 'host-timeout'
    | 'host-zfs-failed'
    | 'host-unreadable-certificate'
    | 'host-error';
  label: string;
  detail: string;
}

/** The host did not answer the whole listing within the bound. */
export class HostTimeoutError extends Error {
  override readonly name = 'HostTimeoutError';
  constructor(
    readonly host: string,
    readonly seconds: number,
  ) {
    super(`${host} did not answer within ${seconds} s`);
  }
}

const cli = (entry: HostEntry) => (entry.kind === 'incus' ? 'incus' : 'lxc');

function untrusted(entry: HostEntry, message: string): HostAdvice {
  const trust =
    cli(entry) === 'incus'
      ? `incus config trust add ${entry.name}`
      : `lxc config trust add --name ${entry.name}`;
  return {
    code: 'host-untrusted',
    label: 'the server does not trust this client',
    detail: `${message}. On the server run \`${trust}\`, then here \`${cli(entry)} remote add ${entry.name} TOKEN\` with the token it prints.`,
  };
}

/** Patterns of the messages core/src/lxd (tlsFailure.ts, lxdError.ts) gives, in order of precedence. */
const RULES: { test: RegExp; code: HostAdvice['code']; label: string; fix: string }[] = [
  {
    test: /not the pinned/,
    code: 'host-certificate-mismatch',
    label: 'the server certificate is not the pinned one',
    fix: '',
  },
  {
    test: /cannot read the (server certificate|client certificate|client key)/,
    code: 'host-unreadable-certificate',
    label: 'a certificate file cannot be read',
    fix: 'Check the paths of the host entry (server-cert, client-cert, client-key) or add the remote again.',
  },
  {
    test: /permission denied on the LXD socket/,
    code: 'host-permission',
    label: 'the socket is not permitted',
    fix: '',
  },
  {
    test: /nothing listens|not listening|no LXD socket|did not answer within the connect timeout|cannot reach/,
    code: 'host-unreachable',
    label: 'unreachable',
    fix: 'Check the address of the host and that the daemon runs and listens there (core.https_address for HTTPS).',
  },
];

/** What the host node shows under it when its listing failed. */
export function hostAdvice(entry: HostEntry, error: unknown): HostAdvice {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HostUntrustedError) return untrusted(entry, message);
  if (error instanceof HostTimeoutError)
    return {
      code: 'host-timeout',
      label: `no answer within ${error.seconds} s`,
      detail: `${message}: the host or a cluster member is down or overloaded; the other hosts are still listed. Check that it is up (lxdops hosts).`,
    };
  if (error instanceof ZfsError)
    return {
      code: 'host-zfs-failed',
      label: 'zfs failed on the host',
      detail: `${message}. The filesystems are listed with \`zfs\` on the host${entry.ssh ? ` over SSH (${entry.ssh})` : ''}: check that zfs runs there.`,
    };
  const rule = RULES.find((r) => r.test.test(message));
  if (rule)
    return { code: rule.code, label: rule.label, detail: rule.fix ? `${message}. ${rule.fix}` : message };
  return { code: 'host-error', label: 'cannot be listed', detail: message };
}
