import type { HostResult, HostRunner } from './doors';
import type { HostCommand } from './plan';

/** How often a `zfs create -p` that lost the race for a parent is tried again. */
const TRIES = 4;

const isZfsCreate = (command: HostCommand) => command.argv[0] === 'zfs' && command.argv[1] === 'create';

/**
 * Whether a failed `zfs create -p … -- DATASET` lost a race for one of DATASET's ancestors:
 * `zfs create -p` looks for each missing parent, then creates it, and fails when another
 * process's create made it in between ("cannot create 'pool/a': dataset already exists").
 * DATASET itself existing is no race.
 */
export function lostParentRace(command: HostCommand, result: HostResult): boolean {
  const { argv } = command;
  if (!isZfsCreate(command) || !argv.includes('-p') || result.exitCode === 0) return false;
  const dataset = argv[argv.length - 1]!;
  const taken = /cannot create '([^']+)': dataset already exists/.exec(result.stderr)?.[1];
  return !!taken && dataset.startsWith(`${taken}/`);
}

/** The last `zfs create` of each runner, which the next one waits for. */
const lastCreate = new WeakMap<HostRunner, Promise<unknown>>();

/** `run` after every earlier `zfs create` of this runner has ended. */
function oneAtATime(host: HostRunner, run: () => Promise<HostResult>): Promise<HostResult> {
  const previous = lastCreate.get(host) ?? Promise.resolve();
  const mine = previous.then(run, run);
  lastCreate.set(
    host,
    mine.catch(() => undefined),
  );
  return mine;
}

/**
 * Runs a host command. The `zfs create`s of one runner go one at a time: sibling datasets
 * created at once (`launch --parallel` under a new parent) raced on zfs-fuse for their common
 * parent, failing with "dataset already exists" or "cannot mount …: Input/output error". A create
 * that still lost the race to another process is tried again (the parent is there by then).
 */
export async function runHostCommand(host: HostRunner, command: HostCommand): Promise<HostResult> {
  if (!isZfsCreate(command)) return host.run(command);
  let result = await oneAtATime(host, () => host.run(command));
  for (let tried = 1; tried < TRIES && lostParentRace(command, result); tried++) {
    await new Promise((r) => setTimeout(r, 50 * tried));
    result = await oneAtATime(host, () => host.run(command));
  }
  return result;
}
