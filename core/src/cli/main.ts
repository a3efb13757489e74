import { Command, CommanderError, Option } from 'commander';
import { runCheck } from './checkCommand';
import { collect, UsageError } from './cliOptions';
import { snapshotNameProblem } from '../config/safeValues';
import { runConfigConvert, runConfigPrint, runInstanceProperties } from './configCommands';
import type { CommandOptions } from '../engine/engine';
import type { OperationCommandName } from '../operations/types';
import { timestampName } from '../engine/snapshotPlans';
import { engineFailure, type EngineFlags, runEngineCommand, terminalConfirm } from './engineCommands';
import { runInstanceList } from './instanceCommands';
import { runList } from './listCommand';
import { runHosts } from './hostsCommand';
import { fleetCommands } from './fleetProgram';
import { LockBusyError } from '../operations/instanceLock';

const out = (s: string) => process.stdout.write(s);
const io = {
  out,
  err: (s: string) => process.stderr.write(s),
  ...(process.stdin.isTTY ? { confirm: terminalConfirm } : {}),
};

function engineOptions(cmd: Command): Command {
  return configOptions(cmd)
    .option('--dry-run', 'print the plan and change nothing')
    .option('-y, --yes', 'do not ask before deleting or overwriting')
    .option('--socket <path>', 'LXD or Incus unix socket')
    .option('--host <name>', 'the host to act on (see lxdops hosts; default: the local socket)')
    .option('--hosts <file>', 'hosts file (default: ~/.config/lxdops/hosts.yaml)')
    .option('--parallel <n>', 'run up to N configs at once')
    .option('--wait-network', 'wait for an IPv4 address after start')
    .option('--wait <seconds>', 'seconds to wait before stop/snapshot')
    .option('--wait-lock', 'wait for another operation on the instance to finish instead of refusing');
}

/** `--target MEMBER` of launch and rebuild: the cluster member of a new instance and its filesystems. */
function targetOption(cmd: Command): Command {
  return cmd.option(
    '--target <member>',
    'cluster member for the instance and its filesystems (see lxdops hosts)',
  );
}

function targetOf(flags: { target?: string }): CommandOptions {
  return flags.target === undefined ? {} : { target: flags.target };
}

/** The flags, once `-s NAME` is known to be a snapshot name: a usage error (exit 2) before anything runs. */
function snapshotFlag<F extends { snapshot?: string }>(flags: F): F {
  const problem = flags.snapshot === undefined ? undefined : snapshotNameProblem(flags.snapshot);
  if (problem) throw new UsageError(`-s ${flags.snapshot}: a snapshot name ${problem}`);
  return flags;
}

/** The flags of a safe rebuild (issue 11 §4). */
function safeRebuildOptions(cmd: Command): Command {
  return cmd
    .option('--unsafe', 'delete the old container instead of keeping it (no safety snapshots, no revert)')
    .option(
      '--health-cmd <command>',
      'run in the new container (sh -c) as its health check; a failure reverts',
    )
    .option('--health-timeout <seconds>', 'seconds the health check may take (default 60)')
    .option('--keep <n>', 'kept generations after a successful rebuild (default 1: the last one)');
}

/** The safe rebuild's flags as options; a number that is not one is a usage error (exit 2). */
function safeRebuildFlags(flags: {
  unsafe?: boolean;
  healthCmd?: string;
  healthTimeout?: string;
  keep?: string;
}): CommandOptions {
  const whole = (value: string | undefined, flag: string, min: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} ${value}: a whole number ≥ ${min}`);
    return n;
  };
  const timeout = whole(flags.healthTimeout, '--health-timeout', 1);
  const keep = whole(flags.keep, '--keep', 1);
  if (flags.unsafe && (flags.healthCmd !== undefined || timeout !== undefined || keep !== undefined))
    throw new UsageError(
      '--unsafe rebuilds without a health check or kept containers: drop --health-cmd, --health-timeout and --keep',
    );
  return {
    ...(flags.unsafe ? { unsafe: true } : {}),
    ...(flags.healthCmd !== undefined ? { healthCommand: flags.healthCmd } : {}),
    ...(timeout !== undefined ? { healthTimeoutSeconds: timeout } : {}),
    ...(keep !== undefined ? { retention: keep } : {}),
  };
}

function configOptions(cmd: Command): Command {
  return cmd
    .option('--properties <file>', 'global properties file (default: ~/.config/lxdops/properties.yaml)')
    .option('-P, --property <key=value>', 'set a property (repeatable)', collect, [])
    .option('--project <project>', "LXD project, over the config's `project`")
    .option('--name <name>', "instance name instead of the config file's base name");
}

export function buildProgram(setStatus: (code: number) => void): Command {
  const program = new Command('lxdops')
    .description('Check and run lxdops configs (LXD containers with their data on ZFS).')
    .version('0.1.0');
  program.exitOverride();
  configOptions(
    program
      .command('check')
      .description('validate #lxdops and #cloud-config files; folders are searched recursively')
      .argument('<path...>', 'files or folders')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action((paths: string[], flags) => setStatus(runCheck(paths, flags, out)));

  const config = program.command('config').description('inspect configs');
  configOptions(
    config
      .command('print')
      .description('print the merged config as YAML')
      .argument('<config>')
      .option('--origins', 'comment each value with the file it comes from'),
  ).action((file: string, flags) => setStatus(runConfigPrint(file, flags, out)));
  config
    .command('convert')
    .description(
      'migrate #lxdops configs (and the files they include) to #lxops-v1, keeping comments and formatting; dropped keys are commented out and listed',
    )
    .argument('<path...>', 'files or folders')
    .option('--dry-run', 'print the diff and change nothing')
    .action((paths: string[], flags) => setStatus(runConfigConvert(paths, flags, out)));
  const instance = program.command('instance').description('inspect the instance a config describes');
  configOptions(
    instance
      .command('properties')
      .description('list every property the instance sees, with its value and source')
      .argument('<config>')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action((file: string, flags) => setStatus(runInstanceProperties(file, flags, out)));
  const run = (
    command: OperationCommandName,
    configs: string[],
    flags: EngineFlags & Record<string, unknown>,
    options: CommandOptions = {},
  ) => runEngineCommand(command, configs, flags, options, io).then(setStatus);
  const simple: [OperationCommandName, string][] = [
    ['launch', 'create the filesystems, the profile and the container, start it and apply its cloud-config'],
    ['delete', 'delete the container and its profile; keep every filesystem'],
    ['destroy', 'delete, then destroy the filesystems marked destroy: true'],
    ['configure', 'apply the cloud-config files to the running container'],
    ['create-devices', 'create the filesystems and device directories only'],
    ['create-profile', 'create or update the instance profile only'],
    [
      'adopt',
      "mark the existing filesystems of the config that carry no owner as this instance's (confirmed), so destroy, rollback and rename act on them",
    ],
    [
      'cleanup',
      'remove what safe rebuilds kept (the kept containers and their safety snapshots); after a launch that did not finish: also the container, the datasets it made (marked lxdops:owner) and its unused profile',
    ],
  ];
  for (const [name, description] of simple) {
    const cmd = engineOptions(program.command(name).description(description).argument('<config...>'));
    if (name === 'launch') targetOption(cmd);
    cmd.action((configs: string[], flags) => run(name, configs, flags, targetOf(flags)));
  }
  targetOption(
    safeRebuildOptions(
      engineOptions(
        program
          .command('rebuild')
          .description(
            'launch the container again, keeping the MAC addresses, the profiles and the data; safe: the old container is kept (stopped, renamed) with safety snapshots, and brought back when the new one fails',
          )
          .argument('<config...>')
          .option('--profiles', "take the config's profile list instead of the container's"),
      ),
    ),
  ).action((configs: string[], flags) =>
    run('rebuild', configs, flags, {
      rebuildProfiles: !!flags.profiles,
      ...targetOf(flags),
      ...safeRebuildFlags(flags),
    }),
  );
  engineOptions(
    program
      .command('revert')
      .description(
        'undo the last safe rebuild: the kept container comes back under its name, the filesystems go back to its safety snapshot, the rebuilt container is deleted',
      )
      .argument('<config...>'),
  ).action((configs: string[], flags) => run('revert', configs, flags));
  engineOptions(
    program
      .command('snapshot')
      .description('snapshot the non-transient ZFS filesystems (default name: the UTC time)')
      .argument('<config...>')
      .option('-s, --snapshot <name>', 'snapshot name')
      .option('-c, --container', 'also the LXD snapshot of the container')
      .option('-d, --destroy', 'destroy the snapshot instead'),
  ).action((configs: string[], flags) =>
    run('snapshot', configs, snapshotFlag(flags), {
      snapshotName: flags.snapshot ?? timestampName(new Date()),
      container: !!flags.container,
      destroySnapshot: !!flags.destroy,
    }),
  );
  engineOptions(
    program
      .command('rollback')
      .description('roll the filesystems back to a snapshot')
      .argument('<config...>')
      .requiredOption('-s, --snapshot <name>', 'snapshot name')
      .option('-c, --container', 'also restore the LXD snapshot of the container'),
  ).action((configs: string[], flags) =>
    run('rollback', configs, snapshotFlag(flags), {
      snapshotName: flags.snapshot,
      container: !!flags.container,
    }),
  );
  engineOptions(
    program
      .command('rename')
      .description('rename the container, its filesystems and its profile')
      .argument('<config>')
      .argument('<newname>'),
  ).action((config: string, newName: string, flags) => run('rename', [config], flags, { newName }));
  for (const what of ['filesystems', 'devices'] as const) {
    configOptions(
      instance
        .command(what)
        .description(`list the instance's ${what}`)
        .argument('<config>')
        .addOption(
          new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
        ),
    ).action((file: string, flags) => setStatus(runInstanceList(what, file, flags, out)));
  }
  program
    .command('list')
    .description('instances with their state, addresses, lxdops filesystems and snapshots')
    .argument('[path...]', 'folders of configs to match instances with (default: .)')
    .option('--project <project>', 'LXD project (default: all projects)')
    .option('--socket <path>', 'LXD or Incus unix socket')
    .option('--host <name>', 'the host to list (see lxdops hosts; default: the local socket)')
    .option('--hosts <file>', 'hosts file (default: ~/.config/lxdops/hosts.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((paths: string[], flags) => runList(paths, flags, out).then(setStatus));
  program
    .command('hosts')
    .description('the LXD and Incus hosts: local sockets, lxc/incus remotes, hosts.yaml; with their state')
    .option('--hosts <file>', 'hosts file (default: ~/.config/lxdops/hosts.yaml)')
    .option('--socket <path>', 'the local LXD unix socket')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags) => runHosts(flags, out, io.err).then(setStatus));
  fleetCommands(program, setStatus, io);
  return program;
}

/**
 * Runs the CLI; returns the exit status: 0 ok, 1 errors found, 2 usage or I/O error or an
 * instance that another operation holds.
 */
export async function main(argv: string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((c) => (status = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
        ? 0
        : 2;
    }
    if (e instanceof UsageError || e instanceof LockBusyError) {
      process.stderr.write(`lxdops: ${e.message}\n`);
      return 2;
    }
    const failure = engineFailure(e);
    if (failure) {
      process.stderr.write(`lxdops: ${failure}\n`);
      return 1;
    }
    process.stderr.write(`lxdops: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
