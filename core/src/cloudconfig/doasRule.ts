/**
 * sudo rules in doas terms. A cloud-config `sudo` rule is the part of a sudoers line after the user
 * (`ALL=(ALL) NOPASSWD:ALL`); doas (alpine) has no host part, no run-as group, no tags but the
 * password one, and no wildcards. A rule that fits is translated; any other is refused with the
 * reason, and the caller writes nothing to the doas file for it (the check warns at the rule).
 */

/** One doas permission: `permit [nopass|persist] USER [as TARGET] [cmd CMD [args ...]]`. */
export interface DoasPermit {
  nopass: boolean;
  /** The user to run as; undefined: any user (sudo's `(ALL)`). */
  as?: string;
  /** The command; undefined: any command (sudo's `ALL`). */
  cmd?: string;
  /** Exactly these arguments; undefined: any arguments. */
  args?: string[];
}

export type DoasTranslation = { ok: true; permits: DoasPermit[] } | { ok: false; reason: string };

const NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;
/** Words doas.conf reads as they stand (anything else would need its quoting rules). */
const PLAIN_WORD = /^[\w@%+=:,./~^-]+$/;
const WILDCARD = /[*?[\]]/;
const PASSWORD_TAGS = new Set(['NOPASSWD', 'PASSWD']);

const refuse = (reason: string): DoasTranslation => ({ ok: false, reason });

/** The doas permissions of one sudo rule, or why doas cannot express it. */
export function sudoRuleToDoas(rule: string): DoasTranslation {
  if (/[\\\n]/.test(rule)) return refuse('it uses sudoers escapes or several lines');
  const hostSplit = /^\s*([^=\s]+)\s*=\s*(.*)$/.exec(rule);
  if (!hostSplit) return refuse('it is not a sudoers rule of the form `ALL=(ALL) ALL`');
  if (hostSplit[1] !== 'ALL') return refuse(`doas has no host part (\`${hostSplit[1]}=\`)`);
  let rest = hostSplit[2]!.trim();
  let targets: (string | undefined)[] = ['root']; // sudo's default run-as user
  const runAs = /^\(([^)]*)\)\s*(.*)$/.exec(rest);
  if (runAs) {
    const parsed = runAsTargets(runAs[1]!);
    if (typeof parsed === 'string') return refuse(parsed);
    targets = parsed;
    rest = runAs[2]!;
  }
  const commands = commandsOf(rest);
  if (typeof commands === 'string') return refuse(commands);
  return { ok: true, permits: targets.flatMap((as) => commands.map((c) => ({ ...c, as }))) };
}

/** `(alice, bob)`, `(ALL)`, `(ALL:ALL)` → the run-as users (undefined: any); or why not. */
function runAsTargets(spec: string): (string | undefined)[] | string {
  const [users = '', group, ...more] = spec.split(':').map((s) => s.trim());
  if (more.length) return `the run-as part \`(${spec})\` is not sudoers syntax`;
  if (group !== undefined && group !== '' && group !== 'ALL')
    return `doas cannot run a command as a group (\`(${spec})\`)`;
  if (users === '') return `the run-as part \`(${spec})\` names no user`;
  const names = users.split(',').map((s) => s.trim());
  if (names.includes('ALL')) return [undefined];
  const odd = names.find((n) => !NAME.test(n));
  if (odd !== undefined)
    return `doas cannot express the run-as user \`${odd}\` (groups, ids, negations, aliases)`;
  return names;
}

type Command = Omit<DoasPermit, 'as'>;

/** `NOPASSWD: /sbin/apk, PASSWD: ALL` → one command each, the tags carried as sudo carries them. */
function commandsOf(list: string): Command[] | string {
  const out: Command[] = [];
  let nopass = false;
  for (const item of list.split(',')) {
    let text = item.trim();
    for (let tag = /^([A-Z_]+):\s*/.exec(text); tag; tag = /^([A-Z_]+):\s*/.exec(text)) {
      if (!PASSWORD_TAGS.has(tag[1]!)) return `doas has no equivalent of the sudo tag \`${tag[1]}:\``;
      nopass = tag[1] === 'NOPASSWD';
      text = text.slice(tag[0].length);
    }
    const command = commandOf(text);
    if (typeof command === 'string') return command;
    out.push({ nopass, ...command });
  }
  return out;
}

function commandOf(text: string): Omit<Command, 'nopass'> | string {
  if (text === 'ALL') return {};
  if (text === '') return 'it has an empty command';
  const [cmd = '', ...args] = text.split(/\s+/);
  if (!cmd.startsWith('/')) return `doas cannot express the command \`${cmd}\` (only \`ALL\` or a full path)`;
  if (cmd.endsWith('/')) return `doas cannot permit a whole directory (\`${cmd}\`)`;
  if (WILDCARD.test(text)) return `doas has no wildcards (\`${text}\`)`;
  if (args.length === 1 && args[0] === '""') return { cmd, args: [] };
  const odd = [cmd, ...args].find((w) => !PLAIN_WORD.test(w));
  if (odd !== undefined) return `the word \`${odd}\` would need quoting in doas.conf`;
  return args.length ? { cmd, args } : { cmd };
}

/** The doas.conf line of one permission for `user` (sudo's password prompt → `persist`). */
export function doasLine(permit: DoasPermit, user: string): string {
  return [
    'permit',
    permit.nopass ? 'nopass' : 'persist',
    user,
    ...(permit.as ? ['as', permit.as] : []),
    ...(permit.cmd ? ['cmd', permit.cmd] : []),
    ...(permit.args ? ['args', ...permit.args] : []),
  ].join(' ');
}
