import type { OperationCommand } from '../../../core/src/protocol';
import type { CommandContext } from './commandContext';
import { runOperation } from './operationRunner';
import { configTargets } from './targets';

/** Commands that need nothing but their targets. */
export const SIMPLE_COMMANDS: [string, OperationCommand][] = [
  ['lxdops.launch', 'launch'],
  ['lxdops.rebuild', 'rebuild'],
  ['lxdops.configure', 'configure'],
  ['lxdops.delete', 'delete'],
  ['lxdops.destroy', 'destroy'],
  ['lxdops.cleanup', 'cleanup'],
  ['lxdops.adopt', 'adopt'],
];

export function simpleCommand(ctx: CommandContext, command: OperationCommand) {
  return async (clicked?: unknown, selected?: unknown) =>
    runOperation(ctx, command, await configTargets(ctx, command, clicked, selected));
}
