import type { EngineCommand } from '../../../core/src/engine/engine';
import { type CommandContext, runEngine } from './engineRunner';
import { configFiles, targetsOf } from './targets';

/** Commands that need nothing but their targets: launch, rebuild, configure, delete, destroy. */
export const SIMPLE_COMMANDS: [string, EngineCommand][] = [
  ['lxdops.launch', 'launch'],
  ['lxdops.rebuild', 'rebuild'],
  ['lxdops.configure', 'configure'],
  ['lxdops.delete', 'delete'],
  ['lxdops.destroy', 'destroy'],
];

export function simpleCommand(ctx: CommandContext, command: EngineCommand) {
  return (first?: unknown, all?: unknown) => runEngine(ctx, command, configFiles(targetsOf(first, all)));
}
