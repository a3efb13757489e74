import { type Agent, request } from 'undici';
import { openAgent } from './agent';
import { endpointAddress, type LxdEndpoint } from './endpoint';
import { connectionMessage, LxdError } from './lxdError';
import { tlsFailureMessage } from './tlsFailure';
import { withElectionAdvice } from './clusterElection';
import { EnvelopeSchema } from './records/envelope';
import { OperationSchema, type OperationRecord } from './records/operation';
import { LxdRecordError, parseRecord, type RecordSchema } from './records/parseRecord';

/** An LXD operation (reference lxd-api §1.2), as checked by OperationSchema. */
export type Operation = OperationRecord;

export interface LxdRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  path: string;
  /** JSON body, or raw bytes with `headers` (the files API). */
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
  project?: string;
  /**
   * Seconds to the whole answer, shorter than the client's own bound: for a read that a cluster
   * forwards to a member, which hangs while that member is down.
   */
  timeoutSeconds?: number;
}

const WAIT_SECONDS = 30;
/** Seconds to the answer's headers; long enough for `/wait?timeout=WAIT_SECONDS`. */
const HEADERS_SECONDS = WAIT_SECONDS + 30;

/**
 * The LXD REST API over the unix socket or HTTPS (undici). Sync answers return their metadata, async ones
 * are waited for (`/wait` in a loop, at once: finished operations vanish after a few seconds),
 * errors become LxdError with the server's message. Works with Incus too (same API).
 */
export class LxdClient {
  private readonly agent: Agent;
  private readonly origin: string;
  /** The pinned fingerprint (HTTPS), computed once when the agent opens; for failure messages. */
  private readonly pinned: string | undefined;
  readonly endpoint: LxdEndpoint;

  /** A socket path, or an endpoint (socket or HTTPS with a pinned certificate). */
  constructor(endpoint: string | LxdEndpoint) {
    this.endpoint = typeof endpoint === 'string' ? { kind: 'socket', path: endpoint } : endpoint;
    const opened = openAgent(this.endpoint, HEADERS_SECONDS);
    this.agent = opened.agent;
    this.origin = opened.origin;
    this.pinned = opened.pinned;
  }

  /** The socket path (undefined over HTTPS). */
  get socketPath(): string | undefined {
    return this.endpoint.kind === 'socket' ? this.endpoint.path : undefined;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private url(path: string, project?: string): string {
    const url = `${this.origin}${path}`;
    if (!project || project === 'default' || path.startsWith('/1.0/operations/')) return url;
    return `${url}${path.includes('?') ? '&' : '?'}project=${encodeURIComponent(project)}`;
  }

  /** One HTTP exchange; returns the status, headers and raw body. */
  async raw(
    r: LxdRequest,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    let body: string | Buffer | undefined;
    if (r.raw) body = r.raw;
    else if (r.body !== undefined) {
      body = JSON.stringify(r.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const res = await request(this.url(r.path, r.project), {
        method: r.method,
        dispatcher: this.agent,
        headers,
        ...(r.timeoutSeconds
          ? { headersTimeout: r.timeoutSeconds * 1000, bodyTimeout: r.timeoutSeconds * 1000 }
          : {}),
        ...(body !== undefined ? { body } : {}),
      });
      const buf = Buffer.from(await res.body.arrayBuffer());
      return { status: res.statusCode, headers: res.headers, body: buf };
    } catch (e) {
      throw new LxdError(await this.failureMessage(e), 0, r.method, r.path);
    }
  }

  private async failureMessage(e: unknown): Promise<string> {
    const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = err.code ?? err.cause?.code;
    if (this.endpoint.kind === 'https') return tlsFailureMessage(this.endpoint, this.pinned!, err, code);
    return connectionMessage(endpointAddress(this.endpoint), code, err.message);
  }

  /**
   * A JSON call: the metadata of a sync answer, or the finished operation of an async one, checked
   * against `schema` (an LxdRecordError names the request and the field when it does not fit).
   */
  async call<T>(r: LxdRequest, schema: RecordSchema<T>): Promise<T> {
    const res = await this.raw(r);
    const source = { method: r.method, path: r.path, status: res.status };
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new LxdRecordError(
        `${r.method} ${r.path}: HTTP ${res.status} with a body that is not JSON`,
        res.status,
        r.method,
        r.path,
      );
    }
    const env = parseRecord(EnvelopeSchema, json, source);
    if (env.type === 'error' || res.status >= 400) {
      const message = withElectionAdvice(env.error || `HTTP ${res.status}`);
      throw new LxdError(message, env.error_code || res.status, r.method, r.path);
    }
    if (env.type === 'async' && env.operation) {
      const op = await this.waitOperation(env.operation, r);
      return parseRecord(schema, op, source);
    }
    return parseRecord(schema, env.metadata, source);
  }

  /** Waits for an operation to finish; a failed one throws with its `err`. */
  async waitOperation(operation: string, r: Pick<LxdRequest, 'method' | 'path'>): Promise<Operation> {
    for (;;) {
      const op = await this.call(
        { method: 'GET', path: `${operation}/wait?timeout=${WAIT_SECONDS}` },
        OperationSchema,
      );
      if (op.status_code < 200) continue; // still running: wait again
      if (op.status_code !== 200)
        throw new LxdError(withElectionAdvice(op.err || op.status), op.status_code, r.method, r.path);
      return op;
    }
  }

  /** A checked GET: `get('/1.0/instances/c1', InstanceSchema)`. */
  get<T>(path: string, schema: RecordSchema<T>, project?: string): Promise<T> {
    return this.call({ method: 'GET', path, ...(project ? { project } : {}) }, schema);
  }
}
