import { checkDeviceSources, deviceSteps } from './deviceSteps';
import { configureSteps, type LaunchOptions, profileStep } from './launchPlan';
import { needsNetwork } from './cloudConfigSteps';
import type { InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { type Plan, planOf } from './plan';
import { PlanError } from './planError';
import { steps } from './steps';

/** create-devices: filesystems and device directories only; LXD is not touched (reference §6.7). */
export function createDevicesPlan(spec: InstanceSpec, observed: Observed): Plan {
  const notes: string[] = [];
  return planOf('create-devices', spec, deviceSteps(spec, observed, notes), notes);
}

/** create-profile: the instance profile (updated when it exists and differs). */
export function createProfilePlan(spec: InstanceSpec, observed: Observed): Plan {
  checkDeviceSources(spec, observed);
  const s = profileStep(spec, observed);
  const note = !spec.profile
    ? `${spec.instance} has no lxdops profile (profile-pattern is empty)`
    : `profile ${spec.profile} is up to date`;
  return planOf('create-profile', spec, s ? [s] : [], s ? [] : [note]);
}

/** configure: apply the cloud-config files to the running container. */
export function configurePlan(
  spec: InstanceSpec,
  observed: Observed,
  options: Pick<LaunchOptions, 'cloudConfigs' | 'waitNetwork' | 'networkTimeoutSeconds'>,
): Plan {
  if (!observed.instance) throw new PlanError(`container ${spec.container} does not exist: launch it first`);
  const out: Plan['steps'] = [];
  if (observed.instance.status !== 'Running') out.push(steps.state(spec.container, spec.project, 'start'));
  out.push(steps.wait(spec.container, spec.project, 'running', 60));
  if (
    options.waitNetwork ||
    spec.cloudConfigFiles.some(
      (f) => options.cloudConfigs.get(f) && needsNetwork(options.cloudConfigs.get(f)!),
    )
  ) {
    out.push(steps.wait(spec.container, spec.project, 'ipv4', options.networkTimeoutSeconds ?? 120));
  }
  out.push(...configureSteps(spec, options));
  return planOf(
    'configure',
    spec,
    out,
    spec.cloudConfigFiles.length ? [] : ['no cloud-config-files: nothing to apply'],
  );
}
