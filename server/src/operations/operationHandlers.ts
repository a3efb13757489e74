import { rebuildStamp } from '../../../core/src/engine/safe/safeNames';
import type { Connection } from 'vscode-languageserver';
import type { CheckOptions } from '../../../core/src/check/resolveRoot';
import type { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import type { CommandOptions } from '../../../core/src/engine/engine';
import { timestampName } from '../../../core/src/engine/snapshotPlans';
import { FileLockStore } from '../../../core/src/host/fileLockStore';
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
  HOSTS_REQUEST,
  INSTANCES_REQUEST,
  type InstancesParams,
  type InstancesResult,
  type HostsParams,
  type HostsResult,
  PREPARE_REQUEST,
  type PrepareParams,
  type PrepareResult as WirePrepareResult,
} from '../../../core/src/protocol';
import type { Positions } from '../positions';
import { uriToPath } from '../uris';
import { wireBlocker, wireEvent, wireInstances, wireOutcome } from './toProtocol';
import { probeHost } from '../../../core/src/hosts/probeHost';
import { discoverFromSettings, type HostDiscovery, type HostSettings } from '../hosts/hostSources';
import { doorsOfHost, type OpenedHost } from '../hosts/operationDoors';
import { probedHosts } from '../hosts/wireHosts';
import { hostInstances } from '../hosts/hostInstances';

/** What the handlers need from the server: its view of the files (open buffers over disk) and settings. */
export interface OperationHost {
  readonly positions: Positions;
  readonly settings: HostSettings;
  /** Resolves once the client's settings are in. */
  ready(): Promise<void>;
  /** Brings the server up to date with every change received so far. */
  sync(): void;
  /** A fresh view of the files, open buffers first. */
  workspace(): ConfigWorkspace;
  /** The check options of the settings (properties, global properties file, project). */
  checkOptions(): CheckOptions;
}

/** Opens the doors of the host an operation names (or refuses the name). */
export type DoorOpener = (host: string | undefined, settings: HostSettings) => OpenedHost;

/** A prepared operation and the host it was planned against (apply runs on the same one). */
interface PreparedOn {
  prepared: Prepared;
  host: string | undefined;
}

function commandOptions(p: PrepareParams): CommandOptions {
  const o = p.options ?? {};
  const snapshotName = o.snapshotName ?? (p.command === 'snapshot' ? timestampName(new Date()) : undefined);
  // chosen once here, so that apply (which plans again) makes the same kept and snapshot names
  const stamp = p.command === 'rebuild' ? { rebuildStamp: rebuildStamp(new Date()) } : {};
  return { ...o, ...(snapshotName !== undefined ? { snapshotName } : {}), ...stamp };
}

/**
 * `lxdops/prepare`, `lxdops/apply` and `lxdops/cancel`: the editor's door to the core's operation
 * pipeline. Prepared operations are kept by id until they are applied; apply re-plans first.
 */
export class OperationHandlers {
  private readonly prepared = new Map<string, PreparedOn>();
  private readonly running = new Map<string, AbortController>();
  private next = 1;

  constructor(
    private readonly connection: Connection,
    private readonly host: OperationHost,
    /** Every host there is (the CLI's sources and `lxdops.hosts`). */
    private readonly discover: HostDiscovery = (settings) => discoverFromSettings(settings),
    /** The instance locks, shared with the CLI of the same user (an instance held is a failed outcome). */
    private readonly locks: LockStore = new FileLockStore(),
    private readonly open: DoorOpener = (host, settings) => doorsOfHost(host, settings, this.discover),
  ) {}

  register(): void {
    this.connection.onRequest(PREPARE_REQUEST, (p: PrepareParams) => this.onPrepare(p));
    this.connection.onRequest(APPLY_REQUEST, (p: ApplyParams) => this.onApply(p));
    this.connection.onRequest(HOSTS_REQUEST, (p: HostsParams) => this.onHosts(p));
    this.connection.onRequest(INSTANCES_REQUEST, (p: InstancesParams) => this.onInstances(p));
    this.connection.onNotification(CANCEL_NOTIFICATION, (p: CancelParams) => this.running.get(p.id)?.abort());
  }

  /** Runs `use` with the doors of the host named; a host that cannot be named answers `refused`. */
  private async withEnv<T>(
    hostName: string | undefined,
    use: (env: OperationEnv) => Promise<T>,
    refused: (blocker: Blocker) => T,
  ): Promise<T> {
    const opened = this.open(hostName, this.host.settings);
    if (!opened.ok) return refused(opened.blocker);
    const { doors, host } = opened;
    try {
      return await use({
        workspace: () => this.host.workspace(),
        doors,
        probeRemote: (url) => probeRemote(url),
        locks: this.locks,
        host,
      });
    } finally {
      await doors.close();
    }
  }

  private wire(result: PrepareResult, host: string | undefined): WirePrepareResult {
    const positions = this.host.positions;
    const where = {
      host: host ?? 'local',
      ...(result.ok && result.prepared.request.options.target
        ? { target: result.prepared.request.options.target }
        : {}),
    };
    if (!result.ok)
      return { ...where, blockers: result.blockers.map((b) => wireBlocker(positions, b)), instances: [] };
    const id = `op-${this.next++}`;
    this.prepared.set(id, { prepared: result.prepared, host });
    return { id, ...where, blockers: [], instances: wireInstances(positions, result.prepared) };
  }

  private async onHosts(p: HostsParams): Promise<HostsResult> {
    await this.host.ready();
    const names = Array.isArray(p?.names) ? p.names.filter((n) => typeof n === 'string') : undefined;
    return probedHosts(this.discover(this.host.settings), names, probeHost);
  }

  private async onInstances(p: InstancesParams): Promise<InstancesResult> {
    await this.host.ready();
    return hostInstances(this.open(typeof p?.host === 'string' ? p.host : undefined, this.host.settings));
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
    const result = await this.withEnv(
      p.host,
      (env) => prepare(request, env),
      (blocker): PrepareResult => ({ ok: false, blockers: [blocker] }),
    );
    return this.wire(result, p.host);
  }

  private async onApply(p: ApplyParams): Promise<ApplyResult> {
    const entry = this.prepared.get(p.id);
    if (!entry) {
      const gone: Blocker = {
        stage: 'plan',
        code: 'plan-refused',
        message: `no prepared operation ${p.id}: prepare it again`,
      };
      return { replanned: this.wire({ ok: false, blockers: [gone] }, undefined), outcomes: [] };
    }
    const { prepared, host } = entry;
    await this.host.ready();
    this.host.sync();
    const abort = new AbortController();
    this.running.set(p.id, abort);
    try {
      const result = await this.withEnv(
        host,
        (env) => apply(prepared, env, this.callbacks(p.id, abort.signal)),
        (blocker) => ({ kind: 'blocked' as const, blockers: [blocker] }),
      );
      if (result.kind === 'blocked')
        return { replanned: this.wire({ ok: false, blockers: result.blockers }, host), outcomes: [] };
      if (result.kind === 'replanned')
        return { replanned: this.wire({ ok: true, prepared: result.prepared }, host), outcomes: [] };
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
