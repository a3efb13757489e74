import * as vscode from 'vscode';
import { Agent, WebSocket } from 'undici';
import { LxdClient } from '../../../core/src/lxd/lxdClient';
import { parseEvent } from '../../../core/src/lxd/records/event';
import { findSocket } from '../../../core/src/lxd/socketPath';

/**
 * The LXD connection of the extension host (which runs on the LXD host, also over Remote-SSH):
 * a client for the REST API and a subscription to `/1.0/events` that announces changes,
 * debounced, so that views refresh without polling. Reconnects after a break.
 */
export class LxdConnection implements vscode.Disposable {
  private client: LxdClient | undefined;
  private socket: string | undefined;
  private ws: WebSocket | undefined;
  private agent: Agent | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when LXD reports a lifecycle event, or when the connection changes. */
  readonly onDidChange = this.changed.event;
  /** Why there is no connection, for the views: socket missing or not permitted. */
  problem: string | undefined;

  constructor(
    private readonly socketSetting: () => string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The API client, or undefined (with `problem` set) when no socket is found. */
  api(): LxdClient | undefined {
    const found = findSocket(process.env, this.socketSetting() || undefined);
    if (!found.path) {
      this.problem = `No LXD socket found (tried ${found.tried.join(', ')}). Install and start LXD, or set lxdops.socket.`;
      return undefined;
    }
    if (found.path !== this.socket) {
      void this.client?.close();
      this.client = new LxdClient(found.path);
      this.socket = found.path;
      this.subscribe();
    }
    this.problem = undefined;
    return this.client;
  }

  get socketPath(): string | undefined {
    return this.socket;
  }

  /**
   * Announces a change within 300 ms (after our own operations too: ZFS has no change feed). Events
   * that arrive meanwhile join the same refresh, so that a busy host still refreshes every 300 ms.
   */
  fire(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.changed.fire();
    }, 300);
  }

  private subscribe(): void {
    this.ws?.close();
    void this.agent?.close();
    if (!this.socket || this.disposed) return;
    this.agent = new Agent({ connect: { socketPath: this.socket } });
    const ws = new WebSocket('ws://lxd/1.0/events?type=lifecycle&all-projects=true', {
      dispatcher: this.agent,
    } as never);
    this.ws = ws;
    ws.onmessage = (message) => this.onEvent(message.data);
    ws.onerror = () => this.log.debug('lxd events: connection error');
    ws.onclose = () => {
      if (this.disposed || this.ws !== ws) return;
      this.log.info('lxd events: disconnected; reconnecting in 5 s');
      this.reconnect = setTimeout(() => this.subscribe(), 5000);
    };
  }

  /** Every event announces a change; one that is not an event record is also logged. */
  private onEvent(data: unknown): void {
    try {
      parseEvent(String(data));
    } catch (e) {
      this.log.warn(`lxd events: ${(e as Error).message}`);
    }
    this.fire();
  }

  dispose(): void {
    this.disposed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    if (this.debounce) clearTimeout(this.debounce);
    this.ws?.close();
    void this.agent?.close();
    void this.client?.close();
    this.changed.dispose();
  }
}
