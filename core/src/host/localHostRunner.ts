import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { HostResult, HostRunner, PathEntry } from '../engine/doors';
import { pathComponents } from '../engine/hostPaths';
import type { HostCommand } from '../engine/plan';
import { entryOf, parseStat, statArgv, upToFirstNonDir } from './pathEntries';

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
    if (path === '/') return true;
    const entries = await this.inspect(path);
    return entries.at(-1)?.path === path && entries.at(-1)?.type !== 'missing';
  }

  /**
   * lstat of each component, top down, stopping after the first that is not a directory. Where
   * this process may not look (a 0700 directory of root's, when not root), the same question goes
   * to `stat` through sudo.
   */
  async inspect(path: string): Promise<PathEntry[]> {
    const components = pathComponents(path);
    const entries: PathEntry[] = [];
    for (const component of components) {
      const entry = await lstatEntry(component);
      if (entry === 'denied') return this.statInspect(components);
      entries.push(entry);
      if (entry.type !== 'dir') break;
    }
    return upToFirstNonDir(entries);
  }

  private async statInspect(components: string[]): Promise<PathEntry[]> {
    const r = await this.run({ argv: statArgv(components), sudo: true });
    // stat exits 1 when a component is missing: the lines of those before it still came
    if (r.exitCode !== 0 && !/No such file or directory|Not a directory/.test(r.stderr))
      throw new Error(
        `cannot look at ${components.at(-1)}: ${r.stderr.trim() || `stat exited with ${r.exitCode}`}`,
      );
    return parseStat(components, r.stdout);
  }
}

/** The component as lstat sees it; 'denied' when this process may not look. */
async function lstatEntry(path: string): Promise<PathEntry | 'denied'> {
  try {
    const s = await lstat(path);
    return entryOf(path, s.mode, s.uid, s.gid);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, type: 'missing' };
    if (code === 'EACCES' || code === 'EPERM') return 'denied';
    throw new Error(`cannot look at ${path}: ${(e as Error).message}`);
  }
}
