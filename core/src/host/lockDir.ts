import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where this machine's instance locks live: `LXDOPS_LOCK_DIR` when set, `/run/lxdops/locks` for
 * root, else `$XDG_RUNTIME_DIR/lxdops/locks`, else `<tmpdir>/lxdops-<uid>/locks`.
 */
export function defaultLockDir(
  env: Record<string, string | undefined> = process.env,
  uid: number | undefined = process.getuid?.(),
): string {
  if (env.LXDOPS_LOCK_DIR) return env.LXDOPS_LOCK_DIR;
  if (uid === 0) return '/run/lxdops/locks';
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'lxdops', 'locks');
  return join(tmpdir(), `lxdops-${uid ?? 'user'}`, 'locks');
}

/**
 * Makes the directory (mode 0700 for what is created) and checks that it is a real directory of
 * this user: in a shared /tmp, another user could have made it first, or put a link there.
 */
export function ensureLockDir(dir: string, uid: number | undefined = process.getuid?.()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`lock directory ${dir} is not a directory (a link?): remove it`);
  if (uid !== undefined && st.uid !== uid && uid !== 0)
    throw new Error(`lock directory ${dir} belongs to uid ${st.uid}, not to this user: remove it`);
}
