import { dirname, isAbsolute, join, normalize } from 'node:path';
import { type Document, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import { type FormatKeys, type KeyType, keysOf } from '../format/keyTable';
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
  const format = parsed.header.kind === 'lxops' ? 'lxops' : 'lxdops';
  const table = keysOf(format);
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
    format,
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

  const decode = (type: KeyType, value: Node | null, keyOrigin: Origin): unknown => {
    switch (type) {
      case 'string':
        return str(value);
      case 'boolean':
        return bool(value);
      case 'string-map':
        return isMap(value) ? map(value) : undefined;
      case 'string-list':
        return isSeq(value) ? list(value) : undefined;
      case 'path-list':
        return isSeq(value) ? paths(value) : undefined;
      case 'path': {
        const s = str(value);
        return s && s.value !== ''
          ? { raw: s.value, resolved: resolvePath(file, s.value), origin: s.origin }
          : undefined;
      }
      case 'os':
        return decodeOs(value, keyOrigin, str, doc, table);
      case 'filesystems':
        return isMap(value) ? decodeFilesystems(value, at, str, bool, map, doc, table) : undefined;
      case 'devices':
        return isMap(value) ? decodeDevices(value, at, str, bool, doc, table) : undefined;
    }
  };
  const fields = model as unknown as Record<string, unknown>;
  for (const { key, keyNode, value } of entries(root, doc)) {
    model.keys.set(key, at(keyNode));
    const spec = table.configKey(key);
    // unknown and removed keys are reported by the schema check
    if (isNullish(value) || !spec) continue;
    const decoded = decode(spec.type, value, at(keyNode));
    if (decoded !== undefined) fields[spec.field] = decoded;
  }
  return model;
}

type Str = (n: Node | null) => Located<string> | undefined;

function decodeOs(
  value: Node | null,
  keyOrigin: Origin,
  str: Str,
  doc: Document,
  table: FormatKeys,
): OsModel | undefined {
  if (!isMap(value)) return undefined;
  const os: OsModel = { keyOrigin };
  for (const e of entries(value, doc)) {
    const s = table.osKeys.some((spec) => spec.key === e.key) ? str(e.value) : undefined;
    if (s) os[e.key as 'name' | 'image' | 'version'] = s;
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
  table: FormatKeys,
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
      const fields = fs as unknown as Record<string, unknown>;
      for (const f of entries(e.value, doc)) {
        const type = table.filesystemKeys.find((spec) => spec.key === f.key)?.type;
        if (type === 'string') fields[f.key] = str(f.value);
        else if (type === 'boolean') fields[f.key] = bool(f.value);
        else if (type === 'string-map') fields[f.key] = map(f.value);
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
  bool: (n: Node | null) => Located<boolean> | undefined,
  doc: Document,
  table: FormatKeys,
): DeviceModel[] {
  const out: DeviceModel[] = [];
  for (const e of entries(value, doc)) {
    const d: DeviceModel = { name: e.key, keyOrigin: at(e.keyNode), isNull: isNullish(e.value) };
    if (isMap(e.value)) {
      for (const f of entries(e.value, doc)) {
        const type = table.deviceKeys.find((spec) => spec.key === f.key)?.type;
        if (type === 'boolean') {
          const b = bool(f.value);
          if (b) d.readonly = b;
        } else if (type === 'string') {
          const s = str(f.value);
          if (s) d[f.key as 'path' | 'filesystem' | 'dir'] = s;
        }
      }
    }
    out.push(d);
  }
  return out;
}
