import type { Doors } from '../engine/engine';
import type { LxdError } from '../lxd/lxdError';

/**
 * Doors for when LXD cannot be opened: every LXD call fails with the reason, so the check still
 * runs (its errors come first) and pre-flight then reports `lxd-unreachable`. Host commands
 * are refused too: nothing may run against a host whose LXD we cannot see.
 */
export function unreachableDoors(reason: LxdError): Doors & { close: () => Promise<void> } {
  const fail = () => Promise.reject(reason);
  return {
    lxd: { call: fail, raw: fail, waitOperation: fail },
    host: { run: fail, exists: fail, inspect: fail },
    close: () => Promise.resolve(),
  };
}
