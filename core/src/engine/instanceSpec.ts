import { isAbsolute, join } from 'node:path';
import type { RootResult } from '../check/resolveRoot';
import type { PathEntry } from '../config/model';
import { builtinProperties, type Property } from '../config/properties';
import { propertySources } from '../config/propertySources';
import { instanceValueProblem, normalisedPath } from '../config/safeValues';
import { substitute } from '../config/substitute';
import { type ValueKind, valueProblem } from './specValues';
import { parseOrigin, type ParsedOrigin } from '../validate/root/originRules';

/** A filesystem of the instance, substituted: a ZFS dataset or a plain directory. */
export interface FilesystemSpec {
  id: string;
  /** The dataset name (`z/demo/host/web1`), or undefined for a plain directory. */
  dataset?: string;
  /** Where it is mounted or lives on the host (`/z/demo/host/web1`). */
  dir: string;
  zfsproperties: [string, string][];
  destroy: boolean;
  transient: boolean;
}

export interface DeviceSpec {
  name: string;
  /** Mount path in the container. */
  path: string;
  filesystem: string;
  /** The host directory bound into the container. */
  source: string;
  readonly: boolean;
  /**
   * `#lxops-v1` device without a filesystem: `source` is the user's own absolute directory, never
   * created, chowned or removed; pre-flight only checks that it exists.
   */
  external?: boolean;
}

/** Everything an operation needs to know about one instance, with every pattern substituted. */
export interface InstanceSpec {
  config: string;
  instance: string;
  project: string;
  container: string;
  /** The instance profile (`web1.lxdops`), or '' when the config has none. */
  profile: string;
  /** The instance profile's description: lxops writes the config's absolute path, lxdops a fixed text. */
  profileDescription: string;
  profileConfig: Record<string, string>;
  os: { name: string; image: string };
  origin?: ParsedOrigin & { text: string };
  /** device-origin: the source instance's filesystems and the snapshot to clone. */
  deviceOrigin?: { instance: string; snapshot: string; filesystems: Map<string, FilesystemSpec> };
  /** device-template: the source instance's device directories and its filesystem roots (where links are refused from). */
  deviceTemplate?: { instance: string; devices: Map<string, DeviceSpec>; roots: string[] };
  owner: string;
  filesystems: FilesystemSpec[];
  devices: DeviceSpec[];
  profiles: string[];
  profilesConfig: string[];
  profilesRun: string[];
  lxcOptions: string[];
  cloudConfigFiles: string[];
  stop: boolean;
  snapshot: string;
}

export class SpecError extends Error {
  override readonly name = 'SpecError';
}

type Substituter = (text: string | undefined, field: string, kind: ValueKind) => string;

/**
 * Substitution with the properties of `instance` (a source instance has its own built-ins), and
 * every result validated before it can reach a plan: SpecError names the field, the value and
 * where its properties come from.
 */
function substituter(r: RootResult, instance: string): Substituter {
  const builtins = builtinProperties(instance, r.project);
  const property = (key: string): Property | undefined => {
    const p = r.properties.get(key);
    return p?.source === 'built-in' ? builtins.get(key) : p;
  };
  return (text, field, kind) => {
    if (text === undefined) return '';
    const s = substitute(text, (key) => property(key)?.value, r.config.format);
    if (s.missing.length)
      throw new SpecError(
        `${field}: property ${s.missing.map((m) => `(${m.key})`).join(', ')} is not defined`,
      );
    const problem = s.value === '' ? undefined : valueProblem(kind, s.value);
    if (problem) {
      const shown = s.value === text ? `\`${text}\`` : `\`${text}\` = \`${s.value}\``;
      throw new SpecError(`${field} ${shown} ${problem}${propertySources(text, property)}: nothing was done`);
    }
    return s.value;
  };
}

/** The instance profile: `(instance).lxdops`, or for `#lxops-v1` `(instance).lxops`, which may not be empty. */
function profileName(r: RootResult, subP: Substituter): string {
  const c = r.config;
  if (c.format !== 'lxops')
    return c.profilePattern?.value === ''
      ? ''
      : subP(c.profilePattern?.value ?? '(instance).lxdops', 'profile-pattern', 'operand');
  const name = subP(c.profilePattern?.value || '(instance).lxops', 'profile-pattern', 'operand');
  if (name === '')
    throw new SpecError('profile-pattern gives an empty profile name: lxops needs the instance profile');
  return name;
}

/**
 * The devices: a directory in a filesystem, or (`#lxops-v1`, no filesystem) the absolute `dir`
 * itself, and `readonly` from the config.
 */
function deviceSpecs(r: RootResult, filesystems: FilesystemSpec[], subP: Substituter): DeviceSpec[] {
  const lxops = r.config.format === 'lxops';
  const fsById = new Map(filesystems.map((f) => [f.id, f]));
  return [...r.config.devices.values()]
    .filter((d) => !d.isNull)
    .map((d) => {
      const fs = fsById.get(d.filesystem?.value ?? '');
      const dir = subP(d.dir?.value, `devices.${d.name}.dir`, 'device-dir') || d.name;
      const external = lxops && !d.filesystem?.value;
      if (external && !isAbsolute(dir))
        throw new SpecError(`device ${d.name} has no filesystem but relative dir: ${dir}`);
      const source = isAbsolute(dir) ? normalisedPath(dir) : !fs ? '' : normalisedPath(join(fs.dir, dir));
      return {
        name: d.name,
        path: d.path?.value ?? '',
        filesystem: d.filesystem?.value ?? '',
        source,
        readonly: lxops && d.readonly?.value === true,
        ...(external ? { external } : {}),
      };
    });
}

/**
 * Substitutes a root's merged config into an InstanceSpec. Throws SpecError for what cannot run
 * (an undefined property, an unsafe value, a malformed device-origin): `lxdops check` reports these first.
 */
export function instanceSpec(r: RootResult, instance: string = r.instance, withSources = true): InstanceSpec {
  const c = r.config;
  const instanceProblem = instanceValueProblem(instance);
  if (instanceProblem)
    throw new SpecError(
      `the instance name \`${instance}\` ${instanceProblem}: rename the config file or use --name`,
    );
  const subP = substituter(r, instance);
  const lxops = c.format === 'lxops';
  if (lxops && c.os.name?.value === 'openwrt' && c.cloudConfigFiles.length)
    throw new SpecError(
      'ostype openwrt: lxops applies no cloud-config files to openwrt, and this config lists some: remove `cloud-config-files`',
    );

  const filesystems: FilesystemSpec[] = [...c.filesystems.values()]
    .filter((f) => !f.isNull)
    .map((f) => {
      const p = subP(f.pattern?.value, `filesystems.${f.id}.pattern`, 'filesystem');
      const isDir = p.startsWith('/');
      return {
        id: f.id,
        ...(isDir ? {} : { dataset: p }),
        dir: isDir ? normalisedPath(p) : `/${p}`,
        zfsproperties: f.zfsproperties.map((e) => [e.key, e.value.value] as [string, string]),
        destroy: f.destroy?.value ?? false,
        transient: f.transient?.value ?? false,
      };
    });
  const devices = deviceSpecs(r, filesystems, subP);
  const originText = subP(c.origin?.value, 'origin', 'operand');
  const deviceOriginText = subP(c.deviceOrigin?.value, 'device-origin', 'operand');
  const deviceTemplateText = subP(c.deviceTemplate?.value, 'device-template', 'operand');
  const spec: InstanceSpec = {
    config: r.root,
    instance,
    project: r.project,
    container: subP(c.container?.value || '(instance)', 'container', 'container'),
    profile: profileName(r, subP),
    profileDescription: lxops ? r.root : 'lxdops profile',
    profileConfig: Object.fromEntries([...c.profileConfig.values()].map((e) => [e.key, e.value.value])),
    os: {
      name: c.os.name?.value ?? '',
      image: subP(c.os.image?.value, lxops ? 'image' : 'os.image', 'text'),
    },
    owner: subP(c.deviceOwner?.value, 'device-owner', 'operand'),
    filesystems,
    devices,
    profiles: c.profiles.map((p) => p.value),
    profilesConfig: c.profilesConfig.map((p) => p.value),
    profilesRun: c.profilesRun.map((p) => p.value),
    lxcOptions: (c.lxcOptions ?? []).map((o) => o.value),
    cloudConfigFiles: c.cloudConfigFiles.map((e: PathEntry) => e.resolved),
    stop: c.stop?.value ?? false,
    snapshot: c.snapshot?.value ?? '',
  };
  if (originText) spec.origin = { ...parseOrigin(originText), text: originText };
  // A source instance is built without its own sources (upstream's includeSource=false): the same
  // config names the same template, which would otherwise recurse without end.
  if (deviceOriginText && withSources) {
    const [src, snap, ...rest] = deviceOriginText.split('@');
    if (!src || !snap || rest.length)
      throw new SpecError(`device-origin ${deviceOriginText}: expected <instance>@<snapshot>`);
    const source = src === instance ? spec : instanceSpec(r, src, false);
    spec.deviceOrigin = {
      instance: src,
      snapshot: snap,
      filesystems: new Map(source.filesystems.map((f) => [f.id, f])),
    };
  } else if (deviceTemplateText && withSources) {
    const source = instanceSpec(r, deviceTemplateText, false);
    spec.deviceTemplate = {
      instance: deviceTemplateText,
      devices: new Map(source.devices.map((d) => [d.name, d])),
      roots: source.filesystems.map((f) => f.dir),
    };
  }
  return spec;
}
