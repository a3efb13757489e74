/**
 * The fleet as `lxdops fleet status --format json` prints it (the CLI contract of issue 11) and as
 * the Fleet view shows it: templates, their snapshots, their clones and each clone's state.
 */

export type CloneState = 'current' | 'stale' | 'not-created' | 'failed' | 'reverted';

export interface SnapshotIdentity {
  name: string;
  /** The snapshot's `created_at`: what a clone records as `built-from.id`. */
  id: string;
}

export interface FleetClone {
  /** The clone's root config (absolute path). */
  config: string;
  instance: string;
  host: string;
  state: CloneState;
  /** What its container was built from, as recorded on it; null when nothing is recorded. */
  builtFrom: { snapshot: string; id: string } | null;
  /** The snapshot its config names now (`origin: template/SNAPSHOT`). */
  wants?: string;
  /** Why it is in that state, in a few words (for tooltips and the text output). */
  reason?: string;
  /** When its container was created (ISO), when it exists. */
  built?: string;
  /** Containers kept by safe rebuilds of it (newest first): what Revert Last Rebuild brings back. */
  kept?: string[];
}

export interface FleetTemplate {
  /** The template's root config, when the workspace has one; null otherwise. */
  config: string | null;
  instance: string;
  host: string;
  /** Its LXD snapshots, oldest first. */
  snapshots: SnapshotIdentity[];
  clones: FleetClone[];
}

export interface FleetStatus {
  templates: FleetTemplate[];
  /** Hosts that could not be read, with the reason (the others are still listed). */
  problems?: { host: string; message: string }[];
}
