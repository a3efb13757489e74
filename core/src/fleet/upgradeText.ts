import { formatPlan } from '../engine/plan';
import type { HostUpgradePlan } from './upgradeTypes';

/** Every step of one host's upgrade, as `--dry-run` prints it: the template part, then each clone. */
function hostText(h: HostUpgradePlan): string {
  let out = `== host ${h.host}: clones to be rebuilt from snapshot ${h.snapshot}\n`;
  for (const n of h.notes) out += `note: ${n}\n`;
  for (const p of h.templatePrepared?.plans ?? []) out += formatPlan(p.plan);
  if (h.snapshotPlan) out += formatPlan(h.snapshotPlan);
  for (const p of h.clones?.plans ?? []) out += formatPlan(p.plan);
  if (!h.clones?.plans.length) out += 'no clone to rebuild\n';
  for (const s of h.skipped) out += `skipped: ${s.instance} (${s.reason})\n`;
  return out;
}

/** A prepared upgrade as text: every host's steps; the clones' plans are made again after the snapshot. */
export function formatUpgrade(hosts: readonly HostUpgradePlan[]): string {
  return hosts.map(hostText).join('\n');
}
