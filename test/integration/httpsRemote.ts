/**
 * The `https-lxd` test host: the local LXD on https://127.0.0.1:18443 (scripts/setup-https-loopback.sh),
 * added as a remote the way a user adds one — a trust token from `lxc config trust add`, then
 * `lxc remote add https-lxd TOKEN` — into a private LXD_CONF (HTTPS_LXD_CONF), so the user's own
 * client config is untouched. Made once and reused by every file of the run (and the next runs):
 * one trusted client certificate, not one per file.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HTTPS_LXD_CONF } from './testHost';

const REMOTE = 'https-lxd';
const URL = 'https://127.0.0.1:18443';

function lxc(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ ok: boolean; out: string }> {
  return new Promise((res) =>
    execFile('lxc', args, { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      res({ ok: !error, out: `${stdout}${stderr}`.trim() }),
    ),
  );
}

/** Does the remote in HTTPS_LXD_CONF answer, trusted? */
async function trusted(): Promise<boolean> {
  if (!existsSync(join(HTTPS_LXD_CONF, 'config.yml'))) return false;
  const r = await lxc(['query', `${REMOTE}:/1.0`], { LXD_CONF: HTTPS_LXD_CONF });
  return r.ok && /"auth":\s*"trusted"/.test(r.out);
}

/**
 * Makes sure the `https-lxd` remote is there and trusted (adding it when not); returns what is
 * wrong, for requireStack's list, or undefined.
 */
export async function ensureHttpsRemote(trustName: string): Promise<string | undefined> {
  if (await trusted()) return undefined;
  rmSync(HTTPS_LXD_CONF, { recursive: true, force: true });
  const token = await lxc(['config', 'trust', 'add', '--name', trustName]);
  if (!token.ok) return `\`lxc config trust add\` failed: ${token.out}`;
  const added = await lxc(['remote', 'add', REMOTE, token.out.split('\n').pop()!.trim()], {
    LXD_CONF: HTTPS_LXD_CONF,
  });
  if (!added.ok) return `\`lxc remote add ${REMOTE}\` (${URL}) failed: ${added.out}`;
  if (!(await trusted()))
    return `the remote ${REMOTE} (${URL}) does not trust the test client after \`lxc remote add\``;
  return undefined;
}
