import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { connect } from 'node:tls';
import { isIP } from 'node:net';

/** SHA-256 fingerprint as LXD prints it: lower-case hex, no colons. */
export function fingerprintOfPem(pem: string): string {
  return normalise(new X509Certificate(pem).fingerprint256);
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toLowerCase();
}

/** The error of a server certificate that is not the pinned one: it names both fingerprints. */
export class PinMismatchError extends Error {
  override readonly name = 'PinMismatchError';
  constructor(
    readonly url: string,
    readonly pinned: string,
    readonly presented: string | undefined,
  ) {
    super(
      `the server at ${url} presented certificate ${presented ?? '(unknown)'}, not the pinned ${pinned}: ` +
        'if the server was reinstalled or its certificate renewed, remove the remote and add it again ' +
        '(lxc remote remove NAME; lxc remote add NAME ...); otherwise something is impersonating it',
    );
  }
}

/**
 * `checkServerIdentity` that accepts exactly the pinned certificate. A cluster's members share one
 * certificate whose names do not include the member addresses, so the host name is not compared:
 * the fingerprint is the identity (chain verification against the pinned certificate still runs).
 */
export function pinnedIdentity(pinned: string): (host: string, cert: PeerCertificate) => Error | undefined {
  return (host, cert) => {
    const presented = normalise(cert.fingerprint256 ?? '');
    return presented === pinned ? undefined : new PinMismatchError(host, pinned, presented);
  };
}

/**
 * The fingerprint a server presents, read with a handshake that sends no client certificate and no
 * request: only for the message of a failed verification (the verified connection refused it).
 */
export function presentedFingerprint(
  host: string,
  port: number,
  timeoutMs = 3000,
): Promise<string | undefined> {
  return new Promise((done) => {
    const name = isIP(host) ? {} : { servername: host }; // an IP as server name is refused (RFC 6066)
    const socket = connect({ host, port, ...name, rejectUnauthorized: false, timeout: timeoutMs });
    const finish = (value: string | undefined) => {
      socket.destroy();
      done(value);
    };
    socket.once('secureConnect', () => finish(normalise(socket.getPeerCertificate().fingerprint256 ?? '')));
    socket.once('error', () => finish(undefined));
    socket.once('timeout', () => finish(undefined));
  });
}
