import type { RootResult } from '../check/resolveRoot';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { HostRunner } from '../engine/doors';
import { type Doors, planCommand } from '../engine/engine';
import { instanceSpec, type InstanceSpec } from '../engine/instanceSpec';
import { destructiveSteps, type Plan } from '../engine/plan';
import { errorBlocker } from './blockers';
import { observeCleanup } from './cleanupObserve';
import { cleanupPlan } from './cleanupPlan';
import { imageAvailable } from './imageCheck';
import { loadAndCheck, warningsOf } from './load';
import { cloudConfigsParse, poolsExist, profilesExist, zfsPropertiesAccepted } from './preflight';
import { type ClusterView, readClusterView } from './clusterView';
import { type Placement, placementOf } from './placement';
import type { Blocker, OperationEnv, OperationRequest, PreparedPlan, PrepareResult } from './types';
import { readZfsPropertyTable } from './zfsHost';
import { inOrder } from './inOrder';
import { readsOnce } from './readsOnce';
import type { ZfsPropertyTable } from './zfsPropertyTable';

/** What every root of one prepare shares. */
interface Context {
  request: OperationRequest;
  env: OperationEnv;
  ws: ConfigWorkspace;
  /** The ZFS property table of a host, read once per runner. */
  zfsTable: (host: HostRunner) => Promise<ZfsPropertyTable | undefined>;
  /** The cluster behind the doors (undefined: not a cluster), read once. */
  cluster: () => Promise<ClusterView | undefined>;
  notes: string[];
}

/** A root's blockers or plan, and its notes (kept in the order of the roots, whichever is ready first). */
type RootOutcome = ({ blockers: Blocker[] } | { plan: Plan; placement: Placement }) & { notes: string[] };

/**
 * How many roots are prepared at once: each waits mostly for its reads, so a fleet of 20 need not
 * wait for 20 rounds of them in turn; a few at a time keep the host from being asked too much.
 */
const PREPARE_AT_ONCE = 4;

async function planOf(ctx: Context, root: RootResult, spec: InstanceSpec, placed: Placement): Promise<Plan> {
  const { request, ws } = ctx;
  if (request.command === 'cleanup') return cleanupPlan(spec, await observeCleanup(spec, placed.doors));
  const options = placed.member ? { ...request.options, target: placed.member } : request.options;
  return planCommand(request.command, root, ws, placed.doors, options);
}

/** Pre-flight of what the config asks for, before any plan: all of it read-only. */
async function preflightConfig(
  ctx: Context,
  root: RootResult,
  spec: InstanceSpec,
  doors: Doors,
  /** The host the ZFS property table is read once for (the runner itself, not a root's wrapper). */
  tableHost: HostRunner = doors.host,
): Promise<Blocker[]> {
  const { command, options } = ctx.request;
  const needsProfiles = command === 'launch' || (command === 'rebuild' && !!options.rebuildProfiles);
  const hasProperties = [...root.config.filesystems.values()].some((f) => f.zfsproperties.length);
  // the three reads at once; the blockers keep their order
  const [profiles, pools, table] = await Promise.all([
    profilesExist(root, spec, doors, needsProfiles),
    poolsExist(root, spec, doors, command),
    hasProperties ? ctx.zfsTable(tableHost) : Promise.resolve(undefined),
  ]);
  return [
    ...profiles,
    ...pools,
    ...zfsPropertiesAccepted(root, command, table),
    ...cloudConfigsParse(root, ctx.ws),
  ];
}

async function prepareRoot(ctx: Context, root: RootResult): Promise<RootOutcome> {
  try {
    const spec = instanceSpec(root);
    const placed = await placementOf(root, spec, ctx.env, await ctx.cluster(), ctx.request.options.target);
    if ('blockers' in placed) return { ...placed, notes: [] };
    // Both only read, and neither needs the other: the plan's reads run alongside the pre-flight's
    // instead of after them. A pre-flight blocker still wins over whatever the plan came to.
    const reading = { ...placed, doors: { ...placed.doors, host: readsOnce(placed.doors.host) } };
    const [blockers, planned] = await Promise.all([
      preflightConfig(ctx, root, spec, reading.doors, placed.doors.host),
      planOf(ctx, root, spec, reading).then(
        (plan) => ({ plan }),
        (error: unknown) => ({ error }),
      ),
    ]);
    if (blockers.length) return { blockers, notes: [] };
    if ('error' in planned) throw planned.error;
    const { plan } = planned;
    const image = await imageAvailable(root, plan, placed.doors, ctx.env.probeRemote);
    const notes = image.notes.map((n) => `${root.instance}: ${n}`);
    return image.blockers.length ? { blockers: image.blockers, notes } : { plan, placement: placed, notes };
  } catch (e) {
    const blocker = errorBlocker(root, e);
    if (!blocker) throw e;
    return { blockers: [blocker], notes: [] };
  }
}

function tableOnce(notes: string[]): Context['zfsTable'] {
  const read = new Map<HostRunner, Promise<ZfsPropertyTable | undefined>>();
  return (host) => {
    if (!read.has(host))
      read.set(
        host,
        readZfsPropertyTable(host).then((r) => {
          if (r.note) notes.push(r.note);
          return r.table;
        }),
      );
    return read.get(host)!;
  };
}

function clusterOnce(env: OperationEnv): Context['cluster'] {
  let read: Promise<ClusterView | undefined> | undefined;
  return () => (read ??= readClusterView(env.doors, env.host ?? 'local'));
}

function preparedPlan(root: RootResult, plan: Plan, placed: Placement, warnings: PreparedPlan['warnings']) {
  return {
    root,
    plan,
    destructive: destructiveSteps(plan),
    warnings,
    ...(placed.member ? { member: placed.member, runner: placed.doors.host } : {}),
  };
}

/**
 * load → check → pre-flight → plan, for every root of the request; changes nothing. Returns what
 * blocks (every blocker of every root) or the plans with their destructive steps and warnings.
 */
export async function prepare(request: OperationRequest, env: OperationEnv): Promise<PrepareResult> {
  const ws = env.workspace();
  const loaded = loadAndCheck(request, ws);
  if (!loaded.ok) return loaded;
  const notes: string[] = [];
  const ctx: Context = { request, env, ws, notes, zfsTable: tableOnce(notes), cluster: clusterOnce(env) };
  const blockers: Blocker[] = [];
  const plans: PreparedPlan[] = [];
  const outcomes = await inOrder(loaded.roots, PREPARE_AT_ONCE, (root) => prepareRoot(ctx, root));
  for (const [i, outcome] of outcomes.entries()) {
    const root = loaded.roots[i]!;
    notes.push(...outcome.notes);
    if ('blockers' in outcome) blockers.push(...outcome.blockers);
    else plans.push(preparedPlan(root, outcome.plan, outcome.placement, warningsOf(root, loaded.warnings)));
  }
  if (blockers.length) return { ok: false, blockers };
  return { ok: true, prepared: { request, plans, notes: ctx.notes } };
}
