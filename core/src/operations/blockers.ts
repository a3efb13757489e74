import type { RootResult } from '../check/resolveRoot';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { BlockerCode } from '../diagnostics/codes';
import { SpecError } from '../engine/instanceSpec';
import { PlanError } from '../engine/planError';
import { ZfsError } from '../engine/zfsList';
import { LxdError } from '../lxd/lxdError';
import type { Origin } from '../text/origin';
import type { Blocker } from './types';

/** A check error as a blocker, at the diagnostic's exact place. */
export function checkBlocker(d: Diagnostic): Blocker {
  return {
    stage: 'check',
    code: d.code,
    message: d.message,
    origin: { file: d.file, start: d.span.start, end: d.span.end },
  };
}

/** A pre-flight refusal about one root, pointing at the value to fix when there is one. */
export function preflightBlocker(root: RootResult, code: BlockerCode, message: string, at?: Origin): Blocker {
  return {
    stage: 'pre-flight',
    code,
    message,
    instance: root.instance,
    ...(at ? { origin: at } : { file: root.root }),
  };
}

/**
 * The blocker an engine error stands for (a config that cannot be substituted, a state that does
 * not allow the command, LXD not answering); undefined for anything else, which is a bug to report.
 */
export function errorBlocker(root: RootResult, e: unknown): Blocker | undefined {
  const base = { instance: root.instance, file: root.root };
  if (e instanceof SpecError) return { ...base, stage: 'load', code: 'spec-invalid', message: e.message };
  if (e instanceof PlanError) return { ...base, stage: 'plan', code: e.code, message: e.message };
  if (e instanceof ZfsError)
    return { ...base, stage: 'pre-flight', code: 'zfs-unavailable', message: e.message };
  if (e instanceof LxdError)
    return {
      ...base,
      stage: 'pre-flight',
      code: e.status === 0 ? 'lxd-unreachable' : 'plan-refused',
      message: e.message,
    };
  return undefined;
}
