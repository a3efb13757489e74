import { dirname, isAbsolute, join, normalize } from 'node:path';
import { type Document, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import { entries, isNullish, resolveAlias, scalarBoolean, scalarText, spanOf } from '../document/yamlNodes';
import { type Located, type Origin, origin } from '../text/origin';
import type { ConfigFileModel, DeviceModel, FilesystemModel, MapEntry, OsModel, PathEntry } from './model';

/** Resolves a path entry against the directory of the file that holds it (no `~`, no variables). */
export function resolvePath(file: string, raw: string): string {
  if (raw === '') return '';
  return isAbsolute(raw) ? normalize(raw) : join(dirname(file), raw);
}

/**
 * Reads the keys of one `#lxdops` file from its YAML tree. Tolerant: a value of the wrong type
 * is skipped here (the schema check reports it), so one typo does not hide the rest of the file.
 */
export function decodeConfigFile(parsed: ParsedFile): ConfigFileModel {
  const file = parsed.path;
  const doc = parsed.doc;
  const at = (n: Node | null | undefined): Origin => origin(file, spanOf(n));
  const str = (n: Node | null): Located<string> | undefined => {
    const v = scalarText(n);
    return v === undefined ? undefined : { value: v, origin: at(n) };
  };
  const bool = (n: Node | null): Located<boolean> | undefined => {
    const v = scalarBoolean(n);
    return v === undefined ? undefined : { value: v, origin: at(n) };
  };
  const list = (n: Node | null): Located<string>[] =>
    isSeq(n)
      ? (n.items as Node[]).flatMap((i) => {
          const v = str(resolveAlias(i, doc));
          return v ? [v] : [];
        })
      : [];
  const paths = (n: Node | null): PathEntry[] =>
    list(n)
      .filter((l) => l.value !== '')
      .map((l) => ({ raw: l.value, resolved: resolvePath(file, l.value), origin: l.origin }));
  const map = (n: Node | null): MapEntry[] => {
    if (!isMap(n)) return [];
    const out: MapEntry[] = [];
    for (const e of entries(n, doc))
      out.push({
        key: e.key,
        keyOrigin: at(e.keyNode),
        value: str(e.value) ?? { value: '', origin: at(e.keyNode) },
      });
    return out;
  };

  const model: ConfigFileModel = {
    file,
    keys: new Map(),
    properties: [],
    profileConfig: [],
    include: [],
    filesystems: [],
    devices: [],
    profiles: [],
    profilesConfig: [],
    profilesRun: [],
    cloudConfigFiles: [],
  };
  const root = parsed.doc.contents;
  if (!isMap(root)) return model;

  for (const { key, keyNode, value } of entries(root, doc)) {
    model.keys.set(key, at(keyNode));
    if (isNullish(value)) continue;
    switch (key) {
      case 'description':
        model.description = str(value);
        break;
      case 'stop':
        model.stop = bool(value);
        break;
      case 'snapshot':
        model.snapshot = str(value);
        break;
      case 'properties':
        model.properties = map(value);
        break;
      case 'os':
        model.os = decodeOs(value, at(keyNode), str, doc);
        break;
      case 'project':
        model.project = str(value);
        break;
      case 'container':
        model.container = str(value);
        break;
      case 'profile-pattern':
        model.profilePattern = str(value);
        break;
      case 'profile-config':
        model.profileConfig = map(value);
        break;
      case 'origin':
        model.origin = str(value);
        break;
      case 'device-template':
        model.deviceTemplate = str(value);
        break;
      case 'device-origin':
        model.deviceOrigin = str(value);
        break;
      case 'source-config': {
        const s = str(value);
        if (s && s.value !== '')
          model.sourceConfig = { raw: s.value, resolved: resolvePath(file, s.value), origin: s.origin };
        break;
      }
      case 'lxc-options':
        if (isSeq(value)) model.lxcOptions = list(value);
        break;
      case 'include':
        model.include = paths(value);
        break;
      case 'filesystems':
        if (isMap(value)) model.filesystems = decodeFilesystems(value, at, str, bool, map, doc);
        break;
      case 'devices':
        if (isMap(value)) model.devices = decodeDevices(value, at, str, doc);
        break;
      case 'device-owner':
        model.deviceOwner = str(value);
        break;
      case 'profiles':
        model.profiles = list(value);
        break;
      case 'profiles-config':
        model.profilesConfig = list(value);
        break;
      case 'profiles-run':
        model.profilesRun = list(value);
        break;
      case 'cloud-config-files':
        model.cloudConfigFiles = paths(value);
        break;
      default:
        break; // unknown and removed keys: reported by the schema check
    }
  }
  return model;
}

type Str = (n: Node | null) => Located<string> | undefined;

function decodeOs(value: Node | null, keyOrigin: Origin, str: Str, doc: Document): OsModel | undefined {
  if (!isMap(value)) return undefined;
  const os: OsModel = { keyOrigin };
  for (const e of entries(value, doc)) {
    if (e.key === 'name' || e.key === 'image' || e.key === 'version') {
      const s = str(e.value);
      if (s) os[e.key] = s;
    }
  }
  return os;
}

function decodeFilesystems(
  value: YAMLMap,
  at: (n: Node | null | undefined) => Origin,
  str: Str,
  bool: (n: Node | null) => Located<boolean> | undefined,
  map: (n: Node | null) => MapEntry[],
  doc: Document,
): FilesystemModel[] {
  const out: FilesystemModel[] = [];
  for (const e of entries(value, doc)) {
    const fs: FilesystemModel = {
      id: e.key,
      keyOrigin: at(e.keyNode),
      zfsproperties: [],
      isNull: isNullish(e.value),
    };
    if (isMap(e.value)) {
      for (const f of entries(e.value, doc)) {
        if (f.key === 'pattern') fs.pattern = str(f.value);
        else if (f.key === 'zfsproperties') fs.zfsproperties = map(f.value);
        else if (f.key === 'destroy') fs.destroy = bool(f.value);
        else if (f.key === 'transient') fs.transient = bool(f.value);
      }
    }
    out.push(fs);
  }
  return out;
}

function decodeDevices(
  value: YAMLMap,
  at: (n: Node | null | undefined) => Origin,
  str: Str,
  doc: Document,
): DeviceModel[] {
  const out: DeviceModel[] = [];
  for (const e of entries(value, doc)) {
    const d: DeviceModel = { name: e.key, keyOrigin: at(e.keyNode), isNull: isNullish(e.value) };
    if (isMap(e.value)) {
      for (const f of entries(e.value, doc)) {
        if (f.key === 'path' || f.key === 'filesystem' || f.key === 'dir') {
          const s = str(f.value);
          if (s) d[f.key] = s;
        }
      }
    }
    out.push(d);
  }
  return out;
}
