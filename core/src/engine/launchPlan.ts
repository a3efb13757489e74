import type { ParsedFile } from '../document/parsedFile';
import { builtFromConfig } from './builtFrom';
import { cloudConfigSteps, needsNetwork, osFamily } from './cloudConfigSteps';
import { deviceSteps } from './deviceSteps';
import { newDirRecordSteps } from './dirRecords';
import { imageSource, type Remotes } from './imageSource';
import type { InstanceSpec } from './instanceSpec';
import { hwaddrsOf, type Observed } from './observed';
import { type Plan, planOf, type Step } from './plan';
import { PlanError } from './planError';
import { steps } from './steps';

const q = encodeURIComponent;

export interface LaunchOptions {
  /** rebuild: delete the container first, keep its MAC addresses and (unless rebuildProfiles) its profiles. */
  rebuild?: boolean;
  rebuildProfiles?: boolean;
  /** Wait for an IPv4 address even when no package needs the network. */
  waitNetwork?: boolean;
  networkTimeoutSeconds?: number;
  /** Seconds to wait before stop/snapshot (upstream: -wait). */
  waitBeforeStop?: number;
  remotes?: Remotes;
  /** A cluster member: the new container is placed on it (`?target=`), where its filesystems are. */
  target?: string;
  /** A hash of the effective config, kept on the container (`user.lxdops.hash`) to tell later whether the config changed. */
  configHash?: string;
  /** The parsed cloud-config files, by path (read by the caller through the workspace). */
  cloudConfigs: Map<string, ParsedFile>;
  /** Safe rebuild (safe/safeRebuildPlan.ts): the old container is neither stopped nor deleted here. */
  keepOld?: boolean;
  /** Safe rebuild: config keys the new container is created with (its temporary-name records). */
  createConfig?: Record<string, string>;
}

/** Keys that tie a container to its config: the file and a hash of the effective config. */
export function identity(
  spec: InstanceSpec,
  options: Pick<LaunchOptions, 'configHash'>,
): Record<string, string> {
  return {
    'user.lxdops.config': spec.config,
    ...(options.configHash ? { 'user.lxdops.hash': options.configHash } : {}),
  };
}

/** The profile list of the container: the config's (or `default`), then the instance profile. */
export function targetProfiles(spec: InstanceSpec): string[] {
  const base = spec.profiles.length ? [...spec.profiles] : ['default'];
  return spec.profile ? [...base, spec.profile] : base;
}

/** While configuring: without profiles-run, with profiles-config first (reference §6.2 step 8). */
export function configureProfiles(full: string[], spec: InstanceSpec): string[] {
  if (!spec.profilesConfig.length && !spec.profilesRun.length) return full;
  const kept = full.filter((p) => !spec.profilesRun.includes(p));
  return [...new Set([...spec.profilesConfig, ...kept])];
}

/** The disk devices of the instance profile. */
export function profileDevices(spec: InstanceSpec): Record<string, Record<string, string>> {
  return Object.fromEntries(
    spec.devices.map((d) => [
      d.name,
      { type: 'disk', path: d.path, source: d.source, ...(d.readonly ? { readonly: 'true' } : {}) },
    ]),
  );
}

const sameJson = (a: unknown, b: unknown): boolean =>
  JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/** Create or update the instance profile with the disk devices; one that is already right is left alone. */
export function profileStep(spec: InstanceSpec, observed: Observed): Step | undefined {
  if (!spec.profile) return undefined;
  const body = {
    description: spec.profileDescription,
    config: spec.profileConfig,
    devices: profileDevices(spec),
  };
  if (observed.profiles.has(spec.profile) && observed.profile && sameJson(observed.profile, body))
    return undefined;
  return observed.profiles.has(spec.profile)
    ? steps.lxd(`update profile ${spec.profile} (${spec.devices.length} disk devices)`, {
        method: 'PUT',
        path: `/1.0/profiles/${q(spec.profile)}`,
        project: spec.project,
        body,
      })
    : steps.lxd(`create profile ${spec.profile} (${spec.devices.length} disk devices)`, {
        method: 'POST',
        path: '/1.0/profiles',
        project: spec.project,
        body: { name: spec.profile, ...body },
      });
}

/** The cloud-config steps of the instance, files in list order. */
export function configureSteps(spec: InstanceSpec, options: Pick<LaunchOptions, 'cloudConfigs'>): Step[] {
  if (!spec.cloudConfigFiles.length) return [];
  const os = osFamily(spec.os.name);
  if (!os)
    throw new PlanError(
      `unsupported OS type \`${spec.os.name}\`: cloud-config files need os.name alpine, debian or ubuntu`,
    );
  return spec.cloudConfigFiles.flatMap((file) => {
    const parsed = options.cloudConfigs.get(file);
    if (!parsed) throw new PlanError(`cloud-config file ${file} cannot be read`);
    return cloudConfigSteps(parsed, { instance: spec.container, project: spec.project, os });
  });
}

/**
 * launch (and rebuild): filesystems and device dirs, the profile, the container (from the image
 * or the origin), start, configure, then stop / final profiles / snapshot. Everything that already
 * exists is reused, so running it again after a failure completes the work.
 */
export function launchPlan(spec: InstanceSpec, observed: Observed, options: LaunchOptions): Plan {
  const notes: string[] = [];
  const out: Step[] = [];
  const existing = observed.instance;
  const preserve = options.rebuild && existing && !options.rebuildProfiles;
  const full = preserve ? existing.profiles : targetProfiles(spec);
  if (!preserve) {
    const missing = [...new Set([...spec.profiles, ...spec.profilesConfig])].filter(
      (p) => !observed.profiles.has(p),
    );
    if (missing.length)
      throw new PlanError(
        `missing profiles in project ${spec.project}: ${missing.join(', ')} (create them, or fix \`profiles\`)`,
      );
  }
  if (preserve && spec.profile && !full.includes(spec.profile))
    notes.push(
      `the container's profiles (${full.join(', ')}) do not include ${spec.profile}; use --profiles to take the config's list`,
    );
  const origin = spec.origin;
  if (!existing || options.rebuild) {
    if (origin) {
      if (!observed.origin)
        throw new PlanError(
          `origin: the container ${origin.container} does not exist in project ${origin.project ?? spec.project}`,
        );
      if (origin.snapshot && !observed.origin.snapshots.includes(origin.snapshot)) {
        throw new PlanError(
          `origin: ${origin.container} has no snapshot ${origin.snapshot} (it has: ${observed.origin.snapshots.join(', ') || 'none'})`,
        );
      }
    } else if (!spec.os.image) throw new PlanError('neither os.image nor origin: nothing to launch from');
    else if (!osFamily(spec.os.name) && spec.cloudConfigFiles.length)
      throw new PlanError(`unsupported OS type \`${spec.os.name}\``);
  }
  const configure = configureSteps(spec, options);
  const hwaddrs = options.rebuild ? hwaddrsOf(existing) : {};

  if (options.rebuild && existing && !options.keepOld) {
    if (existing.status !== 'Stopped') out.push(steps.gracefulStop(spec.container, spec.project));
    out.push(steps.deleteInstance(spec.container, spec.project));
  }
  out.push(...newDirRecordSteps(spec, observed.paths), ...deviceSteps(spec, observed, notes));
  const profile = profileStep(spec, observed);
  if (profile) out.push(profile);

  const duringConfigure = configureProfiles(full, spec);
  if (!existing || options.rebuild) {
    const vm = spec.lxcOptions.includes('--vm');
    const ignored = spec.lxcOptions.filter((o) => o !== '--vm');
    if (ignored.length)
      notes.push(
        `lxc-options ${ignored.join(' ')} are not applied (only --vm is understood through the API)`,
      );
    const source = origin
      ? {
          type: 'copy',
          source: origin.snapshot ? `${origin.container}/${origin.snapshot}` : origin.container,
          instance_only: true,
          ...(origin.project && origin.project !== spec.project ? { project: origin.project } : {}),
        }
      : imageSource(spec.os.image, options.remotes);
    out.push(
      steps.lxd(
        origin
          ? `copy ${origin.text} to container ${spec.container}`
          : `create container ${spec.container} from ${spec.os.image}`,
        {
          method: 'POST',
          path: options.target ? `/1.0/instances?target=${q(options.target)}` : '/1.0/instances',
          project: spec.project,
          body: {
            name: spec.container,
            type: vm ? 'virtual-machine' : 'container',
            profiles: duringConfigure,
            config: {
              ...hwaddrs,
              ...identity(spec, options),
              ...builtFromConfig(origin, observed.origin),
              ...options.createConfig,
            },
            devices: {},
            source,
          },
        },
      ),
    );
    if (Object.keys(hwaddrs).length)
      notes.push(
        `keeps ${Object.entries(hwaddrs)
          .map(([k, v]) => `${k.split('.')[1]} ${v}`)
          .join(', ')}`,
      );
  } else {
    notes.push(`container ${spec.container} exists: it is not created again`);
    const id = identity(spec, options);
    if (Object.entries(id).some(([k, v]) => existing.config[k] !== v)) {
      out.push(
        steps.lxd(`record the config of ${spec.container}`, {
          method: 'PATCH',
          path: `/1.0/instances/${q(spec.container)}`,
          project: spec.project,
          body: { config: id },
        }),
      );
    }
    if (existing.profiles.join(',') !== duringConfigure.join(',')) {
      out.push(
        steps.lxd(`set the profiles of ${spec.container}: ${duringConfigure.join(', ')}`, {
          method: 'PATCH',
          path: `/1.0/instances/${q(spec.container)}`,
          project: spec.project,
          body: { profiles: duringConfigure },
        }),
      );
    }
  }
  if (!existing || options.rebuild || existing.status !== 'Running')
    out.push(steps.state(spec.container, spec.project, 'start'));
  out.push(steps.wait(spec.container, spec.project, 'running', 60));
  const network =
    options.waitNetwork ||
    spec.cloudConfigFiles.some(
      (f) => options.cloudConfigs.get(f) && needsNetwork(options.cloudConfigs.get(f)!),
    );
  if (network)
    out.push(steps.wait(spec.container, spec.project, 'ipv4', options.networkTimeoutSeconds ?? 120));
  out.push(...configure);
  if ((spec.stop || spec.snapshot) && options.waitBeforeStop)
    out.push({
      kind: 'sleep',
      description: `wait ${options.waitBeforeStop} s for scripts to finish`,
      destructive: false,
      seconds: options.waitBeforeStop,
    });
  if (spec.stop) out.push(steps.state(spec.container, spec.project, 'stop'));
  if (duringConfigure.join(',') !== full.join(',')) {
    out.push(
      steps.lxd(`set the profiles of ${spec.container}: ${full.join(', ')}`, {
        method: 'PATCH',
        path: `/1.0/instances/${q(spec.container)}`,
        project: spec.project,
        body: { profiles: full },
      }),
    );
  }
  if (spec.snapshot) {
    if (existing && !options.rebuild && existing.snapshots.includes(spec.snapshot))
      notes.push(`snapshot ${spec.container}/${spec.snapshot} exists: not taken again`);
    else
      out.push(
        steps.lxd(`take LXD snapshot ${spec.container}/${spec.snapshot}`, {
          method: 'POST',
          path: `/1.0/instances/${q(spec.container)}/snapshots`,
          project: spec.project,
          body: { name: spec.snapshot },
        }),
      );
  }
  return planOf(options.rebuild ? 'rebuild' : 'launch', spec, out, notes);
}
