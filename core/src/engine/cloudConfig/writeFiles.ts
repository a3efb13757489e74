import { dirname } from 'node:path';
import { OCTAL_MODE } from '../../cloudconfig/checkCloudConfig';
import type { Step } from '../plan';
import { CloudConfigError, type Ctx, exec, type Json } from './context';
import { withPrivateFile } from './privateFiles';

/** A mode from `permissions`: '0644', '644', '0o644' (octal); missing means 0644. */
export function parseMode(p: unknown): number {
  if (p === undefined || p === null || p === '') return 0o644;
  const text = String(p);
  if (!OCTAL_MODE.test(text)) throw new CloudConfigError(`permissions ${text}: not an octal mode`);
  return parseInt(text.replace(/^0o?/, '') || '0', 8);
}

// Every content may be a secret: it waits in a private file and is copied into place by `cat`,
// the mode set before the content arrives (created as 0600 through the umask), so it is never
// readable by anyone the mode does not allow. Overwriting sets the mode as cloud-init does (LXD's
// files API keeps the old mode of an existing file); appending keeps an existing file's mode, so
// that a default 0644 never opens up what is already in it. An existing file keeps its owner.
const OVERWRITE = ['umask 077', ': >> "$2"', 'chmod -- "$3" "$2"', 'cat -- "$1" > "$2"'];
const APPEND = [
  'umask 077',
  'if [ ! -e "$2" ]; then : > "$2"; chmod -- "$3" "$2"; fi',
  'cat -- "$1" >> "$2"',
];

function contentOf(f: Json): string {
  if (typeof f.content === 'string') return f.content;
  return f.content === undefined || f.content === null ? '' : String(f.content);
}

/** One write_files entry: its directory, its content through a private file, its owner. */
export function writeFile(c: Ctx, f: Json): Step[] {
  const path = String(f.path ?? '');
  if (!path.startsWith('/'))
    throw new CloudConfigError(`${c.file}: write_files path ${JSON.stringify(path)} must be absolute`);
  const mode = parseMode(f.permissions);
  const append = f.append === true;
  const out: Step[] = [
    exec(c, `create ${dirname(path)}`, ['mkdir', '-p', '--', dirname(path)]),
    ...withPrivateFile(
      c,
      { what: `the content of ${path}`, content: contentOf(f) },
      {
        description: `${append ? 'append to' : 'write'} ${path} (mode ${modeText(mode)})`,
        script: append ? APPEND : OVERWRITE,
        args: [path, modeText(mode)],
      },
    ),
  ];
  if (typeof f.owner === 'string' && f.owner !== '')
    out.push(exec(c, `give ${path} to ${f.owner}`, ['chown', '--', f.owner, path]));
  return out;
}

/** An octal mode as chmod reads it: 0644, 04755. */
export function modeText(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}
