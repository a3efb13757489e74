import type { InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { profileDevices } from './launchPlan';
import type { Plan, Step } from './plan';
import { PlanError } from './planError';
import { steps } from './steps';

const q = encodeURIComponent;

/** Filesystems not nested in another of the instance's filesystems: renaming these moves the rest. */
function roots(spec: InstanceSpec) {
  return spec.filesystems.filter((f) => !spec.filesystems.some((g) => g !== f && f.dir.startsWith(`${g.dir}/`)));
}

/**
 * rename: the container, its root filesystems whose path depends on the name, and the instance
 * profile (a new one with the new device paths, then the old one removed) (reference §6.6).
 */
export function renamePlan(from: InstanceSpec, to: InstanceSpec, observed: Observed, observedTarget: Observed): Plan {
  if (from.container === to.container) throw new PlanError('cannot rename to the same name');
  const i = observed.instance;
  if (!i) throw new PlanError(`container ${from.container} does not exist`);
  if (observedTarget.instance) throw new PlanError(`container ${to.container} already exists`);
  if (to.profile && observedTarget.profiles.has(to.profile)) throw new PlanError(`profile ${to.profile} already exists`);
  const out: Step[] = [];
  const running = i.status !== 'Stopped';
  if (running) out.push(steps.state(from.container, from.project, 'stop'));
  out.push(steps.lxd(`rename container ${from.container} to ${to.container}`, { method: 'POST', path: `/1.0/instances/${q(from.container)}`, project: from.project, body: { name: to.container } }));
  const target = new Map(to.filesystems.map((f) => [f.id, f]));
  for (const f of roots(from)) {
    const n = target.get(f.id);
    if (!n || n.dir === f.dir) continue;
    const exists = f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir);
    if (!exists) continue;
    if (n.dataset ? observedTarget.datasets.has(n.dataset) : observedTarget.paths.has(n.dir)) throw new PlanError(`${n.dataset ?? n.dir} already exists`);
    out.push(f.dataset && n.dataset ? steps.zfsRename(f.dataset, n.dataset) : steps.move(f.dir, n.dir));
  }
  if (to.profile) {
    out.push(steps.lxd(`create profile ${to.profile}`, { method: 'POST', path: '/1.0/profiles', project: to.project, body: { name: to.profile, description: 'lxdops profile', config: to.profileConfig, devices: profileDevices(to) } }));
    const profiles = i.profiles.includes(from.profile) ? i.profiles.map((p) => (p === from.profile ? to.profile : p)) : [...i.profiles, to.profile];
    out.push(steps.lxd(`set the profiles of ${to.container}: ${profiles.join(', ')}`, { method: 'PATCH', path: `/1.0/instances/${q(to.container)}`, project: to.project, body: { profiles } }));
    if (from.profile && observed.profiles.has(from.profile)) out.push(steps.deleteProfile(from.profile, from.project));
  }
  if (running) out.push(steps.state(to.container, to.project, 'start'));
  return { command: 'rename', config: from.config, instance: from.instance, container: from.container, project: from.project, steps: out, notes: [`new name: ${to.instance} (container ${to.container})`] };
}
