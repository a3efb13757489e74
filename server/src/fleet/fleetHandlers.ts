import type { Connection } from 'vscode-languageserver';
import type { RootResult } from '../../../core/src/check/resolveRoot';
import type { FleetStatus } from '../../../core/src/fleet/fleetTypes';
import {
  FLEET_APPLY_REQUEST,
  FLEET_PREPARE_REQUEST,
  FLEET_STATUS_REQUEST,
  type FleetStatusParams,
  type FleetUpgradeParams,
} from '../../../core/src/protocol';
import { discoverFromSettings, type HostDiscovery, type HostSettings } from '../hosts/hostSources';
import { fleetStatusOf } from './fleetStatus';
import { FleetUpgradeHandlers, type FleetUpgradeServer } from './fleetUpgradeHandlers';

/** What the fleet handlers need from the server: its settings and its checked root configs. */
export interface FleetServer {
  readonly settings: HostSettings;
  ready(): Promise<void>;
  sync(): void;
  /** The root configs as the checker has them now (open buffers over disk). */
  rootResults(): Iterable<RootResult>;
}

/** The names of a request's `hosts`, strings only; absent or empty: every host. */
function hostNames(p: FleetStatusParams | undefined): string[] | undefined {
  const names = Array.isArray(p?.hosts) ? p.hosts.filter((h): h is string => typeof h === 'string') : [];
  return names.length ? names : undefined;
}

/** The editor's door to the core's fleet: status now, the upgrade's prepare and apply next to it. */
export class FleetHandlers {
  constructor(
    private readonly connection: Connection,
    private readonly server: FleetUpgradeServer,
    private readonly discover: HostDiscovery = (settings) => discoverFromSettings(settings),
  ) {}

  register(): void {
    const upgrade = new FleetUpgradeHandlers(this.connection, this.server, () =>
      this.discover(this.server.settings),
    );
    this.connection.onRequest(FLEET_STATUS_REQUEST, (p: FleetStatusParams) => this.onStatus(p));
    this.connection.onRequest(FLEET_PREPARE_REQUEST, (p: FleetUpgradeParams) => upgrade.prepare(p));
    this.connection.onRequest(FLEET_APPLY_REQUEST, (p: { id: string }) => upgrade.apply(p));
  }

  private async onStatus(p: FleetStatusParams): Promise<FleetStatus> {
    await this.server.ready();
    this.server.sync();
    const roots = [...this.server.rootResults()].filter((r) => r.root.startsWith('/'));
    return fleetStatusOf(roots, this.discover(this.server.settings), hostNames(p));
  }
}
