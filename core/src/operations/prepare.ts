import type { RootResult } from '../check/resolveRoot';
import type { ConfigWorkspace } from '../config/configWorkspace';
import { planCommand } from '../engine/engine';
import { instanceSpec, type InstanceSpec } from '../engine/instanceSpec';
import { destructiveSteps, type Plan } from '../engine/plan';
import { errorBlocker } from './blockers';
import { observeCleanup } from './cleanupObserve';
import { cleanupPlan } from './cleanupPlan';
import { imageAvailable } from './imageCheck';
import { loadAndCheck, warningsOf } from './load';
import { cloudConfigsParse, poolsExist, profilesExist, zfsPropertiesAccepted } from './preflight';
import type { Blocker, OperationEnv, OperationRequest, PreparedPlan, PrepareResult } from './types';
import { readZfsPropertyTable } from './zfsHost';
import type { ZfsPropertyTable } from './zfsPropertyTable';

/** What every root of one prepare shares. */
interface Context {
  request: OperationRequest;
  env: OperationEnv;
  ws: ConfigWorkspace;
  zfsTable: () => Promise<ZfsPropertyTable | undefined>;
  notes: string[];
}

type RootOutcome = { blockers: Blocker[] } | { plan: Plan };

async function planOf(ctx: Context, root: RootResult, spec: InstanceSpec): Promise<Plan> {
  const { request, env, ws } = ctx;
  if (request.command === 'cleanup') return cleanupPlan(spec, await observeCleanup(spec, env.doors));
  return planCommand(request.command, root, ws, env.doors, request.options);
}

/** Pre-flight of what the config asks for, before any plan: all of it read-only. */
async function preflightConfig(ctx: Context, root: RootResult, spec: InstanceSpec): Promise<Blocker[]> {
  const { command, options } = ctx.request;
  const doors = ctx.env.doors;
  const needsProfiles = command === 'launch' || (command === 'rebuild' && !!options.rebuildProfiles);
  const hasProperties = [...root.config.filesystems.values()].some((f) => f.zfsproperties.length);
  return [
    ...(await profilesExist(root, spec, doors, needsProfiles)),
    ...(await poolsExist(root, spec, doors, command)),
    ...zfsPropertiesAccepted(root, command, hasProperties ? await ctx.zfsTable() : undefined),
    ...cloudConfigsParse(root, ctx.ws),
  ];
}

async function prepareRoot(ctx: Context, root: RootResult): Promise<RootOutcome> {
  try {
    const spec = instanceSpec(root);
    const blockers = await preflightConfig(ctx, root, spec);
    if (blockers.length) return { blockers };
    const plan = await planOf(ctx, root, spec);
    const image = await imageAvailable(root, plan, ctx.env.doors, ctx.env.probeRemote);
    ctx.notes.push(...image.notes.map((n) => `${root.instance}: ${n}`));
    return image.blockers.length ? { blockers: image.blockers } : { plan };
  } catch (e) {
    const blocker = errorBlocker(root, e);
    if (!blocker) throw e;
    return { blockers: [blocker] };
  }
}

function tableOnce(ctx: Omit<Context, 'zfsTable'>): () => Promise<ZfsPropertyTable | undefined> {
  let read: Promise<ZfsPropertyTable | undefined> | undefined;
  return () =>
    (read ??= readZfsPropertyTable(ctx.env.doors.host).then((r) => {
      if (r.note) ctx.notes.push(r.note);
      return r.table;
    }));
}

/**
 * load → check → pre-flight → plan, for every root of the request; changes nothing. Returns what
 * blocks (every blocker of every root) or the plans with their destructive steps and warnings.
 */
export async function prepare(request: OperationRequest, env: OperationEnv): Promise<PrepareResult> {
  const ws = env.workspace();
  const loaded = loadAndCheck(request, ws);
  if (!loaded.ok) return loaded;
  const base = { request, env, ws, notes: [] as string[] };
  const ctx: Context = { ...base, zfsTable: tableOnce(base) };
  const blockers: Blocker[] = [];
  const plans: PreparedPlan[] = [];
  for (const root of loaded.roots) {
    const outcome = await prepareRoot(ctx, root);
    if ('blockers' in outcome) blockers.push(...outcome.blockers);
    else
      plans.push({
        root,
        plan: outcome.plan,
        destructive: destructiveSteps(outcome.plan),
        warnings: warningsOf(root, loaded.warnings),
      });
  }
  if (blockers.length) return { ok: false, blockers };
  return { ok: true, prepared: { request, plans, notes: ctx.notes } };
}
