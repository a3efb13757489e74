import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { HostResult, HostRunner, PathEntry } from '../engine/doors';
import { pathComponents, reachesPath } from '../engine/hostPaths';
import type { HostCommand } from '../engine/plan';
import { entryOf, inspectWithStat, upToFirstNonDir } from './pathEntries';
import { runRetrying } from './retrying';

const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The absolute path of a tool (Debian's non-root PATH lacks /usr/sbin, where zfs lives). */
export function toolPath(name: string): string {
  if (name.startsWith('/')) return name;
  for (const dir of SEARCH) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return name;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** What execa reports, as a host result (a command that could not start is exit 1 with the reason). */
export function resultOf(r: {
  exitCode?: number;
  failed: boolean;
  stdout?: unknown;
  stderr?: unknown;
  message?: string;
}): HostResult {
  return {
    exitCode: r.exitCode ?? (r.failed ? 1 : 0),
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? (r.failed && !r.exitCode ? r.message : '')),
  };
}

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
    // execa is ESM-only: a dynamic import loads it from CommonJS (tests) and bundles (esbuild) alike
    const { execa } = await import('execa');
    return runRetrying(command, this.options, async () =>
      resultOf(await execa(bin, argv, { reject: false, stdin: 'ignore', env: { LC_ALL: 'C' } })),
    );
  }

  async exists(path: string): Promise<boolean> {
    return reachesPath(await this.inspect(path), path);
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

  private statInspect(components: string[]): Promise<PathEntry[]> {
    return inspectWithStat((command) => this.run(command), components);
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
