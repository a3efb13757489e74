import type { OperationCommand } from '../../../core/src/protocol';
import { pickMember } from '../hosts/hostPicker';
import { nodeMember } from '../hosts/nodeHost';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { type OperationWhere, runOperation } from './operationRunner';
import { configTargets } from './targets';

/** Commands that need nothing but their targets. */
export const SIMPLE_COMMANDS: [string, OperationCommand][] = [
  ['lxdops.launch', 'launch'],
  ['lxdops.rebuild', 'rebuild'],
  ['lxdops.configure', 'configure'],
  ['lxdops.delete', 'delete'],
  ['lxdops.destroy', 'destroy'],
  ['lxdops.cleanup', 'cleanup'],
  ['lxdops.revert', 'revert'],
  ['lxdops.adopt', 'adopt'],
];

/**
 * Where a launch goes: on a cluster, the member of the node it was invoked on, else the member the
 * user picks. Other commands go where the instance is (the core finds its member). Null: cancelled.
 */
async function launchWhere(
  ctx: CommandContext,
  host: string,
  clicked: unknown,
): Promise<OperationWhere | null> {
  const member = nodeMember(clicked) ?? (await pickMember(ctx.server, ctx.log, host));
  if (member === null) return null;
  return { host, ...(member ? { target: member } : {}) };
}

export function simpleCommand(ctx: CommandContext, command: OperationCommand) {
  return async (clicked?: unknown, selected?: unknown) => {
    const host = hostOfCommand(ctx, command, clicked, selected);
    if (!host) return undefined;
    const uris = await configTargets(ctx, `${command} on ${host}`, clicked, selected);
    if (!uris.length) return undefined;
    const where = command === 'launch' ? await launchWhere(ctx, host, clicked) : { host };
    return where ? runOperation(ctx, command, uris, where) : undefined;
  };
}
