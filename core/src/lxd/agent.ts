import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import type { LxdEndpoint } from './endpoint';
import { fingerprintOfPem, pinnedIdentity } from './tlsPin';

/** Seconds to open a connection: an unreachable host or an offline member is known within this. */
export const CONNECT_SECONDS = 5;

export interface OpenedAgent {
  agent: Agent;
  /** What request URLs start with: `http://lxd` over the socket, the server's URL over HTTPS. */
  origin: string;
  /** The pinned fingerprint (HTTPS only). */
  pinned?: string;
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/**
 * An undici agent for the endpoint. HTTPS verifies the server against the pinned certificate
 * (as the only CA, and by fingerprint); verification is never turned off.
 */
export function openAgent(endpoint: LxdEndpoint, headersSeconds: number): OpenedAgent {
  const timeouts = { headersTimeout: headersSeconds * 1000, bodyTimeout: headersSeconds * 1000 };
  if (endpoint.kind === 'socket')
    return {
      agent: new Agent({
        connect: { socketPath: endpoint.path, timeout: CONNECT_SECONDS * 1000 },
        ...timeouts,
      }),
      origin: 'http://lxd',
    };
  const ca = readPem(endpoint.serverCert, 'server certificate');
  const pinned = fingerprintOfPem(ca);
  const connect = {
    ca,
    cert: readPem(endpoint.clientCert, 'client certificate'),
    key: readPem(endpoint.clientKey, 'client key'),
    checkServerIdentity: pinnedIdentity(pinned),
    rejectUnauthorized: true,
    timeout: CONNECT_SECONDS * 1000,
  };
  return { agent: new Agent({ connect, ...timeouts }), origin: endpoint.url.replace(/\/+$/, ''), pinned };
}
