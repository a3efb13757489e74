/**
 * What this host's ZFS accepts, read from the property table `zfs get` prints in its usage
 * (read-only; both OpenZFS and zfs-fuse print it). Values written `<size>`, `<path>`, ... are free
 * text; enumerations (`on | off | gzip-[1-9]`) are matched exactly.
 */
export interface ZfsProperty {
  name: string;
  editable: boolean;
  inheritable: boolean;
  /** The alternatives as regular expressions; undefined when any value may be accepted. */
  values?: RegExp[];
  /** The VALUES column as printed, for messages. */
  text: string;
}

export type ZfsPropertyTable = Map<string, ZfsProperty>;

const ROW = /^\t(\S+)\s+(YES|NO)\s+(YES|NO)\s+(.+)$/;

/** `[1-9]` is a character class; `[,verify]` is an optional part. */
function alternativePattern(alternative: string): RegExp | undefined {
  if (/[<(]|\s/.test(alternative)) return undefined;
  let source = '';
  for (const part of alternative.split(/(\[[^\]]*\])/)) {
    if (/^\[.-.\]$/.test(part)) source += part;
    else if (part.startsWith('[')) source += `(?:${escape(part.slice(1, -1))})?`;
    else source += escape(part);
  }
  return new RegExp(`^${source}$`);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function valuePatterns(text: string): RegExp[] | undefined {
  const patterns: RegExp[] = [];
  for (const alternative of text.split(' | ').map((a) => a.trim())) {
    const pattern = alternativePattern(alternative);
    if (!pattern) return undefined;
    patterns.push(pattern);
  }
  return patterns;
}

/** Parses the usage text; an empty table when it has no property rows. */
export function parseZfsPropertyTable(usage: string): ZfsPropertyTable {
  const table: ZfsPropertyTable = new Map();
  for (const line of usage.split('\n')) {
    const row = ROW.exec(line.replace(/\r$/, ''));
    if (!row || row[1] === 'PROPERTY') continue;
    const [, name, edit, inherit, text] = row as unknown as [string, string, string, string, string];
    const values = valuePatterns(text.trim());
    table.set(name, {
      name,
      editable: edit === 'YES',
      inheritable: inherit === 'YES',
      text: text.trim(),
      ...(values ? { values } : {}),
    });
  }
  return table;
}

/** Why `key=value` would be refused by `zfs create -o`, or undefined when it is accepted (or cannot be known). */
export function refusal(table: ZfsPropertyTable, key: string, value: string): string | undefined {
  if (key.includes(':')) return undefined; // a user property: any value
  if (/@/.test(key)) return undefined; // userquota@..., not in the table by exact name
  const property = table.get(key);
  if (!property) return `this ZFS has no property \`${key}\``;
  if (!property.editable && !property.inheritable) return `\`${key}\` is read-only on this ZFS`;
  if (property.values && !property.values.some((p) => p.test(value)))
    return `this ZFS accepts ${key}: ${property.text}, not \`${value}\``;
  return undefined;
}
