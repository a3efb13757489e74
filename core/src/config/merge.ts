import { basename } from 'node:path';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import type { Located, Origin } from '../text/origin';
import type { EffectiveConfig } from './effectiveConfig';
import type { IncludeTree } from './includeTree';
import { CONFIG_KEYS, keysOf, TOP_ONLY_KEYS } from '../format/keyTable';
import type { ConfigFileModel } from './model';

export interface MergeResult {
  config: EffectiveConfig;
  problems: Diagnostic[];
}

type ScalarField =
  'project' | 'container' | 'profilePattern' | 'origin' | 'deviceTemplate' | 'deviceOrigin' | 'deviceOwner';
/** The string keys that a later file overrides when it sets them non-empty. */
const SCALAR_FIELDS: readonly [ScalarField, string][] = CONFIG_KEYS.filter(
  (spec) => spec.merge === 'override-if-non-empty' && spec.type === 'string',
).map((spec) => [spec.field as ScalarField, spec.key]);

const where = (o: Origin) => basename(o.file);

/**
 * Merges a root's include tree by the rules of reference §2.2–§3.4: top-only keys from the root,
 * scalars override when non-empty, lists append, maps merge by key (later wins), `lxc-options`
 * is replaced, and the OS rule in pre-order. Unlike upstream, an included `os.image` fills an
 * empty one instead of being dropped.
 */
export function mergeTree(tree: IncludeTree): MergeResult {
  const problems: Diagnostic[] = [];
  const root = tree.preOrder[0]!;
  const c: EffectiveConfig = {
    root: tree.root,
    format: root.format,
    files: tree.postOrder.map((m) => m.file),
    properties: new Map(),
    os: {},
    profileConfig: new Map(),
    filesystems: new Map(),
    devices: new Map(),
    profiles: [],
    profilesConfig: [],
    profilesRun: [],
    cloudConfigFiles: [],
    overridden: new Map(),
  };
  const lxops = root.format === 'lxops';
  if (root.description) c.description = root.description;
  if (root.stop && !lxops) c.stop = root.stop;
  if (root.snapshot && !lxops) c.snapshot = root.snapshot;
  const shadow = (field: string, old: Located<unknown> | undefined) => {
    if (!old) return;
    const list = c.overridden.get(field) ?? [];
    list.push(old);
    c.overridden.set(field, list);
  };

  if (lxops) mergeOstype(tree.preOrder, c);
  else mergeOs(tree.preOrder, c, problems);

  for (const m of tree.postOrder) {
    if (lxops) problems.push(...droppedByLxops(m, tree.root));
    if (m !== root) {
      for (const k of lxops ? LXOPS_TOP_ONLY : TOP_ONLY_KEYS) {
        const at = m.keys.get(k);
        if (at)
          problems.push(
            diagnostic(
              'ignored-in-include',
              at,
              `\`${k}\` is read only from the config named on the command line; here, in an included file, it is ignored. Move it to the root config.`,
            ),
          );
      }
    }
    for (const p of m.properties) {
      shadow(`properties.${p.key}`, c.properties.get(p.key)?.value);
      c.properties.set(p.key, p);
    }
    if (!lxops) mergeLxdopsOnly(m, c, shadow);
    for (const [field, key] of SCALAR_FIELDS) {
      if (lxops && field === 'container') continue;
      const v = m[field];
      if (v && v.value !== '') {
        shadow(key, c[field]);
        c[field] = v;
      }
    }
    if (m.sourceConfig) c.sourceConfig = m.sourceConfig;
    if (m.lxcOptions && m.lxcOptions.length > 0) c.lxcOptions = m.lxcOptions;
    for (const fs of m.filesystems) {
      const old = c.filesystems.get(fs.id);
      if (old) shadow(`filesystems.${fs.id}`, { value: old, origin: old.keyOrigin });
      c.filesystems.delete(fs.id); // a redefinition moves to the end: merge order is definition order
      c.filesystems.set(fs.id, fs);
    }
    for (const d of m.devices) {
      const old = c.devices.get(d.name);
      if (old) shadow(`devices.${d.name}`, { value: old, origin: old.keyOrigin });
      c.devices.delete(d.name);
      c.devices.set(d.name, d);
    }
    c.profiles.push(...m.profiles);
    c.cloudConfigFiles.push(...m.cloudConfigFiles);
  }
  return { config: c, problems };
}

type Shadow = (field: string, old: Located<unknown> | undefined) => void;

/** The keys lxdops has and lxops dropped: merged only in an `#lxdops` tree. */
function mergeLxdopsOnly(m: ConfigFileModel, c: EffectiveConfig, shadow: Shadow): void {
  for (const p of m.profileConfig) {
    shadow(`profile-config.${p.key}`, c.profileConfig.get(p.key)?.value);
    c.profileConfig.set(p.key, p);
  }
  c.profilesConfig.push(...m.profilesConfig);
  c.profilesRun.push(...m.profilesRun);
}

/** `#lxops-v1` reads only `description` from the root (lxops dropped `stop` and `snapshot`). */
const LXOPS_TOP_ONLY = keysOf('lxops').topOnlyKeys;

/**
 * lxops' OS rule (its cfg/config_read.go mergeFile): each file in pre-order sets `ostype` and
 * `image` when non-empty, so an included file overrides the file that includes it. An `#lxdops`
 * fragment is migrated on read: its `os.name` is `ostype`, its `os.image` is `image`.
 */
function mergeOstype(preOrder: ConfigFileModel[], c: EffectiveConfig): void {
  for (const m of preOrder) {
    const ostype = m.format === 'lxops' ? m.ostype : m.os?.name;
    const image = m.format === 'lxops' ? m.image : m.os?.image;
    if (ostype && ostype.value !== '') c.os.name = ostype;
    if (image && image.value !== '') c.os.image = image;
    const keyOrigin = m.format === 'lxops' ? (m.keys.get('ostype') ?? m.keys.get('image')) : m.os?.keyOrigin;
    if (keyOrigin && !c.os.keyOrigin) c.os.keyOrigin = keyOrigin;
  }
}

/**
 * The keys of an `#lxdops` fragment that lxops ignores when an `#lxops-v1` root includes it
 * (it migrates the file on read and drops them silently): said at each key, naming the root.
 */
function droppedByLxops(m: ConfigFileModel, root: string): Diagnostic[] {
  if (m.format === 'lxops') return [];
  const removed = keysOf('lxops').removedKeys;
  const said = (key: string, what: string) =>
    `\`${key}\` is ignored by lxops, which migrates this #lxdops file when the #lxops-v1 config ${basename(root)} includes it: ${what}.`;
  const keys = [...m.keys]
    .filter(([key]) => key !== 'os' && Object.hasOwn(removed, key))
    .map(([key, at]) => diagnostic('removed-key', at, said(key, removed[key]!)));
  // its migration moves os.name and os.image; os.version has nowhere to go
  const version = m.os?.version;
  return version
    ? [
        ...keys,
        diagnostic(
          'removed-key',
          version.origin,
          said('os.version', 'lxops has no OS version; the image names the release'),
        ),
      ]
    : keys;
}

/** The first `os` in pre-order wins; later ones must name the same OS (reference §3.4). */
function mergeOs(preOrder: ConfigFileModel[], c: EffectiveConfig, problems: Diagnostic[]): void {
  let first: ConfigFileModel | undefined;
  for (const m of preOrder) {
    const os = m.os;
    if (!os) continue;
    if (!first) {
      first = m;
      c.os = {
        ...(os.name ? { name: os.name } : {}),
        ...(os.image ? { image: os.image } : {}),
        ...(os.version ? { version: os.version } : {}),
        keyOrigin: os.keyOrigin,
      };
      continue;
    }
    const a = c.os.name?.value ?? '';
    const b = os.name?.value ?? '';
    if (a !== b) {
      const at = os.name?.origin ?? os.keyOrigin;
      const firstAt = c.os.name?.origin ?? c.os.keyOrigin!;
      problems.push(
        diagnostic(
          'os-conflict',
          at,
          `os.name ${b ? `\`${b}\`` : '(empty)'} conflicts with ${a ? `\`${a}\`` : 'an empty os.name'} set first in ${where(firstAt)}; every file of one config must name the same OS.`,
          {
            related: [{ origin: firstAt, message: `os.name ${a ? `\`${a}\`` : '(empty)'} set here` }],
          },
        ),
      );
      continue;
    }
    if (os.version && os.version.value !== '') {
      const v = c.os.version;
      if (!v || v.value === '') c.os.version = os.version;
      else if (v.value !== os.version.value) {
        problems.push(
          diagnostic(
            'os-conflict',
            os.version.origin,
            `os.version \`${os.version.value}\` conflicts with \`${v.value}\` set first in ${where(v.origin)}.`,
            {
              related: [{ origin: v.origin, message: `os.version \`${v.value}\` set here` }],
            },
          ),
        );
      }
    }
    if (os.image && os.image.value !== '' && (!c.os.image || c.os.image.value === '')) c.os.image = os.image;
  }
}
