import type { PathEntry } from './doors';
import type { Ownership } from './ownership';

/** What an instance looks like in LXD. */
export interface ObservedInstance {
  name: string;
  status: string;
  profiles: string[];
  config: Record<string, string>;
  snapshots: string[];
  /** Each snapshot's `created_at` by name (its identity: a snapshot taken again has another). */
  snapshotIds?: Record<string, string>;
}

/** The state of LXD and the host that a plan depends on, read before planning (read-only). */
export interface Observed {
  instance?: ObservedInstance;
  /** Profile names of the project. */
  profiles: Set<string>;
  /** The instance profile as LXD has it, when it exists. */
  profile?: {
    config: Record<string, string>;
    devices: Record<string, Record<string, string>>;
    description: string;
  };
  /** The origin's source container, when the config copies one. */
  origin?: ObservedInstance;
  /** Existing datasets and dataset@snapshots among those the plan asked about. */
  datasets: Set<string>;
  /** Existing datasets that are not mounted (a `zfs create` that failed half-way leaves one). */
  unmounted?: Set<string>;
  /** Existing host paths among those the plan asked about (a link counts; none is followed). */
  paths: Set<string>;
  /**
   * What the host showed at each component of those paths, seen without following links (type,
   * owner, mode): links in instance data are refused and owners repaired from it. A component
   * missing here is unknown: the plan refuses nothing and repairs nothing there (the step's guard
   * still looks again before it runs).
   */
  entries: Map<string, PathEntry>;
  /** The own owner marks of the existing datasets a plan may repair (read by planCommand). */
  ownership?: Ownership;
}

/** What to observe for a plan. */
export interface Needs {
  instance: { name: string; project: string };
  /** The instance profile, whose content is compared with the one the config wants. */
  profile?: string;
  origin?: { name: string; project: string };
  datasets: string[];
  paths: string[];
}

/** MAC addresses to keep: `volatile.<iface>.hwaddr` of the instance config. */
export function hwaddrsOf(i: ObservedInstance | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(i?.config ?? {})) {
    const m = /^volatile\.([^.]+)\.hwaddr$/.exec(k);
    if (m) out[k] = v;
  }
  return out;
}
