import * as vscode from 'vscode';
import type { ConfigSummary } from '../../../core/src/protocol';
import type { LxdConnection } from '../host/lxdConnection';
import { type ConfigStatus, configStatus, type LxdSide } from '../model/configState';
import { FreshRun } from '../model/freshRun';
import type { ServerApi } from '../serverApi';
import { listLxd, type LxdListing } from './lxdListing';

/** What ties instances to configs: when it changes, the LXD side is listed again. */
function linkKey(configs: readonly ConfigSummary[]): string {
  return JSON.stringify(configs.map((c) => [c.uri, c.instance, c.project, c.profile, c.filesystems]));
}

/**
 * The one model behind both views: the configs as the language server knows them, and the LXD
 * listing. An LXD event lists LXD again (not the configs); a server notification asks for the
 * configs again (and lists LXD only when what ties instances to configs changed).
 */
export class ExplorerModel implements vscode.Disposable {
  /** Undefined until the server first answers. */
  configs: ConfigSummary[] | undefined;
  configsProblem: string | undefined;
  listing: LxdListing | undefined;
  /** Why there is no listing; undefined while the first listing runs or when it worked. */
  lxdProblem: string | undefined;
  private readonly configsChanged = new vscode.EventEmitter<void>();
  private readonly lxdChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeConfigs = this.configsChanged.event;
  readonly onDidChangeLxd = this.lxdChanged.event;
  private readonly configsRun = new FreshRun(() => this.fetchConfigs());
  private readonly lxdRun = new FreshRun(() => this.listLxd());

  constructor(
    private readonly server: ServerApi,
    readonly connection: LxdConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refreshConfigs(): Promise<void> {
    return this.configsRun.request();
  }

  refreshLxd(): Promise<void> {
    return this.lxdRun.request();
  }

  /** After an operation: both sides, each from a read that started now. */
  async refreshAll(): Promise<void> {
    await Promise.all([this.refreshConfigs(), this.refreshLxd()]);
  }

  lxdSide(): LxdSide {
    if (!this.listing || this.lxdProblem)
      return { reachable: false, problem: this.lxdProblem ?? 'LXD has not been listed yet' };
    const l = this.listing;
    return {
      reachable: true,
      instances: l.instances,
      profiles: new Set(l.profiles.map((p) => `${p.project}/${p.name}`)),
      datasets: l.datasets,
    };
  }

  /** Both sides have answered once (until then the views say they are reading). */
  get ready(): boolean {
    return this.configs !== undefined && (this.listing !== undefined || this.lxdProblem !== undefined);
  }

  statusOf(summary: ConfigSummary): ConfigStatus {
    return configStatus(summary, this.lxdSide());
  }

  private async fetchConfigs(): Promise<void> {
    const before = linkKey(this.configs ?? []);
    try {
      this.configs = (await this.server.configs()).configs;
      this.configsProblem = undefined;
    } catch (e) {
      this.configsProblem = (e as Error).message;
      this.log.error(`lxdops/configs: ${this.configsProblem}`);
    }
    this.configsChanged.fire();
    if (linkKey(this.configs ?? []) !== before) void this.refreshLxd();
  }

  private async listLxd(): Promise<void> {
    const api = this.connection.api();
    if (!api) {
      this.lxdProblem = this.connection.problem ?? 'LXD is not reachable';
    } else {
      try {
        this.listing = await listLxd(api, this.configs ?? []);
        this.lxdProblem = undefined;
      } catch (e) {
        this.lxdProblem = `LXD is not reachable: ${(e as Error).message}`;
        this.log.warn(this.lxdProblem);
      }
    }
    this.lxdChanged.fire();
  }

  dispose(): void {
    this.configsChanged.dispose();
    this.lxdChanged.dispose();
  }
}
