import { existsSync } from 'node:fs';
import type { HostResult, HostRunner } from '../engine/doors';
import type { HostCommand } from '../engine/plan';

const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The absolute path of a tool (Debian's non-root PATH lacks /usr/sbin, where zfs lives). */
export function toolPath(name: string): string {
  if (name.startsWith('/')) return name;
  for (const dir of SEARCH) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return name;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const BUSY = /dataset is busy|pool or dataset is busy/i;

/**
 * Host commands on this machine with execa: argument arrays, absolute tool paths, `sudo -n` when
 * not root (it fails instead of waiting for a password), retries when ZFS says "busy".
 */
export class LocalHostRunner implements HostRunner {
  constructor(
    private readonly options: {
      sudo?: 'auto' | 'always' | 'never';
      busyRetries?: number;
      busyDelayMs?: number;
    } = {},
  ) {}

  async run(command: HostCommand): Promise<HostResult> {
    const [tool, ...args] = command.argv;
    const file = toolPath(tool!);
    const useSudo =
      command.sudo && (this.options.sudo === 'always' || (this.options.sudo !== 'never' && !isRoot()));
    const [bin, argv] = useSudo ? [toolPath('sudo'), ['-n', file, ...args]] : [file, args];
    const retries = command.retryBusy ? (this.options.busyRetries ?? 10) : 0;
    // execa is ESM-only: a dynamic import loads it from CommonJS (tests) and bundles (esbuild) alike
    const { execa } = await import('execa');
    for (let attempt = 0; ; attempt++) {
      const r = await execa(bin, argv, { reject: false, stdin: 'ignore', env: { LC_ALL: 'C' } });
      const result = {
        exitCode: r.exitCode ?? (r.failed ? 1 : 0),
        stdout: String(r.stdout ?? ''),
        stderr: String(r.stderr ?? (r.failed && !r.exitCode ? r.message : '')),
      };
      if (result.exitCode !== 0 && attempt < retries && BUSY.test(result.stderr)) {
        await new Promise((res) => setTimeout(res, this.options.busyDelayMs ?? 1000));
        continue;
      }
      if (result.exitCode !== 0 && command.until !== undefined && attempt < command.until) {
        await new Promise((res) => setTimeout(res, 100));
        continue;
      }
      return result;
    }
  }

  async exists(path: string): Promise<boolean> {
    return existsSync(path);
  }
}
