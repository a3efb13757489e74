import type { LxdEndpoint } from './endpoint';
import { PinMismatchError, presentedFingerprint } from './tlsPin';

type HttpsEndpoint = Extract<LxdEndpoint, { kind: 'https' }>;

/** undici and node:tls codes of a certificate that did not verify. */
const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function findPinMismatch(e: unknown): PinMismatchError | undefined {
  for (let cause = e; cause instanceof Error; cause = (cause as { cause?: unknown }).cause)
    if (cause instanceof PinMismatchError) return cause;
  return undefined;
}

/**
 * The one-line message of a failed HTTPS exchange. A certificate that is not the pinned one names
 * both fingerprints (the presented one read with a bare handshake when the verified connection
 * refused it before the pin was compared).
 */
export async function tlsFailureMessage(
  endpoint: HttpsEndpoint,
  pinned: string,
  err: Error,
  code: string | undefined,
): Promise<string> {
  const mismatch = findPinMismatch(err);
  if (mismatch) return new PinMismatchError(endpoint.url, mismatch.pinned, mismatch.presented).message;
  const url = new URL(endpoint.url);
  if (code && CERT_CODES.has(code)) {
    const presented = await presentedFingerprint(url.hostname, Number(url.port || 8443));
    return new PinMismatchError(endpoint.url, pinned, presented).message;
  }
  if (code === 'ECONNREFUSED')
    return `nothing listens at ${endpoint.url}: is the server running with core.https_address set?`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT')
    return `${endpoint.url} did not answer within the connect timeout: the host or member is down or unreachable`;
  if (code === 'UND_ERR_HEADERS_TIMEOUT')
    return `${endpoint.url} accepted the connection but did not answer in time`;
  return `cannot reach ${endpoint.url}: ${err.message}${code ? ` (${code})` : ''}`;
}
