import { inOrder } from '../operations/inOrder';
import { execute } from '../engine/executor';
import { run } from '../operations/run';
import type { InstanceOutcome, Prepared } from '../operations/types';
import { progressOf, resultOf, summaryOf } from './cloneProgress';
import { FLEET_UPGRADE_CLONES_KEY, FLEET_UPGRADE_KEY } from '../engine/recordKeys';
import { readHostInstances, readInstance } from './readFleet';
import { patchTemplate, recordUpgrade, type TemplateTarget } from './templateSnapshot';
import { clonesToRebuild, prepareOn, templateEntry, type UpgradeScope, upgradeScope } from './upgradePrepare';
import type {
  CloneResult,
  FleetUpgradeRequest,
  HostUpgradePlan,
  UpgradeCallbacks,
  UpgradeHost,
  UpgradeResult,
} from './upgradeTypes';

/** Failures so far over every host, against --max-failures. */
interface Budget {
  failures: number;
  max?: number;
}
const exhausted = (b: Budget) => b.max !== undefined && b.failures >= b.max;

/** Serialises the template's PATCHes of one host (clones end at the same time). */
function serial(): (work: () => Promise<void>) => Promise<void> {
  let chain = Promise.resolve();
  return (work) => (chain = chain.then(work, work));
}

/** Whether the template's rebuild takes the snapshot itself (its config's `snapshot:`): not taken twice. */
function takesSnapshot(prepared: Prepared | undefined, name: string): boolean {
  if (prepared?.request.command !== 'rebuild') return false;
  return (prepared.plans[0]?.plan.steps ?? []).some(
    (s) =>
      s.kind === 'lxd' &&
      s.request.method === 'POST' &&
      s.request.path.endsWith('/snapshots') &&
      (s.request.body as { name?: string } | undefined)?.name === name,
  );
}

/** The template part: its rebuild or configure, then the new snapshot and the record of it. */
async function runTemplatePart(
  plan: HostUpgradePlan,
  scope: UpgradeScope,
  host: UpgradeHost,
  callbacks: UpgradeCallbacks,
): Promise<string | undefined> {
  if (plan.templatePrepared) {
    const [outcome] = await run(plan.templatePrepared, host.env, {
      ...(callbacks.signal ? { signal: callbacks.signal } : {}),
    });
    if (outcome?.status !== 'done')
      return `${host.name}: the template's ${plan.templatePrepared.request.command} ${outcome?.status}: ${outcome?.message ?? ''}`;
  }
  if (plan.snapshotPlan && !takesSnapshot(plan.templatePrepared, scope.snapshot))
    await execute(plan.snapshotPlan, host.env.doors, callbacks.signal ? { signal: callbacks.signal } : {});
  return undefined;
}

/** After the snapshot: which clones to rebuild now, recorded on the template before any of them starts. */
async function cloneRoots(scope: UpgradeScope, host: UpgradeHost, plan: HostUpgradePlan) {
  const instances = await readHostInstances(host.env.doors.lxd, 30);
  const template = instances.find(
    (i) => i.name === scope.target.container && i.project === scope.target.project,
  );
  const entry = templateEntry(scope, host.name, instances);
  if (!template || !entry) return { roots: [], skipped: plan.skipped };
  const { rebuild, skipped } = clonesToRebuild(entry, template);
  const planned = stillPlanned(plan);
  const roots: CloneRoot[] = entry.clones
    .filter((c) => rebuild.includes(c.config))
    .map((c) => {
      const p = planned.get(c.config);
      return { config: c.config, instance: c.instance, ...(p ? { planned: p } : {}) };
    });
  if (roots.length)
    await recordUpgrade(
      host.env.doors.lxd,
      scope.target,
      scope.snapshot,
      roots.map((r) => r.instance),
    );
  return { roots, skipped };
}

/** A clone to rebuild: its config and its container. */
interface CloneRoot {
  config: string;
  instance: string;
  /** Its plan from the prepare, when nothing has changed since (no template part ran). */
  planned?: Prepared;
}

/**
 * The plans of the prepare, by config, when they still hold: no template part ran since, so the
 * snapshot the clones copy is the one they were planned against (as a plain rebuild runs its plan).
 */
function stillPlanned(plan: HostUpgradePlan): Map<string, Prepared> {
  const out = new Map<string, Prepared>();
  if (plan.templatePrepared || plan.snapshotPlan || !plan.clones) return out;
  for (const p of plan.clones.plans) out.set(p.plan.config, { ...plan.clones, plans: [p] });
  return out;
}

/** One clone: planned now (from the new snapshot), then run under its lock; a blocker fails it. */
async function rebuildOne(
  clone: CloneRoot,
  host: UpgradeHost,
  request: FleetUpgradeRequest,
  callbacks: UpgradeCallbacks,
): Promise<InstanceOutcome> {
  const prepared = clone.planned
    ? { ok: true as const, prepared: clone.planned }
    : await prepareOn(host, request, 'rebuild', [clone.config]);
  if (!prepared.ok)
    return { ...clone, status: 'failed', message: prepared.blockers.map((b) => b.message).join('; ') };
  const [outcome] = await run(prepared.prepared, host.env, {
    onEvent: (plan, e) => {
      const progress = progressOf(host.name, plan.instance, e);
      if (progress) callbacks.onProgress?.(progress);
    },
    onLog: (line) => callbacks.onLog?.(line),
    ...(callbacks.signal ? { signal: callbacks.signal } : {}),
  });
  return outcome!;
}

/**
 * Every clone's rebuild on one host, N at once, each planned right before it runs (so plans and
 * rebuilds overlap); each done or reverted one leaves the template's list.
 */
async function runClones(
  roots: CloneRoot[],
  host: UpgradeHost,
  request: FleetUpgradeRequest,
  ctx: { budget: Budget; callbacks: UpgradeCallbacks; target: TemplateTarget },
): Promise<CloneResult[]> {
  const patch = serial();
  const left = new Set(roots.map((r) => r.instance));
  const emit = ctx.callbacks.onProgress ?? (() => undefined);
  for (const r of roots) emit({ instance: r.instance, host: host.name, status: 'queued' });
  return inOrder(roots, request.parallel, async (clone) => {
    const outcome: InstanceOutcome = exhausted(ctx.budget)
      ? { ...clone, status: 'skipped', message: 'stopped after failures' }
      : await rebuildOne(clone, host, request, ctx.callbacks);
    const result = resultOf(host.name, outcome);
    emit({
      instance: result.instance,
      host: host.name,
      status: result.status,
      ...(result.message ? { message: result.message } : {}),
    });
    if (result.status === 'failed' || result.status === 'reverted') ctx.budget.failures++;
    if (result.status === 'done' || result.status === 'reverted') {
      left.delete(clone.instance);
      await patch(() =>
        patchTemplate(host.env.doors.lxd, ctx.target, { [FLEET_UPGRADE_CLONES_KEY]: [...left].join(',') }),
      );
    }
    return result;
  });
}

/** Once every clone of the host is current and none is left to do, the template's marks go. */
async function finish(scope: UpgradeScope, host: UpgradeHost): Promise<void> {
  const instances = await readHostInstances(host.env.doors.lxd, 30);
  const entry = templateEntry(scope, host.name, instances);
  const template = await readInstance(host.env.doors.lxd, scope.target.container, scope.target.project);
  if (!entry || !template || template.config[FLEET_UPGRADE_CLONES_KEY]) return;
  if (entry.clones.every((c) => c.state === 'current' || c.state === 'not-created'))
    await patchTemplate(host.env.doors.lxd, scope.target, {
      [FLEET_UPGRADE_KEY]: '',
      [FLEET_UPGRADE_CLONES_KEY]: '',
    });
}

async function runHost(
  plan: HostUpgradePlan,
  scope: UpgradeScope,
  host: UpgradeHost,
  request: FleetUpgradeRequest,
  ctx: { budget: Budget; callbacks: UpgradeCallbacks },
): Promise<{ results: CloneResult[]; notes: string[] }> {
  const stopped = await runTemplatePart(plan, scope, host, ctx.callbacks);
  if (stopped) return { results: [], notes: [stopped] };
  const { roots, skipped } = await cloneRoots(scope, host, plan);
  const results: CloneResult[] = skipped.map((s) => ({
    instance: s.instance,
    host: host.name,
    status: 'skipped',
    message: s.reason,
  }));
  if (roots.length)
    results.push(...(await runClones(roots, host, request, { ...ctx, target: scope.target })));
  await finish(scope, host);
  return { results, notes: [] };
}

/**
 * Runs a prepared fleet upgrade: on every host at once, the template part, then every clone's
 * rebuild through the one pipeline (planned again now, from the new snapshot), `parallel` at once
 * per host, with live status. What is left to do is recorded on the template, so the same
 * command after an interruption finishes it.
 */
export async function runUpgrade(
  request: FleetUpgradeRequest,
  plans: readonly HostUpgradePlan[],
  hosts: readonly UpgradeHost[],
  callbacks: UpgradeCallbacks = {},
): Promise<UpgradeResult> {
  const scope = upgradeScope(request);
  if ('code' in scope) throw new Error(scope.message);
  const budget: Budget = {
    failures: 0,
    ...(request.maxFailures !== undefined ? { max: request.maxFailures } : {}),
  };
  const each = await Promise.all(
    plans.map((plan) => {
      const host = hosts.find((h) => h.name === plan.host)!;
      return runHost(plan, scope, host, request, { budget, callbacks });
    }),
  );
  const clones = each.flatMap((e) => e.results);
  return { clones, summary: summaryOf(clones), notes: each.flatMap((e) => e.notes) };
}
