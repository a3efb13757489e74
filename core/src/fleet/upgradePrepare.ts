import { inOrder } from '../operations/inOrder';
import { prepare } from '../operations/prepare';
import type { Blocker, OperationRequest, Prepared, PrepareResult } from '../operations/types';
import { instanceKey, type FleetConfig } from './fleetConfig';
import type { FleetInstance } from './fleetInstance';
import { FLEET_UPGRADE_CLONES_KEY } from '../engine/recordKeys';
import { fleetModel } from './fleetModel';
import type { FleetTemplate } from './fleetTypes';
import { readHostInstances } from './readFleet';
import { type TemplateTarget, templateSnapshotPlan, upgradeInProgress } from './templateSnapshot';
import type { FleetUpgradeRequest, HostUpgradePlan, PreparedUpgrade, UpgradeHost } from './upgradeTypes';

/** What the upgrade knows of the template before reading any host. */
export interface UpgradeScope {
  target: TemplateTarget;
  clones: FleetConfig[];
  snapshot: string;
}

const blocker = (code: Blocker['code'], message: string, file?: string): Blocker => ({
  stage: 'pre-flight',
  code,
  message,
  ...(file ? { file } : {}),
});

/** The snapshot the clones are rebuilt from: the name given, else the one their configs name. */
function snapshotName(request: FleetUpgradeRequest, clones: FleetConfig[]): string | Blocker {
  if (typeof request.snapshot === 'string') return request.snapshot;
  const wanted = [...new Set(clones.flatMap((c) => c.origin?.snapshot ?? []))];
  if (wanted.length === 1) return wanted[0]!;
  return blocker(
    'fleet-snapshot-unnamed',
    `the clones name ${wanted.length ? `several snapshots (${wanted.join(', ')})` : 'no snapshot'} of the template: give one with --snapshot NAME`,
    request.template,
  );
}

/** The template config, its clones (configs whose `origin` names it) and the snapshot name. */
export function upgradeScope(request: FleetUpgradeRequest): UpgradeScope | Blocker {
  const own = request.configs.find((c) => c.config === request.template);
  if (!own)
    return blocker('config-unreadable', `${request.template}: not among the configs read`, request.template);
  const key = instanceKey(own.project, own.container);
  const clones = request.configs.filter(
    (c) => c.origin && instanceKey(c.origin.project, c.origin.container) === key && c !== own,
  );
  if (!clones.length)
    return blocker(
      'fleet-no-clones',
      `no config read names ${own.container} in origin: nothing to upgrade (name the clones' folder with --configs)`,
      request.template,
    );
  const snapshot = snapshotName(request, clones);
  if (typeof snapshot !== 'string') return snapshot;
  return { target: { config: own.config, container: own.container, project: own.project }, clones, snapshot };
}

/** The template's entry on one host (undefined: neither it nor a clone is there). */
export function templateEntry(
  scope: UpgradeScope,
  host: string,
  instances: FleetInstance[],
): FleetTemplate | undefined {
  const status = fleetModel(scope.clones, [{ host, instances }]);
  return status.templates.find((t) => t.instance === scope.target.container);
}

/** The clones to rebuild: stale, failed or reverted ones, and those an interrupted upgrade left to do. */
export function clonesToRebuild(
  entry: FleetTemplate,
  template: FleetInstance | undefined,
): { rebuild: string[]; skipped: { instance: string; reason: string }[] } {
  const left = new Set((template?.config[FLEET_UPGRADE_CLONES_KEY] ?? '').split(',').filter(Boolean));
  const rebuild: string[] = [];
  const skipped: { instance: string; reason: string }[] = [];
  for (const c of entry.clones) {
    if (left.has(c.instance) || c.state === 'stale' || c.state === 'failed' || c.state === 'reverted')
      rebuild.push(c.config);
    else skipped.push({ instance: c.instance, reason: c.state === 'current' ? 'current' : 'not created' });
  }
  return { rebuild, skipped };
}

/** The pipeline's prepare of one command over some roots on a host. */
export function prepareOn(
  host: UpgradeHost,
  request: FleetUpgradeRequest,
  command: OperationRequest['command'],
  roots: string[],
) {
  const options = command === 'rebuild' ? request.rebuild : {};
  return prepare({ command, roots, options, check: request.check }, host.env);
}

/** How many clones are planned at once (each plan reads LXD and ZFS: reads overlap well). */
const PLAN_WIDTH = 8;

/**
 * The clones' rebuilds, each planned on its own and several at once (one prepare of every root
 * reads them one after another), then put together as one prepared operation.
 */
export async function prepareClones(
  host: UpgradeHost,
  request: FleetUpgradeRequest,
  roots: string[],
): Promise<PrepareResult> {
  const each = await inOrder(roots, PLAN_WIDTH, (root) => prepareOn(host, request, 'rebuild', [root]));
  const blockers = each.flatMap((r) => (r.ok ? [] : r.blockers));
  if (blockers.length) return { ok: false, blockers };
  const prepared = each.flatMap((r) => (r.ok ? [r.prepared] : []));
  return {
    ok: true,
    prepared: {
      request: { command: 'rebuild', roots, options: request.rebuild, check: request.check },
      plans: prepared.flatMap((p) => p.plans),
      notes: [...new Set(prepared.flatMap((p) => p.notes))],
    },
  };
}

const findTemplate = (instances: FleetInstance[], t: TemplateTarget) =>
  instances.find((i) => i.name === t.container && i.project === t.project);

/** The template part of one host: its rebuild or configure, then the snapshot (none when resuming). */
async function templatePart(
  scope: UpgradeScope,
  request: FleetUpgradeRequest,
  host: UpgradeHost,
  template: FleetInstance,
): Promise<{
  prepared?: Prepared;
  snapshot?: HostUpgradePlan['snapshotPlan'];
  blockers: Blocker[];
  notes: string[];
}> {
  if (upgradeInProgress(template, scope.snapshot))
    return {
      blockers: [],
      notes: [`${host.name}: the upgrade to ${scope.snapshot} in progress goes on (no new snapshot)`],
    };
  let prepared: Prepared | undefined;
  if (request.templateCommand) {
    const r = await prepareOn(host, request, request.templateCommand, [scope.target.config]);
    if (!r.ok) return { blockers: r.blockers, notes: [] };
    prepared = r.prepared;
  }
  const snapshot =
    request.snapshot === undefined
      ? undefined
      : templateSnapshotPlan(scope.target, template, scope.snapshot, new Date());
  return { ...(prepared ? { prepared } : {}), ...(snapshot ? { snapshot } : {}), blockers: [], notes: [] };
}

/** One host's upgrade, planned now; read-only. Undefined when neither the template nor a clone is there. */
async function prepareHost(
  scope: UpgradeScope,
  request: FleetUpgradeRequest,
  host: UpgradeHost,
): Promise<{ plan?: HostUpgradePlan; blockers: Blocker[]; note?: string }> {
  let instances: FleetInstance[];
  try {
    instances = await readHostInstances(host.env.doors.lxd, 30);
  } catch (e) {
    return { blockers: [], note: `${host.name} cannot be read, it is left out: ${(e as Error).message}` };
  }
  const template = findTemplate(instances, scope.target);
  const entry = templateEntry(scope, host.name, instances);
  if (!template)
    return entry
      ? { blockers: [], note: `${host.name} has clones of ${scope.target.container} but not it: left out` }
      : { blockers: [] };
  if (!entry) return { blockers: [] };
  const part = await templatePart(scope, request, host, template);
  if (part.blockers.length) return { blockers: part.blockers };
  const { rebuild, skipped } = clonesToRebuild(entry, template);
  const clones = rebuild.length ? await prepareClones(host, request, rebuild) : undefined;
  if (clones && !clones.ok) return { blockers: clones.blockers };
  const plan: HostUpgradePlan = {
    host: host.name,
    ...(part.prepared ? { templatePrepared: part.prepared } : {}),
    ...(part.snapshot ? { snapshotPlan: part.snapshot } : {}),
    snapshot: scope.snapshot,
    ...(clones ? { clones: clones.prepared } : {}),
    skipped,
    notes: part.notes,
  };
  return { plan, blockers: [] };
}

/**
 * Plans a fleet upgrade on every host at once (hosts where the template is): the template part
 * and every clone's rebuild. Read-only: `--dry-run` prints it, the confirmation lists its
 * destructive steps; nothing is created before every host's checks have passed.
 */
export async function prepareUpgrade(
  request: FleetUpgradeRequest,
  hosts: UpgradeHost[],
): Promise<PreparedUpgrade> {
  const scope = upgradeScope(request);
  if ('code' in scope) return { ok: false, blockers: [scope] };
  const each = await Promise.all(hosts.map((h) => prepareHost(scope, request, h)));
  const blockers = each.flatMap((e) => e.blockers);
  if (blockers.length) return { ok: false, blockers };
  const plans = each.flatMap((e) => e.plan ?? []);
  if (!plans.length)
    return {
      ok: false,
      blockers: [
        blocker(
          'fleet-template-missing',
          `${scope.target.container} exists on none of ${hosts.map((h) => h.name).join(', ')}: launch it first, or name its host with --host`,
          request.template,
        ),
      ],
    };
  const notes = [...each.flatMap((e) => e.note ?? []), ...plans.flatMap((p) => p.notes)];
  return { ok: true, request, hosts: plans, notes };
}
