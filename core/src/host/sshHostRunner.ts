import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostResult, HostRunner, PathEntry } from '../engine/doors';
import { pathComponents, reachesPath } from '../engine/hostPaths';
import type { HostCommand } from '../engine/plan';
import { sshDestinationProblem } from './sshDestination';
import { resultOf } from './localHostRunner';
import { inspectWithStat } from './pathEntries';
import { runRetrying, type RetryOptions } from './retrying';
import { shellCommandLine } from './shellQuote';

/** The remote PATH: a non-interactive login's PATH may lack /usr/sbin, where zfs lives. */
const REMOTE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface SshOptions extends RetryOptions {
  /** An ssh_config file (`-F`); without it, the user's own. */
  configFile?: string;
  /** Where the multiplexing sockets live (short: a unix socket path has ~100 bytes). */
  controlDir?: string;
  /** Seconds before a connection attempt gives up. */
  connectTimeout?: number;
}

/**
 * The folder of the multiplexing sockets: whoever can put a socket there gets the commands, so in
 * a shared /tmp it must be a real directory of this user that no one else may enter (root too).
 */
export function privateControlDir(dir: string, uid: number | undefined = process.getuid?.()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`SSH control folder ${dir} is not a directory (a link?): remove it`);
  if (uid !== undefined && st.uid !== uid)
    throw new Error(`SSH control folder ${dir} belongs to uid ${st.uid}, not to this user: remove it`);
  if (st.mode & 0o077)
    throw new Error(
      `SSH control folder ${dir} is open to others (mode ${(st.mode & 0o777).toString(8)}): remove it`,
    );
  return dir;
}

/** `[user@]host[:port]` → ssh's destination and port. */
function splitDestination(destination: string): { target: string; port?: string; user?: string } {
  const problem = sshDestinationProblem(destination);
  if (problem) throw new Error(`SSH destination ${JSON.stringify(destination)}: ${problem}`);
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(destination)!;
  const host = match[2]!.replace(/^\[|\]$/g, '');
  return {
    target: match[1] ? `${match[1]}@${host}` : host,
    ...(match[3] ? { port: match[3] } : {}),
    ...(match[1] ? { user: match[1] } : {}),
  };
}

/**
 * Host commands on another machine over SSH (execa, no local shell): BatchMode (never a prompt),
 * strict host key checking against known_hosts, one multiplexed connection reused for every step,
 * each step one remote command whose words are quoted for the remote shell, `sudo -n` when the
 * remote user is not root.
 */
export class SshHostRunner implements HostRunner {
  private readonly target: string;
  private readonly sshArgs: string[];
  private remoteRoot: Promise<boolean> | undefined;

  constructor(
    readonly destination: string,
    private readonly options: SshOptions = {},
  ) {
    const { target, port, user } = splitDestination(destination);
    this.target = target;
    const controlDir = privateControlDir(
      options.controlDir ?? join(tmpdir(), `lxdops-ssh-${process.getuid?.() ?? 'u'}`),
    );
    this.sshArgs = [
      ...(options.configFile ? ['-F', options.configFile] : []),
      ...(port ? ['-p', port] : []),
      ...['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'],
      ...['-o', `ConnectTimeout=${options.connectTimeout ?? 5}`],
      ...['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlDir}/%C`, '-o', 'ControlPersist=60'],
    ];
    if (user) this.remoteRoot = Promise.resolve(user === 'root');
  }

  /** One remote command line; its exit status and output come back as they are. */
  private async ssh(remoteLine: string): Promise<HostResult> {
    const { execa } = await import('execa');
    const result = resultOf(
      await execa('ssh', [...this.sshArgs, '--', this.target, remoteLine], {
        reject: false,
        stdin: 'ignore',
      }),
    );
    if (result.exitCode === 255) result.stderr = `ssh ${this.destination}: ${result.stderr.trim()}`;
    return result;
  }

  /** Whether the remote user is root (asked once when the destination names no user). */
  private isRoot(): Promise<boolean> {
    this.remoteRoot ??= this.ssh('id -u').then((r) => r.exitCode === 0 && r.stdout.trim() === '0');
    return this.remoteRoot;
  }

  async run(command: HostCommand): Promise<HostResult> {
    const sudo = command.sudo && !(await this.isRoot()) ? ['sudo', '-n'] : [];
    const line = shellCommandLine([...sudo, 'env', `PATH=${REMOTE_PATH}`, 'LC_ALL=C', ...command.argv]);
    return runRetrying(command, this.options, () => this.ssh(line));
  }

  /** Whether the path exists on the remote host, its last component not followed if a link. */
  async exists(path: string): Promise<boolean> {
    return reachesPath(await this.inspect(path), path);
  }

  /** The components of `path` on the remote host, through `stat` (no link followed): one round trip. */
  inspect(path: string): Promise<PathEntry[]> {
    return inspectWithStat((command) => this.run(command), pathComponents(path));
  }
}
