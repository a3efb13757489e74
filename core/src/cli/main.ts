import { Command, CommanderError, Option } from 'commander';
import { runCheck } from './checkCommand';
import { collect, UsageError } from './cliOptions';
import { runConfigPrint, runInstanceProperties } from './configCommands';

const out = (s: string) => process.stdout.write(s);

function configOptions(cmd: Command): Command {
  return cmd
    .option('--properties <file>', 'global properties file (default: ~/.config/lxdops/properties.yaml)')
    .option('-P, --property <key=value>', 'set a property (repeatable)', collect, [])
    .option('--project <project>', 'LXD project, over the config\'s `project`')
    .option('--name <name>', 'instance name instead of the config file\'s base name');
}

export function buildProgram(setStatus: (code: number) => void): Command {
  const program = new Command('lxdops').description('Check and run lxdops configs (LXD containers with their data on ZFS).').version('0.1.0');
  program.exitOverride();
  configOptions(
    program
      .command('check')
      .description('validate #lxdops and #cloud-config files; folders are searched recursively')
      .argument('<path...>', 'files or folders')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action((paths: string[], flags) => setStatus(runCheck(paths, flags, out)));

  const config = program.command('config').description('inspect configs');
  configOptions(config.command('print').description('print the merged config as YAML').argument('<config>').option('--origins', 'comment each value with the file it comes from')).action(
    (file: string, flags) => setStatus(runConfigPrint(file, flags, out)),
  );
  const instance = program.command('instance').description('inspect the instance a config describes');
  configOptions(
    instance
      .command('properties')
      .description('list every property the instance sees, with its value and source')
      .argument('<config>')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action((file: string, flags) => setStatus(runInstanceProperties(file, flags, out)));
  return program;
}

/** Runs the CLI; returns the exit status: 0 ok, 1 errors found, 2 usage or I/O error. */
export async function main(argv: string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((c) => (status = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`lxdops: ${e.message}\n`);
      return 2;
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
