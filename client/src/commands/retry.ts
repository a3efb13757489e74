import { ConfigNode } from '../explorer/nodes/configNode';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { runOperation } from './operationRunner';
import { configUri } from './targets';

/**
 * Retry on a config that is half done: configure again when configuring failed, launch again when
 * only the datasets or the profile exist, read LXD again when it was unreachable.
 */
export async function retry(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const nodes = (Array.isArray(selected) && selected.length ? selected : [clicked]).filter(
    (n): n is ConfigNode => n instanceof ConfigNode,
  );
  const host = hostOfCommand(ctx, 'retry', clicked, selected);
  if (!host) return;
  if (nodes.some((n) => n.status.state === 'lxd unreachable')) await ctx.model.refreshAll();
  const failed = nodes.filter((n) => n.status.state === 'configure failed').map((n) => configUri(n.path));
  const partial = nodes.filter((n) => n.status.state === 'partially created').map((n) => configUri(n.path));
  if (failed.length) await runOperation(ctx, 'configure', failed, { host });
  if (partial.length) await runOperation(ctx, 'launch', partial, { host });
}
