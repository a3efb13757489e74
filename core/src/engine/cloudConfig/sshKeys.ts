import type { Step } from '../plan';
import type { Ctx, Json } from './context';
import { withPrivateFile } from './privateFiles';

// An existing authorized_keys is never changed (keys are not merged, as upstream). The keys are
// written 0600 from the start (umask), .ssh is made 0700, and both are given to the user.
const INSTALL = [
  'f="$2/authorized_keys"',
  'if [ ! -e "$f" ]; then',
  'mkdir -p -- "$2"',
  'chmod 700 -- "$2"',
  'umask 077',
  'cat -- "$1" > "$f"',
  'chmod 600 -- "$f"',
  'chown -- "$3:" "$2" "$f"',
  'fi',
];

/** The ssh home: homedir, /root for root, else /home/<name> (not looked up in /etc/passwd). */
function sshDirOf(name: string, u: Json): string {
  const home = typeof u.homedir === 'string' ? u.homedir : name === 'root' ? '/root' : `/home/${name}`;
  return `${home}/.ssh`;
}

/** `ssh_authorized_keys`, one per line, through a private file. */
export function sshKeys(c: Ctx, name: string, u: Json): Step[] {
  const keys = Array.isArray(u.ssh_authorized_keys) ? u.ssh_authorized_keys.map(String) : [];
  if (!keys.length) return [];
  return withPrivateFile(
    c,
    { what: `the ssh keys of ${name}`, content: keys.map((k) => `${k}\n`).join('') },
    { description: `install the ssh keys of ${name}`, script: INSTALL, args: [sshDirOf(name, u), name] },
  );
}
