import { type Command, Option } from 'commander';
import { collect } from './cliOptions';
import type { Io } from './engineCommands';
import { runFleetStatus } from './fleetCommand';
import { runFleetUpgrade } from './fleetUpgradeCommand';

function fleetConfigOptions(cmd: Command): Command {
  return cmd
    .option('--properties <file>', 'global properties file (default: ~/.config/lxdops/properties.yaml)')
    .option('-P, --property <key=value>', 'set a property (repeatable)', collect, [])
    .option('--project <project>', "LXD project, over the configs' `project`")
    .option('--host <name>', 'a host to read (repeatable; default: every host of lxdops hosts)', collect, [])
    .option('--hosts <file>', 'hosts file (default: ~/.config/lxdops/hosts.yaml)')
    .option('--socket <path>', 'the local LXD unix socket');
}

/** `lxdops fleet status` and `lxdops fleet upgrade`: templates, their clones, and upgrading them. */
export function fleetCommands(program: Command, setStatus: (code: number) => void, io: Io): void {
  const fleet = program.command('fleet').description('templates, their snapshots and clones; upgrading them');
  fleetConfigOptions(
    fleet
      .command('status')
      .description(
        'templates, their snapshots and clones, with each clone current, stale, not-created, failed or reverted',
      )
      .argument('[path...]', 'files or folders of configs (default: .)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action((paths: string[], flags) => runFleetStatus(paths, flags, io.out).then(setStatus));
  fleetConfigOptions(
    fleet
      .command('upgrade')
      .description('take a new template snapshot (optional), then rebuild every stale clone of the template')
      .argument('<template-config>', "the template's config")
      .option(
        '--snapshot [name]',
        'first take the template snapshot again (default name: the one the clones use)',
      )
      .option('--parallel <n>', 'clones rebuilt at once per host (hosts run in parallel)')
      .option('--health-cmd <command>', 'run in each rebuilt clone (sh -c); a failure reverts it')
      .option('--health-timeout <seconds>', 'seconds the health check may take')
      .option('--unsafe', 'plain rebuilds: no kept container, no health check, no revert')
      .option('--stop-on-failure', 'start no more clones after one failed or was reverted')
      .option('--max-failures <k>', 'start no more clones after K failed or were reverted')
      .option('--rebuild-template', 'rebuild the template first')
      .option('--configure-template', 'configure the template first')
      .option('--configs <path>', "where the clones' configs are (repeatable; default: .)", collect, [])
      .option('--dry-run', 'print every step for the template and every clone; change nothing')
      .option('-y, --yes', 'do not ask before the rebuilds'),
  ).action((template: string, flags) => runFleetUpgrade(template, flags, io).then(setStatus));
}
