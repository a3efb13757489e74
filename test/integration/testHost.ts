/**
 * The server the integration suite runs against, chosen by LXDOPS_TEST_HOST (issue 10, point 7):
 * `local` (default: the local LXD, no flag, as a user without hosts runs it), `incus-local` (the
 * local Incus: every operation gets `--host incus-local`, every read goes through `incus`), or
 * `https-lxd` (the local LXD over HTTPS on loopback, a remote added the way `lxc remote add` does
 * it: every operation gets `--host https-lxd` with its LXD_CONF). The same test files run for each;
 * a file that is about one kind of server says so with `onlyOn` (stack.ts), never silently.
 */
export type TestHostName = 'local' | 'incus-local' | 'https-lxd';

export interface TestHost {
  name: TestHostName;
  /** For test titles and messages. */
  label: string;
  /** The server's own CLI, for the tests' setup and read-back: `lxc` or `incus`. */
  cli: 'lxc' | 'incus';
  /** The server's unix socket (the in-process clients, the language server, `--socket`). */
  socket: string;
  /** What every `lxdops` operation gets when the test names no host itself. */
  hostArgs: string[];
  /** The setup script that makes this host usable, for the message when it is not. */
  setup: string;
}

/** The private lxc config dir of the `https-lxd` remote (made by the suite, see httpsRemote.ts). */
export const HTTPS_LXD_CONF = '/var/tmp/lxdops-it-https-lxd';

const HOSTS: Record<TestHostName, TestHost> = {
  local: {
    name: 'local',
    label: 'LXD',
    cli: 'lxc',
    socket: '/var/lib/lxd/unix.socket',
    hostArgs: [],
    setup: 'scripts/setup-real-stack.sh',
  },
  'incus-local': {
    name: 'incus-local',
    label: 'Incus',
    cli: 'incus',
    socket: '/var/lib/incus/unix.socket',
    hostArgs: ['--host', 'incus-local'],
    setup: 'scripts/setup-real-stack.sh && sudo scripts/setup-incus.sh',
  },
  'https-lxd': {
    name: 'https-lxd',
    label: 'LXD over HTTPS',
    cli: 'lxc',
    socket: '/var/lib/lxd/unix.socket',
    hostArgs: ['--host', 'https-lxd'],
    setup: 'scripts/setup-real-stack.sh && sudo scripts/setup-https-loopback.sh',
  },
};

/** The host LXDOPS_TEST_HOST names; an unknown value stops the suite (a typo never means LXD). */
export function testHost(value: string | undefined): TestHost {
  const name = value || 'local';
  const host = (HOSTS as Record<string, TestHost | undefined>)[name];
  if (!host)
    throw new Error(`LXDOPS_TEST_HOST=${name}: not a test host (one of ${Object.keys(HOSTS).join(', ')})`);
  return host;
}

/** The lxdops subcommands that take `--host` (the operations and `list`). */
const HOST_COMMANDS = new Set([
  'launch',
  'rebuild',
  'delete',
  'destroy',
  'configure',
  'create-devices',
  'create-profile',
  'cleanup',
  'adopt',
  'snapshot',
  'rollback',
  'rename',
  'revert',
  'list',
]);

/**
 * The CLI's arguments aimed at `host`: its `--host` goes right after the subcommand, unless the
 * test chose the server itself (`--host`, `--socket`) or the subcommand talks to no server.
 */
export function aimedAt(host: TestHost, args: readonly string[]): string[] {
  const [command, ...rest] = args;
  if (command === undefined || !HOST_COMMANDS.has(command)) return [...args];
  if (
    rest.some(
      (a) => a === '--host' || a === '--socket' || a.startsWith('--host=') || a.startsWith('--socket='),
    )
  )
    return [...args];
  return [command, ...host.hostArgs, ...rest];
}
