import { request } from 'undici';

/** How long an image remote may take to answer before pre-flight calls it unreachable. */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * Asks an image remote whether it answers: one GET, TLS verified, bounded in time. Any HTTP
 * answer below 500 counts as "it answers" (an index or an API root that wants authentication).
 */
export async function probeRemote(
  url: string,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<{ ok: boolean; message: string }> {
  try {
    const r = await request(url, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await r.body.dump();
    return r.statusCode < 500
      ? { ok: true, message: `HTTP ${r.statusCode}` }
      : { ok: false, message: `HTTP ${r.statusCode}` };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, message: cause?.code ?? cause?.message ?? (e as Error).message };
  }
}
