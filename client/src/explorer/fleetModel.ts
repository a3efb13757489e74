import * as vscode from 'vscode';
import type { FleetStatus } from '../../../core/src/fleet/fleetTypes';
import type { FleetEvent } from '../../../core/src/protocol';
import { type LiveClone, liveKey, liveOf } from '../model/fleetLive';
import { FreshRun } from '../model/freshRun';
import type { ServerApi } from '../serverApi';
import type { ExplorerModel } from './model';

/** LXD events come in bursts (an upgrade makes dozens): one fleet read for a burst. */
const DEBOUNCE_MS = 300;

/**
 * The fleet as the server computes it (templates, snapshots, clones), read again when the configs
 * or a host's listing change (the explorer model's events: server notifications, LXD events and
 * the refresh after every operation), and the live status of each clone while an upgrade runs.
 */
export class FleetModel implements vscode.Disposable {
  /** Undefined until the server first answers. */
  status: FleetStatus | undefined;
  /** Why the server gave no fleet (the last read failed). */
  problem: string | undefined;
  private readonly live = new Map<string, LiveClone>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly run = new FreshRun(() => this.fetch());
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly server: ServerApi,
    explorer: ExplorerModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      explorer.onDidChangeConfigs(() => this.schedule()),
      explorer.onDidChangeLxd(() => this.schedule()),
    ];
  }

  /** Reads the fleet again; resolves when a read that started after the call has answered. */
  refresh(): Promise<void> {
    return this.run.request();
  }

  liveOf(host: string, instance: string): LiveClone | undefined {
    return this.live.get(liveKey(host, instance));
  }

  /** Every clone's live status of the running upgrade. */
  get liveClones(): LiveClone[] {
    return [...this.live.values()];
  }

  /** One event of a running upgrade: the clone's node shows it at once. */
  setLive(e: FleetEvent): void {
    this.live.set(liveKey(e.host, e.instance), liveOf(e));
    this.changed.fire();
  }

  /** The upgrade ended: the nodes show the states the server reads again. */
  clearLive(): void {
    this.live.clear();
    this.changed.fire();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  private async fetch(): Promise<void> {
    const before = JSON.stringify([this.status, this.problem]);
    try {
      this.status = await this.server.fleetStatus();
      this.problem = undefined;
    } catch (e) {
      this.problem = (e as Error).message;
      this.log.error(`lxdops/fleetStatus: ${this.problem}`);
    }
    // every LXD event reads the fleet again: a tree that re-renders when nothing changed drops
    // the user's hovers and (seen in CI) can take the focus from an open quick pick
    if (JSON.stringify([this.status, this.problem]) !== before) this.changed.fire();
    // the Fleet view shows once the workspace has a template: no empty view squeezes the others
    const hasTemplates = (this.status?.templates.length ?? 0) > 0;
    void vscode.commands.executeCommand('setContext', 'lxdops.fleet.hasTemplates', hasTemplates);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
