import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { discoverHosts } from '../../../core/src/hosts/discoverHosts';
import type { HostEntry, HostProblem } from '../../../core/src/hosts/hostEntry';
import { DiskFileSystem } from '../../../core/src/fs/diskFileSystem';
import { LxdConnection } from './lxdConnection';

/** The settings discovery reads (the `lxdops.hosts` setting may be absent from package.json: read defensively). */
function settingSources(): { socket?: string; setting?: unknown } {
  const config = vscode.workspace.getConfiguration('lxdops');
  const socket = config.get<string>('socket', '');
  const setting = config.get<unknown>('hosts');
  return { ...(socket ? { socket } : {}), ...(setting !== undefined ? { setting } : {}) };
}

const sameEntry = (a: HostEntry, b: HostEntry) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One LxdConnection per discovered host (the local sockets, the lxc and incus CLI remotes,
 * hosts.yaml / LXDOPS_HOSTS_FILE, the `lxdops.hosts` setting), in discovery order. `discover()`
 * reads the sources again and keeps the connections of hosts whose entry did not change.
 */
export class HostConnections implements vscode.Disposable {
  private connections: LxdConnection[] = [];
  /** Sources that could not be read (shown by the Instances view). */
  problems: HostProblem[] = [];
  private readonly changed = new vscode.EventEmitter<LxdConnection>();
  /** A host's events (debounced): list that host again. */
  readonly onDidChangeHost = this.changed.event;
  private readonly subscriptions = new Map<LxdConnection, vscode.Disposable>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  discover(): LxdConnection[] {
    const env = this.env;
    const hostsFile = env.LXDOPS_HOSTS_FILE;
    const list = discoverHosts({
      fs: new DiskFileSystem(),
      env,
      home: env.HOME || homedir(),
      ...settingSources(),
      ...(hostsFile ? { hostsFile } : {}),
    });
    this.problems = list.problems;
    const next = list.hosts.map(
      (entry) => this.connections.find((c) => c.host && sameEntry(c.host, entry)) ?? this.connect(entry),
    );
    for (const gone of this.connections.filter((c) => !next.includes(c))) this.drop(gone);
    this.connections = next;
    return next;
  }

  list(): readonly LxdConnection[] {
    return this.connections;
  }

  private connect(entry: HostEntry): LxdConnection {
    const connection = new LxdConnection(entry, this.log, this.env);
    this.subscriptions.set(
      connection,
      connection.onDidChange(() => this.changed.fire(connection)),
    );
    return connection;
  }

  private drop(connection: LxdConnection): void {
    this.subscriptions.get(connection)?.dispose();
    this.subscriptions.delete(connection);
    connection.dispose();
  }

  dispose(): void {
    for (const c of this.connections) this.drop(c);
    this.changed.dispose();
  }
}
