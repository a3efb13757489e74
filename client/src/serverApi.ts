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
  /** The server's answer to `lxdops/configs` may have changed. */
  readonly onConfigsChanged = this.configsChanged.event;
  readonly onOperationEvent = this.operationEvent.event;
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

  cancel(id: string): void {
    void this.client.sendNotification(CANCEL_NOTIFICATION, { id });
  }

  dispose(): void {
    this.configsChanged.dispose();
    this.operationEvent.dispose();
  }
}
