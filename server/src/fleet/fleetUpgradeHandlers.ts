import type { Connection } from 'vscode-languageserver';
import type { CheckOptions } from '../../../core/src/check/resolveRoot';
import type { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import { fleetConfigsOf } from '../../../core/src/fleet/fleetConfig';
import { chooseHosts, openFleetHosts, upgradeHostsOf } from '../../../core/src/fleet/fleetHosts';
import { prepareUpgrade } from '../../../core/src/fleet/upgradePrepare';
import { runUpgrade } from '../../../core/src/fleet/upgradeRun';
import type { FleetUpgradeRequest, PreparedUpgrade, UpgradeHost } from '../../../core/src/fleet/upgradeTypes';
import { FileLockStore } from '../../../core/src/host/fileLockStore';
import type { HostList } from '../../../core/src/hosts/hostEntry';
import { probeRemote } from '../../../core/src/lxd/remoteProbe';
import type { LockStore } from '../../../core/src/operations/lockStore';
import {
  FLEET_EVENT_NOTIFICATION,
  type FleetApplyResult,
  type FleetEvent,
  type FleetPrepareResult,
  type FleetUpgradeParams,
} from '../../../core/src/protocol';
import type { Positions } from '../positions';
import { wireBlocker } from '../operations/toProtocol';
import { uriToPath } from '../uris';
import type { FleetServer } from './fleetHandlers';
import { wirePrepared } from './fleetWire';

/** What the upgrade handlers need beyond the status: the files, check options and positions. */
export interface FleetUpgradeServer extends FleetServer {
  readonly positions: Positions;
  workspace(): ConfigWorkspace;
  checkOptions(): CheckOptions;
}

/** A prepared upgrade kept by id: its request and hosts (apply plans it again on the same ones). */
interface Kept {
  request: FleetUpgradeRequest;
  hosts: string[] | undefined;
}

const positive = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;

/** The upgrade the params ask for, over the workspace's configs; odd values are dropped. */
function requestOf(p: FleetUpgradeParams, server: FleetUpgradeServer): FleetUpgradeRequest {
  const parallel = positive(p.parallel) ?? 1;
  const maxFailures = positive(p.maxFailures);
  const timeout = positive(p.healthTimeoutSeconds);
  return {
    template: uriToPath(p.uri),
    configs: fleetConfigsOf([...server.rootResults()].filter((r) => r.root.startsWith('/'))).configs,
    ...(p.snapshot === true || typeof p.snapshot === 'string' ? { snapshot: p.snapshot } : {}),
    ...(p.template === 'rebuild' || p.template === 'configure' ? { templateCommand: p.template } : {}),
    parallel,
    ...(maxFailures !== undefined ? { maxFailures } : {}),
    rebuild: {
      ...(typeof p.healthCommand === 'string' && p.healthCommand ? { healthCommand: p.healthCommand } : {}),
      ...(timeout !== undefined ? { healthTimeoutSeconds: timeout } : {}),
    },
    check: server.checkOptions(),
  };
}

/** `lxdops/fleetPrepare` and `lxdops/fleetApply`: the core's fleet upgrade for the editor. */
export class FleetUpgradeHandlers {
  private readonly kept = new Map<string, Kept>();
  private next = 1;

  constructor(
    private readonly connection: Connection,
    private readonly server: FleetUpgradeServer,
    private readonly discover: () => HostList,
    private readonly locks: LockStore = new FileLockStore(),
  ) {}

  /** Runs `use` on the hosts named (all discovered when none), their doors closed after. */
  private async onHosts<T>(
    names: string[] | undefined,
    use: (hosts: UpgradeHost[]) => Promise<T>,
  ): Promise<T> {
    const opened = openFleetHosts(chooseHosts(this.discover(), names).entries, process.env);
    try {
      const shared = { workspace: () => this.server.workspace(), probeRemote, locks: this.locks };
      return await use(upgradeHostsOf(opened.hosts, shared));
    } finally {
      await opened.close();
    }
  }

  private answer(result: PreparedUpgrade, kept: Kept): FleetPrepareResult {
    if (!result.ok)
      return {
        blockers: result.blockers.map((b) => wireBlocker(this.server.positions, b)),
        planText: '',
        clones: [],
        skipped: [],
        kept: [],
        notes: [],
      };
    const id = `fleet-${this.next++}`;
    this.kept.set(id, kept);
    return { id, blockers: [], ...wirePrepared(result.hosts, result.notes) };
  }

  async prepare(p: FleetUpgradeParams): Promise<FleetPrepareResult> {
    await this.server.ready();
    this.server.sync();
    const kept = { request: requestOf(p, this.server), hosts: Array.isArray(p.hosts) ? p.hosts : undefined };
    const result = await this.onHosts(kept.hosts, (hosts) => prepareUpgrade(kept.request, hosts));
    return this.answer(result, kept);
  }

  async apply(p: { id: string }): Promise<FleetApplyResult> {
    const kept = this.kept.get(p?.id);
    if (!kept) throw new Error(`no prepared fleet upgrade ${String(p?.id)}: prepare it again`);
    this.kept.delete(p.id);
    await this.server.ready();
    this.server.sync();
    return this.onHosts(kept.hosts, async (hosts) => {
      const again = await prepareUpgrade(kept.request, hosts);
      if (!again.ok) throw new Error(again.blockers.map((b) => b.message).join('; '));
      const result = await runUpgrade(kept.request, again.hosts, hosts, {
        onProgress: (e) => {
          const event: FleetEvent = { id: p.id, ...e };
          void this.connection.sendNotification(FLEET_EVENT_NOTIFICATION, event);
        },
        onLog: (line) => this.connection.console.warn(`lxdops: ${line}`),
      });
      return { clones: result.clones, summary: result.summary };
    });
  }
}
