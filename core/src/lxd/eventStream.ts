import { type Agent, WebSocket } from 'undici';
import { openAgent } from './agent';
import type { LxdEndpoint } from './endpoint';
import { LxdClient } from './lxdClient';
import { type EventRecord, parseEvent } from './records/event';
import { ServerSchema } from './records/server';

/** Seconds between a break of the stream and the next attempt. */
export const RETRY_SECONDS = 5;

export type EventStreamState =
  | { state: 'connecting' }
  | { state: 'open' }
  /** Not connected; `reason` says why and what to do; another attempt follows in `retrySeconds`. */
  | { state: 'closed'; reason: string; retrySeconds: number };

export interface EventStreamOptions {
  onEvent: (event: EventRecord) => void;
  onState?: (state: EventStreamState) => void;
  /** A message that is not an event record (logged; the stream goes on). */
  onInvalid?: (message: string) => void;
  /** Event types to subscribe to (default: lifecycle). */
  types?: readonly string[];
  retrySeconds?: number;
}

/** `ws://lxd/1.0/events?...` over the socket, `wss://HOST:PORT/1.0/events?...` over HTTPS. */
export function eventsUrl(endpoint: LxdEndpoint, types: readonly string[]): string {
  const query = `/1.0/events?type=${types.map(encodeURIComponent).join(',')}&all-projects=true`;
  if (endpoint.kind === 'socket') return `ws://lxd${query}`;
  return `${endpoint.url.replace(/^https:/, 'wss:').replace(/\/+$/, '')}${query}`;
}

/**
 * Why the websocket did not open: undici's error event carries no cause, so one verified `GET /1.0`
 * over the same endpoint says it (a certificate that is not the pinned one names both fingerprints).
 */
async function whyRefused(endpoint: LxdEndpoint): Promise<string> {
  let client: LxdClient | undefined;
  try {
    client = new LxdClient(endpoint);
    await client.get('/1.0', ServerSchema);
    return 'the server answers but refused the events websocket: is this client trusted (lxc config trust add)?';
  } catch (e) {
    return (e as Error).message;
  } finally {
    void client?.close().catch(() => undefined);
  }
}

/**
 * LXD's (or Incus') event stream of one server: a websocket over the unix socket or over HTTPS with
 * the same pinned TLS as every request (verification is never turned off). It reconnects after a
 * break. A cluster needs one stream: any member sends every member's events, each with `location`.
 */
export class EventStream {
  private ws: WebSocket | undefined;
  private agent: Agent | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly endpoint: LxdEndpoint,
    private readonly options: EventStreamOptions,
  ) {}

  /** Opens the stream (again, after close of a previous socket). */
  start(): void {
    if (this.closed) return;
    this.drop();
    this.options.onState?.({ state: 'connecting' });
    let opened: { agent: Agent };
    try {
      opened = openAgent(this.endpoint, 0);
    } catch (e) {
      this.scheduleRetry((e as Error).message);
      return;
    }
    this.agent = opened.agent;
    const ws = new WebSocket(eventsUrl(this.endpoint, this.options.types ?? ['lifecycle']), {
      dispatcher: opened.agent,
    } as never);
    this.ws = ws;
    let open = false;
    ws.onopen = () => {
      open = true;
      this.options.onState?.({ state: 'open' });
    };
    ws.onmessage = (message) => this.onMessage(String(message.data));
    ws.onclose = () => {
      if (this.closed || this.ws !== ws) return;
      if (open) this.scheduleRetry('the event stream closed');
      else void whyRefused(this.endpoint).then((reason) => this.ws === ws && this.scheduleRetry(reason));
    };
  }

  private onMessage(text: string): void {
    let event: EventRecord;
    try {
      event = parseEvent(text);
    } catch (e) {
      this.options.onInvalid?.((e as Error).message);
      return;
    }
    this.options.onEvent(event);
  }

  private scheduleRetry(reason: string): void {
    if (this.closed) return;
    const retrySeconds = this.options.retrySeconds ?? RETRY_SECONDS;
    this.options.onState?.({ state: 'closed', reason, retrySeconds });
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => this.start(), retrySeconds * 1000);
  }

  private drop(): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
    void this.agent?.close().catch(() => undefined);
    this.agent = undefined;
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.drop();
  }
}
