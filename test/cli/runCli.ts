import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');

/**
 * Runs the built CLI as a user would (npm test builds it first), without the user's own config
 * (`XDG_CONFIG_HOME` is an empty fixture unless `env` says otherwise).
 */
export function lxdops(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: join(ROOT, 'test/fixtures/no-config-home'), ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
