import { dirname } from 'node:path';
import type { ParsedFile } from '../document/parsedFile';
import type { Step } from './plan';
import { validators } from '../schema/schemas';
import { yamlToData } from '../schema/yamlToData';
import { OCTAL_MODE } from '../cloudconfig/checkCloudConfig';

export type OsFamily = 'alpine' | 'debian';

/** alpine → alpine; debian and ubuntu → debian (reference cloud-config-subset §0). */
export function osFamily(name: string): OsFamily | undefined {
  if (name === 'alpine') return 'alpine';
  if (name === 'debian' || name === 'ubuntu') return 'debian';
  return undefined;
}

export class CloudConfigError extends Error {
  override readonly name = 'CloudConfigError';
}

type Json = Record<string, unknown>;

/** A mode from `permissions`: '0644', '644', '0o644' (octal); missing means 0644. */
export function parseMode(p: unknown): number {
  if (p === undefined || p === null || p === '') return 0o644;
  const text = String(p);
  if (!OCTAL_MODE.test(text)) throw new CloudConfigError(`permissions ${text}: not an octal mode`);
  return parseInt(text.replace(/^0o?/, '') || '0', 8);
}

const USER_NAME = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;

/** Quotes one word for `sh -c` (used only where a shell is unavoidable: a here-document). */
function sh(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

interface Ctx {
  instance: string;
  project: string;
  os: OsFamily;
  file: string;
}

const exec = (c: Ctx, description: string, command: string[], secret = false): Step => ({
  kind: 'exec',
  description,
  destructive: false,
  instance: c.instance,
  project: c.project,
  command,
  ...(secret ? { secret: true } : {}),
});

function writeFile(c: Ctx, f: Json): Step[] {
  const path = String(f.path ?? '');
  if (!path.startsWith('/'))
    throw new CloudConfigError(`${c.file}: write_files path ${JSON.stringify(path)} must be absolute`);
  const out: Step[] = [
    exec(c, `create ${dirname(path)}`, ['mkdir', '-p', dirname(path)]),
    {
      kind: 'push-file',
      description: `${f.append === true ? 'append to' : 'write'} ${path}`,
      destructive: false,
      instance: c.instance,
      project: c.project,
      path,
      content:
        typeof f.content === 'string'
          ? f.content
          : f.content === undefined || f.content === null
            ? ''
            : String(f.content),
      mode: parseMode(f.permissions),
      append: f.append === true,
      secret: true, // file contents may hold keys or passwords: never shown
    },
  ];
  if (typeof f.owner === 'string' && f.owner !== '')
    out.push(exec(c, `give ${path} to ${f.owner}`, ['chown', f.owner, path]));
  return out;
}

function packageName(p: unknown): string | undefined {
  if (typeof p === 'string') return p;
  if (Array.isArray(p) && p.length === 2) return `${p[0]}=${p[1]}`;
  return undefined;
}

function packages(c: Ctx, list: unknown[]): Step[] {
  const names: string[] = [];
  for (const p of list) {
    const n = packageName(p);
    if (n) names.push(n);
    else if (p && typeof p === 'object' && c.os === 'debian')
      for (const a of ((p as Json).apt as unknown[]) ?? []) names.push(packageName(a) ?? '');
  }
  return names
    .filter(Boolean)
    .map((n) =>
      c.os === 'alpine'
        ? exec(c, `install ${n}`, ['apk', 'add', n])
        : exec(c, `install ${n}`, ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-y', 'install', n]),
    );
}

function usersOf(value: unknown): Json[] {
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const out: Json[] = [];
  for (const u of list) {
    if (typeof u === 'string') {
      for (const n of u.split(',').map((s) => s.trim())) if (n && n !== 'default') out.push({ name: n });
    } else if (u && typeof u === 'object') out.push(u as Json);
  }
  return out;
}

function sudoRules(v: unknown, defaultRule: string): string[] {
  if (v === true) return [defaultRule];
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v)) return v.filter((r): r is string => typeof r === 'string');
  return [];
}

function users(c: Ctx, value: unknown): Step[] {
  const list = usersOf(value);
  const out: Step[] = [];
  for (const u of list) {
    const name = String(u.name ?? '');
    if (!USER_NAME.test(name))
      throw new CloudConfigError(`${c.file}: user name ${JSON.stringify(name)} is not a valid login name`);
    const gecos = typeof u.gecos === 'string' ? u.gecos : '';
    const noHome = u.no_create_home === true;
    const args =
      c.os === 'alpine'
        ? [
            'adduser',
            '-g',
            gecos,
            '-D',
            ...(u.uid !== undefined ? ['-u', String(u.uid)] : []),
            ...(u.shell ? ['-s', String(u.shell)] : []),
            ...(noHome ? ['-H'] : u.homedir ? ['-h', String(u.homedir)] : []),
            ...(u.primary_group ? ['-G', String(u.primary_group)] : []),
            name,
          ]
        : [
            'adduser',
            name,
            '--disabled-password',
            '--gecos',
            gecos,
            ...(u.uid !== undefined ? ['--uid', String(u.uid)] : []),
            ...(u.shell ? ['--shell', String(u.shell)] : []),
            ...(noHome ? ['--no-create-home'] : u.homedir ? ['--home', String(u.homedir)] : []),
            ...(u.primary_group ? ['--ingroup', String(u.primary_group)] : []),
          ];
    out.push(exec(c, `add user ${name}`, args));
    const groups =
      typeof u.groups === 'string'
        ? u.groups.split(',')
        : Array.isArray(u.groups)
          ? u.groups.map(String)
          : [];
    for (const g of groups.map((x) => x.trim()).filter(Boolean))
      out.push(exec(c, `add ${name} to group ${g}`, ['adduser', name, g]));
  }
  if (c.os === 'alpine' && list.length) {
    // unlock the accounts for key-based ssh (a locked `!` password refuses even keys)
    const lines = list.map((u) => `${String(u.name)}:*`).join('\n');
    out.push(
      exec(c, `unlock the accounts of ${list.map((u) => String(u.name)).join(', ')}`, [
        'sh',
        '-c',
        `chpasswd -e <<'LXDOPS_EOF'\n${lines}\nLXDOPS_EOF`,
      ]),
    );
  }
  for (const u of list) {
    const name = String(u.name);
    const sudo = sudoRules(u.sudo, 'ALL=(ALL) NOPASSWD:ALL');
    if (sudo.length) {
      const doas = sudoRules(u.sudo, 'permit nopass');
      const script = [
        `if [ -d /etc/sudoers.d ]; then cat > /etc/sudoers.d/${name} <<'LXDOPS_EOF'`,
        ...sudo.map((r) => `${name} ${r}`),
        'LXDOPS_EOF',
        `chmod 600 /etc/sudoers.d/${name}; fi`,
        `if [ -d /etc/doas.d ]; then cat > /etc/doas.d/${name}.conf <<'LXDOPS_EOF'`,
        ...doas.map((r) => `${r} ${name}`),
        'LXDOPS_EOF',
        `chmod 600 /etc/doas.d/${name}.conf; fi`,
      ].join('\n');
      out.push(exec(c, `give ${name} sudo/doas rules`, ['sh', '-c', script]));
    }
    const keys = Array.isArray(u.ssh_authorized_keys) ? u.ssh_authorized_keys.map(String) : [];
    if (keys.length) {
      const home = typeof u.homedir === 'string' ? u.homedir : name === 'root' ? '/root' : `/home/${name}`;
      const file = `${home}/.ssh/authorized_keys`;
      const script = [
        `f=${sh(file)}`,
        'if [ ! -e "$f" ]; then',
        `mkdir -p ${sh(`${home}/.ssh`)}`,
        `cat > "$f" <<'LXDOPS_EOF'`,
        ...keys,
        'LXDOPS_EOF',
        'chmod 600 "$f"',
        `chmod 700 ${sh(`${home}/.ssh`)}`,
        `chown ${sh(`${name}:`)} ${sh(`${home}/.ssh`)} "$f"`,
        'fi',
      ].join('\n');
      out.push(exec(c, `install the ssh keys of ${name}`, ['sh', '-c', script], true));
    }
  }
  return out;
}

function runcmd(c: Ctx, list: unknown[]): Step[] {
  const out: Step[] = [];
  list.forEach((item, i) => {
    if (item === null || item === undefined) return;
    if (typeof item === 'string') out.push(exec(c, `run command ${i + 1}`, ['sh', '-c', item]));
    else if (Array.isArray(item)) {
      if (item.length === 0)
        throw new CloudConfigError(`${c.file}: runcmd item ${i + 1} is an empty command`);
      out.push(
        exec(
          c,
          `run command ${i + 1}`,
          item.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))),
        ),
      );
    } else throw new CloudConfigError(`${c.file}: runcmd item ${i + 1} is not a string or a list`);
  });
  return out;
}

/**
 * The steps that apply one cloud-config file, in lxdops' order: write_files (not deferred),
 * packages, users, timezone, deferred write_files, runcmd (reference cloud-config-subset §3.6).
 */
export function cloudConfigSteps(
  parsed: ParsedFile,
  target: { instance: string; project: string; os: OsFamily },
): Step[] {
  if (parsed.header.kind !== 'cloud-config' || !parsed.header.exact)
    throw new CloudConfigError(`${parsed.path}: does not start with #cloud-config`);
  if (parsed.syntaxErrors.length)
    throw new CloudConfigError(`${parsed.path}: ${parsed.syntaxErrors[0]!.message}`);
  const data = (
    parsed.doc.contents === null ? {} : yamlToData(parsed.doc, validators.cloudConfig.schema)
  ) as Json;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new CloudConfigError(`${parsed.path}: not a mapping`);
  const c: Ctx = { ...target, file: parsed.path };
  const files = Array.isArray(data.write_files) ? (data.write_files as Json[]) : [];
  return [
    ...files.filter((f) => f && f.defer !== true).flatMap((f) => writeFile(c, f)),
    ...(Array.isArray(data.packages) ? packages(c, data.packages) : []),
    ...(data.users !== undefined && data.users !== null ? users(c, data.users) : []),
    ...(typeof data.timezone === 'string' && data.timezone
      ? [
          exec(
            c,
            `set the timezone to ${data.timezone}`,
            c.os === 'alpine'
              ? ['setup-timezone', '-z', data.timezone]
              : ['timedatectl', 'set-timezone', data.timezone],
          ),
        ]
      : []),
    ...files.filter((f) => f && f.defer === true).flatMap((f) => writeFile(c, f)),
    ...(Array.isArray(data.runcmd) ? runcmd(c, data.runcmd) : []),
  ];
}

/** Whether applying these files needs the network (packages to install). */
export function needsNetwork(parsed: ParsedFile): boolean {
  const data =
    parsed.doc.contents === null ? {} : (yamlToData(parsed.doc, validators.cloudConfig.schema) as Json);
  return Array.isArray(data?.packages) && data.packages.length > 0;
}
