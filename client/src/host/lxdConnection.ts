import * as vscode from 'vscode';
import type { HostRunner } from '../../../core/src/engine/doors';
import { hostRunner, sshOptionsFrom } from '../../../core/src/hosts/hostDoors';
import { SshHostRunner } from '../../../core/src/host/sshHostRunner';
import type { HostEntry } from '../../../core/src/hosts/hostEntry';
import { endpointAddress } from '../../../core/src/lxd/endpoint';
import { EventStream, type EventStreamState } from '../../../core/src/lxd/eventStream';
import { LxdClient } from '../../../core/src/lxd/lxdClient';

/**
 * The connection of the extension host to ONE host (the local socket, Incus, a remote over HTTPS):
 * a client for the REST API, the runner of its host commands (local, or SSH), and a subscription
 * to its lifecycle events that announces changes, debounced, so that views refresh without
 * polling. A cluster has one connection: its stream carries every member's events.
 */
export class LxdConnection implements vscode.Disposable {
  private client: LxdClient | undefined;
  private stream: EventStream | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when the host reports a lifecycle event, or when the stream (re)opens. */
  readonly onDidChange = this.changed.event;
  /** Why there is no API client (a certificate file that cannot be read, no local socket). */
  problem: string | undefined;
  /** The state of the event stream, for the tooltip. */
  events: EventStreamState = { state: 'connecting' };
  readonly runner: HostRunner;
  private readonly memberRunners = new Map<string, HostRunner>();

  constructor(
    /** Undefined: no local socket was found (`problem` says what was tried). */
    readonly host: HostEntry | undefined,
    private readonly log: vscode.LogOutputChannel,
    env: Record<string, string | undefined> = process.env,
    missing = 'LXD is not reachable',
  ) {
    this.runner = hostRunner(
      host ?? { name: 'local', endpoint: { kind: 'socket', path: '' }, source: '' },
      env,
    );
    if (!host) this.problem = missing;
    this.env = env;
  }

  private readonly env: Record<string, string | undefined>;

  /** A cluster member's runner: over SSH to its destination of the entry's `members` (none: undefined). */
  memberRunner = (member: string): HostRunner | undefined => {
    const members = this.host?.members;
    const destination = members && Object.hasOwn(members, member) ? members[member] : undefined;
    if (destination === undefined) return undefined;
    if (!this.memberRunners.has(member))
      this.memberRunners.set(member, new SshHostRunner(destination, sshOptionsFrom(this.env)));
    return this.memberRunners.get(member);
  };

  get name(): string {
    return this.host?.name ?? 'local';
  }

  /** The API client (opened once, with the event stream), or undefined with `problem` set. */
  api(): LxdClient | undefined {
    if (!this.host) return undefined;
    if (this.client) return this.client;
    try {
      this.client = new LxdClient(this.host.endpoint);
    } catch (e) {
      this.problem = (e as Error).message;
      return undefined;
    }
    this.problem = undefined;
    this.subscribe(this.host);
    return this.client;
  }

  get socketPath(): string | undefined {
    return this.host?.endpoint.kind === 'socket' ? this.host.endpoint.path : undefined;
  }

  get address(): string {
    return this.host ? endpointAddress(this.host.endpoint) : '';
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

  private subscribe(host: HostEntry): void {
    this.stream = new EventStream(host.endpoint, {
      onEvent: () => this.fire(),
      onInvalid: (message) => this.log.warn(`${host.name} events: ${message}`),
      onState: (state) => this.onStreamState(host, state),
    });
    this.stream.start();
  }

  private onStreamState(host: HostEntry, state: EventStreamState): void {
    const reopened = state.state === 'open' && this.events.state === 'closed';
    this.events = state;
    if (state.state === 'closed')
      this.log.info(`${host.name} events: ${state.reason}; again in ${state.retrySeconds} s`);
    if (reopened) this.fire(); // what happened while the stream was down is listed now
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.stream?.close();
    void this.client?.close().catch(() => undefined);
    this.changed.dispose();
  }
}
