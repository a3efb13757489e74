import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  APPLY_REQUEST,
  type ApplyParams,
  type ApplyResult,
  CANCEL_NOTIFICATION,
  CONFIGS_CHANGED_NOTIFICATION,
  CONFIGS_REQUEST,
  type ConfigsResult,
  CONTINUE_REQUEST,
  type ContinueParams,
  FLEET_APPLY_REQUEST,
  FLEET_EVENT_NOTIFICATION,
  FLEET_PREPARE_REQUEST,
  FLEET_STATUS_REQUEST,
  type FleetApplyResult,
  type FleetEvent,
  type FleetPrepareResult,
  type FleetStatusParams,
  type FleetStatusResult,
  type FleetUpgradeParams,
  HOSTS_REQUEST,
  INSTANCES_REQUEST,
  type InstancesResult,
  type HostsParams,
  type HostsResult,
  type ContinueResult,
  OPERATION_EVENT_NOTIFICATION,
  type OperationEvent,
  PREPARE_REQUEST,
  type PrepareParams,
  type PrepareResult,
} from '../../core/src/protocol';

/**
 * The client's side of the custom lxdops/* messages: everything about configs and operations is
 * asked of the language server, which answers from the open buffers over disk.
 */
export class ServerApi implements vscode.Disposable {
  private readonly configsChanged = new vscode.EventEmitter<void>();
  private readonly operationEvent = new vscode.EventEmitter<OperationEvent>();
  private readonly fleetEvent = new vscode.EventEmitter<FleetEvent>();
  /** The server's answer to `lxdops/configs` may have changed. */
  readonly onConfigsChanged = this.configsChanged.event;
  readonly onOperationEvent = this.operationEvent.event;
  /** The live status of one clone during a fleet upgrade. */
  readonly onFleetEvent = this.fleetEvent.event;
  private askContinue: (p: ContinueParams) => Promise<boolean> = async () => false;
  private readonly started: Promise<void>;

  constructor(private readonly client: LanguageClient) {
    this.started = this.listen();
  }

  private async listen(): Promise<void> {
    await this.client.start();
    this.client.onNotification(CONFIGS_CHANGED_NOTIFICATION, () => this.configsChanged.fire());
    this.client.onNotification(OPERATION_EVENT_NOTIFICATION, (e: OperationEvent) =>
      this.operationEvent.fire(e),
    );
    this.client.onNotification(FLEET_EVENT_NOTIFICATION, (e: FleetEvent) => this.fleetEvent.fire(e));
    this.client.onRequest(CONTINUE_REQUEST, async (p: ContinueParams): Promise<ContinueResult> => ({
      continue: await this.askContinue(p),
    }));
  }

  /** Resolves when the server is up (the first request waits for it). */
  ready(): Promise<void> {
    return this.started;
  }

  /** Who answers `lxdops/continueAfterFailure` (the operation runner asks the user). */
  onContinueRequest(ask: (p: ContinueParams) => Promise<boolean>): void {
    this.askContinue = ask;
  }

  async configs(): Promise<ConfigsResult> {
    await this.started;
    return this.client.sendRequest<ConfigsResult>(CONFIGS_REQUEST, {});
  }

  async prepare(params: PrepareParams): Promise<PrepareResult> {
    await this.started;
    return this.client.sendRequest<PrepareResult>(PREPARE_REQUEST, params);
  }

  async apply(params: ApplyParams): Promise<ApplyResult> {
    await this.started;
    return this.client.sendRequest<ApplyResult>(APPLY_REQUEST, params);
  }

  /** The discovered hosts, probed (each within 10 s). */
  async hosts(params: HostsParams = {}): Promise<HostsResult> {
    await this.started;
    return this.client.sendRequest<HostsResult>(HOSTS_REQUEST, params);
  }

  /** The instances of one host, for quick picks. */
  async instances(host: string): Promise<InstancesResult> {
    await this.started;
    return this.client.sendRequest<InstancesResult>(INSTANCES_REQUEST, { host });
  }

  /** Templates, their snapshots and clones on the hosts (absent: every host). */
  async fleetStatus(params: FleetStatusParams = {}): Promise<FleetStatusResult> {
    await this.started;
    return this.client.sendRequest<FleetStatusResult>(FLEET_STATUS_REQUEST, params);
  }

  /** Plans an upgrade of a template's stale clones; changes nothing. */
  async fleetPrepare(params: FleetUpgradeParams): Promise<FleetPrepareResult> {
    await this.started;
    return this.client.sendRequest<FleetPrepareResult>(FLEET_PREPARE_REQUEST, params);
  }

  /** Runs a prepared upgrade; resolves with the summary when every clone has finished. */
  async fleetApply(id: string): Promise<FleetApplyResult> {
    await this.started;
    return this.client.sendRequest<FleetApplyResult>(FLEET_APPLY_REQUEST, { id });
  }

  cancel(id: string): void {
    void this.client.sendNotification(CANCEL_NOTIFICATION, { id });
  }

  dispose(): void {
    this.configsChanged.dispose();
    this.operationEvent.dispose();
    this.fleetEvent.dispose();
  }
}
