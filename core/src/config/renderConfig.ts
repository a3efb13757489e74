import { dirname, relative } from 'node:path';
import { Document, isMap, isNode, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Located, Origin } from '../text/origin';
import type { EffectiveConfig } from './effectiveConfig';
import type { MapEntry } from './model';

export interface RenderOptions {
  /** Add `# from: <file>:<line>` comments naming where each value was set. */
  origins?: boolean;
  /** Turns an origin into the text of the comment (default: the path relative to the root's folder). */
  describe?: (o: Origin) => string;
}

/**
 * The merged config as YAML that starts with `#lxdops`, so it can be read back. Paths are written
 * relative to the root config's folder; empty keys are left out.
 */
export function renderEffectiveConfig(c: EffectiveConfig, options: RenderOptions = {}): string {
  const base = dirname(c.root);
  const rel = (p: string) => relative(base, p) || '.';
  const describe = options.describe ?? ((o: Origin) => rel(o.file));
  const v = <T>(l: Located<T> | undefined): T | undefined => l?.value;
  const map = (entries: Iterable<MapEntry>) => {
    const out: Record<string, string> = {};
    for (const e of entries) out[e.key] = e.value.value;
    return Object.keys(out).length ? out : undefined;
  };
  const list = (l: Located<string>[] | undefined) => (l && l.length ? l.map((x) => x.value) : undefined);

  const obj: Record<string, unknown> = {
    description: v(c.description),
    stop: v(c.stop),
    snapshot: v(c.snapshot),
    properties: map(c.properties.values()),
    os:
      c.os.name || c.os.image || c.os.version
        ? { name: v(c.os.name), image: v(c.os.image), version: v(c.os.version) }
        : undefined,
    project: v(c.project),
    container: v(c.container),
    'profile-pattern': v(c.profilePattern),
    'profile-config': map(c.profileConfig.values()),
    origin: v(c.origin),
    'device-template': v(c.deviceTemplate),
    'device-origin': v(c.deviceOrigin),
    'source-config': c.sourceConfig ? rel(c.sourceConfig.resolved) : undefined,
    'lxc-options': list(c.lxcOptions),
    filesystems: c.filesystems.size
      ? Object.fromEntries(
          [...c.filesystems.values()].map((f) => [
            f.id,
            {
              pattern: v(f.pattern),
              zfsproperties: map(f.zfsproperties),
              destroy: v(f.destroy),
              transient: v(f.transient),
            },
          ]),
        )
      : undefined,
    devices: c.devices.size
      ? Object.fromEntries(
          [...c.devices.values()].map((d) => [
            d.name,
            { path: v(d.path), filesystem: v(d.filesystem), dir: v(d.dir) },
          ]),
        )
      : undefined,
    'device-owner': v(c.deviceOwner),
    profiles: list(c.profiles),
    'profiles-config': list(c.profilesConfig),
    'profiles-run': list(c.profilesRun),
    'cloud-config-files': c.cloudConfigFiles.length
      ? c.cloudConfigFiles.map((e) => rel(e.resolved))
      : undefined,
  };
  const doc = new Document(prune(obj));
  if (options.origins) annotate(doc, c, describe);
  return `#lxdops\n${doc.toString({ lineWidth: 0 })}`;
}

function prune(o: unknown): unknown {
  if (Array.isArray(o)) return o;
  if (o && typeof o === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      const p = prune(val);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return o;
}

/** Puts `from:` comments on top-level values, list items, map entries and filesystem/device entries. */
function annotate(doc: Document, c: EffectiveConfig, describe: (o: Origin) => string): void {
  const top = doc.contents;
  if (!isMap(top)) return;
  const scalarOrigins: Record<string, Origin | undefined> = {
    description: c.description?.origin,
    stop: c.stop?.origin,
    snapshot: c.snapshot?.origin,
    project: c.project?.origin,
    container: c.container?.origin,
    'profile-pattern': c.profilePattern?.origin,
    origin: c.origin?.origin,
    'device-template': c.deviceTemplate?.origin,
    'device-origin': c.deviceOrigin?.origin,
    'source-config': c.sourceConfig?.origin,
    'device-owner': c.deviceOwner?.origin,
  };
  const itemOrigins: Record<string, Origin[]> = {
    'lxc-options': (c.lxcOptions ?? []).map((x) => x.origin),
    profiles: c.profiles.map((x) => x.origin),
    'profiles-config': c.profilesConfig.map((x) => x.origin),
    'profiles-run': c.profilesRun.map((x) => x.origin),
    'cloud-config-files': c.cloudConfigFiles.map((x) => x.origin),
  };
  const entryOrigins: Record<string, Map<string, Origin>> = {
    properties: new Map([...c.properties.values()].map((e) => [e.key, e.keyOrigin])),
    'profile-config': new Map([...c.profileConfig.values()].map((e) => [e.key, e.keyOrigin])),
    filesystems: new Map([...c.filesystems.values()].map((f) => [f.id, f.keyOrigin])),
    devices: new Map([...c.devices.values()].map((d) => [d.name, d.keyOrigin])),
  };
  const note = (n: unknown, o: Origin | undefined) => {
    if (o && isNode(n)) (n as Node).comment = ` from: ${describe(o)}`;
  };
  for (const pair of top.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (key === 'os') {
      if (isMap(pair.value)) {
        for (const p of pair.value.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          note(
            p.value,
            k === 'name' ? c.os.name?.origin : k === 'image' ? c.os.image?.origin : c.os.version?.origin,
          );
        }
      }
    } else if (scalarOrigins[key] !== undefined) note(pair.value, scalarOrigins[key]);
    else if (itemOrigins[key] && isSeq(pair.value))
      pair.value.items.forEach((item, i) => note(item, itemOrigins[key]![i]));
    else if (entryOrigins[key] && isMap(pair.value)) {
      for (const p of pair.value.items) {
        if (!isScalar(p.key)) continue;
        const o = entryOrigins[key]!.get(String(p.key.value));
        if (isMap(p.value)) p.key.commentBefore = o ? ` from: ${describe(o)}` : undefined;
        else note(p.value, o);
      }
    }
  }
}
