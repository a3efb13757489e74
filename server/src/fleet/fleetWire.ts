import { formatPlan } from '../../../core/src/engine/plan';
import { confirmationItems } from '../../../core/src/operations/confirm';
import { formatUpgrade } from '../../../core/src/fleet/upgradeText';
import type { HostUpgradePlan } from '../../../core/src/fleet/upgradeTypes';
import type { FleetPreparedClone, FleetPrepareResult } from '../../../core/src/protocol';
import { pathToUri } from '../uris';

/** Each clone's rebuild as the confirmation lists it: its steps' descriptions and what it deletes. */
function preparedClones(h: HostUpgradePlan): FleetPreparedClone[] {
  const prepared = h.clones;
  if (!prepared) return [];
  const destructive = new Map(confirmationItems(prepared).map((i) => [i.instance, i.destructive]));
  return prepared.plans.map((p) => ({
    uri: pathToUri(p.plan.config),
    instance: p.plan.instance,
    host: h.host,
    outline: p.plan.steps.map((s) => s.description),
    destructive: destructive.get(p.plan.instance) ?? [],
  }));
}

/** A prepared upgrade as `lxdops/fleetPrepare` answers it (without the id and blockers). */
export function wirePrepared(hosts: readonly HostUpgradePlan[], notes: string[]) {
  const templatePlans = hosts.flatMap((h) => [
    ...(h.templatePrepared?.plans ?? []).map((p) => formatPlan(p.plan)),
    ...(h.snapshotPlan ? [formatPlan(h.snapshotPlan)] : []),
  ]);
  const result: Omit<FleetPrepareResult, 'id' | 'blockers'> = {
    planText: formatUpgrade(hosts),
    clones: hosts.flatMap(preparedClones),
    skipped: hosts.flatMap((h) => h.skipped.map((s) => ({ ...s, host: h.host }))),
    // each safe plan says what it keeps and until when (retention, cleanup); unsafe plans keep nothing
    kept: hosts.flatMap((h) =>
      (h.clones?.plans ?? []).flatMap((p) =>
        (p.plan.keeps ?? []).map((k) => `${h.host}/${p.plan.instance}: ${k}`),
      ),
    ),
    notes: [
      ...notes,
      ...(templatePlans.length
        ? [`the template part has ${templatePlans.length} plan(s): see the plan text`]
        : []),
    ],
  };
  return result;
}
