import type { Step } from '../plan';
import { CloudConfigError, type Ctx, exec, type Json } from './context';
import { withPrivateFile } from './privateFiles';
import { sshKeys } from './sshKeys';
import { sudoRules } from './sudoRules';

const USER_NAME = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;

/** The user mappings of `users` (a string or string items name users with defaults). */
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

function alpineAdduser(u: Json, name: string): string[] {
  return [
    'adduser',
    '-g',
    typeof u.gecos === 'string' ? u.gecos : '',
    '-D',
    ...(u.uid !== undefined ? ['-u', String(u.uid)] : []),
    ...(u.shell ? ['-s', String(u.shell)] : []),
    ...(u.no_create_home === true ? ['-H'] : u.homedir ? ['-h', String(u.homedir)] : []),
    ...(u.primary_group ? ['-G', String(u.primary_group)] : []),
    name,
  ];
}

function debianAdduser(u: Json, name: string): string[] {
  return [
    'adduser',
    name,
    '--disabled-password',
    '--gecos',
    typeof u.gecos === 'string' ? u.gecos : '',
    ...(u.uid !== undefined ? ['--uid', String(u.uid)] : []),
    ...(u.shell ? ['--shell', String(u.shell)] : []),
    ...(u.no_create_home === true ? ['--no-create-home'] : u.homedir ? ['--home', String(u.homedir)] : []),
    ...(u.primary_group ? ['--ingroup', String(u.primary_group)] : []),
  ];
}

function groupsOf(u: Json): string[] {
  const list =
    typeof u.groups === 'string' ? u.groups.split(',') : Array.isArray(u.groups) ? u.groups.map(String) : [];
  return list.map((g) => g.trim()).filter(Boolean);
}

function addUser(c: Ctx, u: Json, name: string): Step[] {
  return [
    exec(c, `add user ${name}`, c.os === 'alpine' ? alpineAdduser(u, name) : debianAdduser(u, name)),
    ...groupsOf(u).map((g) => exec(c, `add ${name} to group ${g}`, ['adduser', name, g])),
  ];
}

/** Alpine: unlock the accounts for key-based ssh (a locked `!` password refuses even keys). */
function unlock(c: Ctx, names: string[]): Step[] {
  return withPrivateFile(
    c,
    { what: `the password lines of ${names.join(', ')}`, content: names.map((n) => `${n}:*\n`).join('') },
    { description: `unlock the accounts of ${names.join(', ')}`, script: ['chpasswd -e < "$1"'], args: [] },
  );
}

/**
 * The users module, for the whole list: adduser and groups for each user, then (alpine) one
 * chpasswd for all, then each user's sudo/doas rules, then each user's ssh keys (reference
 * cloud-config-subset §3.3).
 */
export function users(c: Ctx, value: unknown): Step[] {
  const list = usersOf(value).map((u) => ({ u, name: String(u.name ?? '') }));
  for (const { name } of list)
    if (!USER_NAME.test(name))
      throw new CloudConfigError(`${c.file}: user name ${JSON.stringify(name)} is not a valid login name`);
  const names = list.map((x) => x.name);
  return [
    ...list.flatMap(({ u, name }) => addUser(c, u, name)),
    ...(c.os === 'alpine' && names.length ? unlock(c, names) : []),
    ...list.flatMap(({ u, name }) => [...sudoRules(c, name, u.sudo), ...sshKeys(c, name, u)]),
  ];
}
