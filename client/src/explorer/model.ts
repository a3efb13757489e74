import * as vscode from 'vscode';
import type { ConfigSummary } from '../../../core/src/protocol';
import { listHost, type LxdListing } from '../../../core/src/hosts/hostListing';
import { HostTimeoutError, hostAdvice } from '../host/hostAdvice';
import type { HostConnections } from '../host/hostConnections';
import { LxdConnection } from '../host/lxdConnection';
import { type ConfigStatus, configStatus, type LxdSide } from '../model/configState';
import { FreshRun } from '../model/freshRun';
import type { ServerApi } from '../serverApi';
import { HostState } from './hostState';

/** Every host answers, or is shown with its message, within this. */
export const LIST_SECONDS = 10;

/** What ties instances to configs: when it changes, the LXD side is listed again. */
function linkKey(configs: readonly ConfigSummary[]): string {
  return JSON.stringify(configs.map((c) => [c.uri, c.instance, c.project, c.profile, c.filesystems]));
}

function withDeadline<T>(work: Promise<T>, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HostTimeoutError(host, LIST_SECONDS)), LIST_SECONDS * 1000);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** A config's instance on one host (the Configs view shows one child per host where it exists). */
export interface ConfigOnHost {
  host: string;
  status: ConfigStatus;
}

/**
 * The one model behind both views: the configs as the language server knows them, and one
 * listing per host, each by its own FreshRun (a host that fails or hangs holds no other). A host's
 * event lists that host again; a server notification asks for the configs again (and lists every
 * host only when what ties instances to configs changed).
 */
export class ExplorerModel implements vscode.Disposable {
  /** Undefined until the server first answers. */
  configs: ConfigSummary[] | undefined;
  configsProblem: string | undefined;
  private states: HostState[] = [];
  /** The hosts were discovered once (until then the Instances view says it is listing). */
  discovered = false;
  private readonly configsChanged = new vscode.EventEmitter<void>();
  private readonly lxdChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeConfigs = this.configsChanged.event;
  readonly onDidChangeLxd = this.lxdChanged.event;
  private readonly configsRun = new FreshRun(() => this.fetchConfigs());
  private readonly noLocal: LxdConnection;

  constructor(
    private readonly server: ServerApi,
    readonly connections: HostConnections,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.noLocal = new LxdConnection(
      undefined,
      log,
      process.env,
      'No LXD socket found: install and start LXD, or set lxdops.socket.',
    );
  }

  /** The hosts in discovery order (local, incus-local, remotes, hosts.yaml, the setting). */
  get hosts(): readonly HostState[] {
    return this.states;
  }

  host(name: string): HostState | undefined {
    return this.states.find((s) => s.name === name);
  }

  /** The local LXD (`local`): what commands without a host use. */
  private get local(): HostState | undefined {
    return this.host('local');
  }

  get connection(): LxdConnection {
    return this.local?.connection ?? this.noLocal;
  }

  /** The local host's listing (commands that do not name a host read it). */
  get listing(): LxdListing | undefined {
    return this.local?.listing;
  }

  get lxdProblem(): string | undefined {
    const local = this.local;
    if (!local) return this.noLocal.problem;
    return local.advice ? `${local.advice.label}: ${local.advice.detail}` : undefined;
  }

  refreshConfigs(): Promise<void> {
    return this.configsRun.request();
  }

  /** Discovers the hosts again and lists each; resolves when every host has answered or timed out. */
  async refreshLxd(): Promise<void> {
    this.syncHosts();
    await Promise.all(this.states.map((s) => s.run.request()));
  }

  /** One host again (its events). */
  async refreshHost(name: string): Promise<void> {
    await this.host(name)?.run.request();
  }

  /** After an operation: both sides, each from a read that started now. */
  async refreshAll(): Promise<void> {
    await Promise.all([this.refreshConfigs(), this.refreshLxd()]);
  }

  lxdSide(): LxdSide {
    return this.local?.lxdSide() ?? { reachable: false, problem: this.lxdProblem ?? 'LXD is not reachable' };
  }

  /** Both sides have answered once (until then the views say they are reading). */
  get ready(): boolean {
    return this.configs !== undefined && (this.states.length === 0 || this.states.some((s) => s.settled));
  }

  statusOf(summary: ConfigSummary): ConfigStatus {
    return configStatus(summary, this.lxdSide());
  }

  /** The config's instance on every host where it exists, and the hosts that could not say. */
  statusesOf(summary: ConfigSummary): ConfigOnHost[] {
    return this.states.flatMap((s) => {
      const status = configStatus(summary, s.lxdSide());
      const exists = status.instance !== undefined || status.state === 'partially created';
      return exists || status.state === 'lxd unreachable' ? [{ host: s.name, status }] : [];
    });
  }

  private syncHosts(): void {
    const connections = this.connections.discover();
    this.discovered = true;
    this.states = connections.map(
      (c) => this.states.find((s) => s.connection === c) ?? new HostState(c, (s) => this.listOne(s)),
    );
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

  private async listOne(state: HostState): Promise<void> {
    const { connection } = state;
    try {
      const api = connection.api();
      if (!api) throw new Error(connection.problem ?? `${state.name} is not reachable`);
      const doors = { lxd: api, host: connection.runner, memberRunner: connection.memberRunner };
      state.listing = await withDeadline(listHost(doors, this.configs ?? []), state.name);
      state.advice = undefined;
    } catch (e) {
      state.advice = connection.host ? hostAdvice(connection.host, e) : undefined;
      this.log.warn(`${state.name}: ${state.advice?.code}: ${(e as Error).message}`);
    }
    if (this.states.includes(state)) this.lxdChanged.fire();
  }

  dispose(): void {
    this.noLocal.dispose();
    this.configsChanged.dispose();
    this.lxdChanged.dispose();
  }
}
