import type { Connection } from 'vscode-languageserver';
import type { CheckOptions } from '../../../core/src/check/resolveRoot';
import type { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import type { CommandOptions } from '../../../core/src/engine/engine';
import { timestampName } from '../../../core/src/engine/snapshotPlans';
import { FileLockStore } from '../../../core/src/host/fileLockStore';
import { LxdError } from '../../../core/src/lxd/lxdError';
import { openDoors, type OpenDoors } from '../../../core/src/lxd/openDoors';
import { probeRemote } from '../../../core/src/lxd/remoteProbe';
import { apply } from '../../../core/src/operations/apply';
import { prepare } from '../../../core/src/operations/prepare';
import type { LockStore } from '../../../core/src/operations/lockStore';
import type { Blocker, OperationEnv, Prepared, PrepareResult } from '../../../core/src/operations/types';
import {
  APPLY_REQUEST,
  type ApplyParams,
  type ApplyResult,
  CANCEL_NOTIFICATION,
  type CancelParams,
  CONTINUE_REQUEST,
  type ContinueParams,
  type ContinueResult,
  OPERATION_EVENT_NOTIFICATION,
  PREPARE_REQUEST,
  type PrepareParams,
  type PrepareResult as WirePrepareResult,
} from '../../../core/src/protocol';
import type { Positions } from '../positions';
import { uriToPath } from '../uris';
import { wireBlocker, wireEvent, wireInstances, wireOutcome } from './toProtocol';
import { unreachableDoors } from '../../../core/src/operations/unreachableDoors';

/** What the handlers need from the server: its view of the files (open buffers over disk) and settings. */
export interface OperationHost {
  readonly positions: Positions;
  readonly settings: { socket: string };
  /** Resolves once the client's settings are in. */
  ready(): Promise<void>;
  /** Brings the server up to date with every change received so far. */
  sync(): void;
  /** A fresh view of the files, open buffers first. */
  workspace(): ConfigWorkspace;
  /** The check options of the settings (properties, global properties file, project). */
  checkOptions(): CheckOptions;
}

export type DoorOpener = (socket: string) => OpenDoors;

function commandOptions(p: PrepareParams): CommandOptions {
  const o = p.options ?? {};
  const snapshotName = o.snapshotName ?? (p.command === 'snapshot' ? timestampName(new Date()) : undefined);
  return { ...o, ...(snapshotName !== undefined ? { snapshotName } : {}) };
}

/**
 * `lxdops/prepare`, `lxdops/apply` and `lxdops/cancel`: the editor's door to the core's operation
 * pipeline. Prepared operations are kept by id until they are applied; apply re-plans first.
 */
export class OperationHandlers {
  private readonly prepared = new Map<string, Prepared>();
  private readonly running = new Map<string, AbortController>();
  private next = 1;

  constructor(
    private readonly connection: Connection,
    private readonly host: OperationHost,
    private readonly open: DoorOpener = (socket) => openDoors(socket),
    /** The instance locks, shared with the CLI of the same user (an instance held is a failed outcome). */
    private readonly locks: LockStore = new FileLockStore(),
  ) {}

  register(): void {
    this.connection.onRequest(PREPARE_REQUEST, (p: PrepareParams) => this.onPrepare(p));
    this.connection.onRequest(APPLY_REQUEST, (p: ApplyParams) => this.onApply(p));
    this.connection.onNotification(CANCEL_NOTIFICATION, (p: CancelParams) => this.running.get(p.id)?.abort());
  }

  private async withEnv<T>(use: (env: OperationEnv) => Promise<T>): Promise<T> {
    let doors: OpenDoors;
    try {
      doors = this.open(this.host.settings.socket);
    } catch (e) {
      if (!(e instanceof LxdError)) throw e;
      doors = unreachableDoors(e);
    }
    try {
      return await use({
        workspace: () => this.host.workspace(),
        doors,
        probeRemote: (url) => probeRemote(url),
        locks: this.locks,
      });
    } finally {
      await doors.close();
    }
  }

  private wire(result: PrepareResult): WirePrepareResult {
    const positions = this.host.positions;
    if (!result.ok) return { blockers: result.blockers.map((b) => wireBlocker(positions, b)), instances: [] };
    const id = `op-${this.next++}`;
    this.prepared.set(id, result.prepared);
    return { id, blockers: [], instances: wireInstances(positions, result.prepared) };
  }

  private async onPrepare(p: PrepareParams): Promise<WirePrepareResult> {
    await this.host.ready();
    this.host.sync();
    const request = {
      command: p.command,
      roots: p.uris.map(uriToPath),
      options: commandOptions(p),
      check: this.host.checkOptions(),
    };
    return this.wire(await this.withEnv((env) => prepare(request, env)));
  }

  private async onApply(p: ApplyParams): Promise<ApplyResult> {
    const prepared = this.prepared.get(p.id);
    if (!prepared) {
      const gone: Blocker = {
        stage: 'plan',
        code: 'plan-refused',
        message: `no prepared operation ${p.id}: prepare it again`,
      };
      return { replanned: this.wire({ ok: false, blockers: [gone] }), outcomes: [] };
    }
    await this.host.ready();
    this.host.sync();
    const abort = new AbortController();
    this.running.set(p.id, abort);
    try {
      const result = await this.withEnv((env) => apply(prepared, env, this.callbacks(p.id, abort.signal)));
      if (result.kind === 'blocked')
        return { replanned: this.wire({ ok: false, blockers: result.blockers }), outcomes: [] };
      if (result.kind === 'replanned')
        return { replanned: this.wire({ ok: true, prepared: result.prepared }), outcomes: [] };
      this.prepared.delete(p.id);
      return { outcomes: result.outcomes.map(wireOutcome) };
    } finally {
      this.running.delete(p.id);
    }
  }

  private callbacks(id: string, signal: AbortSignal) {
    return {
      signal,
      onEvent: (plan: { instance: string }, e: Parameters<typeof wireEvent>[2]) => {
        const event = wireEvent(id, plan.instance, e);
        if (event) void this.connection.sendNotification(OPERATION_EVENT_NOTIFICATION, event);
      },
      onLog: (line: string) => this.connection.console.warn(`lxdops: ${line}`),
      continueAfterFailure: async (failed: Parameters<typeof wireOutcome>[0], remaining: string[]) => {
        const params: ContinueParams = { id, failed: wireOutcome(failed), remaining };
        try {
          const answer = (await this.connection.sendRequest(CONTINUE_REQUEST, params)) as ContinueResult;
          return answer?.continue === true;
        } catch {
          return false; // a client that cannot answer: stop, the safe default
        }
      },
    };
  }
}
