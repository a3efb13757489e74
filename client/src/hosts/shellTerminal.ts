import type { ShellRoute } from '../../../core/src/protocol';

/** A terminal that runs the CLI directly (shellPath + shellArgs): nothing is quoted into a shell string. */
export interface ShellTerminal {
  shellPath: string;
  shellArgs: string[];
  env?: Record<string, string>;
}

/**
 * `lxc exec [--project P] [REMOTE:]NAME -- sh -l` (or `incus exec`) for an instance of a host; the
 * route's problem (a hosts.yaml host the CLI does not know) when there is none. Pure.
 */
export function shellTerminal(
  route: ShellRoute,
  instance: { name: string; project: string },
): ShellTerminal | { problem: string } {
  if ('problem' in route) return { problem: route.problem };
  const target = route.remote ? `${route.remote}:${instance.name}` : instance.name;
  return {
    shellPath: route.tool,
    shellArgs: [
      'exec',
      ...(instance.project !== 'default' ? ['--project', instance.project] : []),
      target,
      '--',
      'sh',
      '-l',
    ],
    ...(route.env ? { env: route.env } : {}),
  };
}
