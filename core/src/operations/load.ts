import { checkFiles } from '../check/checkFiles';
import { resolveRoot, type RootResult } from '../check/resolveRoot';
import type { ConfigWorkspace } from '../config/configWorkspace';
import { isConfigKind } from '../document/header';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { checkBlocker } from './blockers';
import type { Blocker, OperationRequest } from './types';

export type Loaded =
  { ok: false; blockers: Blocker[] } | { ok: true; roots: RootResult[]; warnings: Diagnostic[] };

function loadOne(path: string, ws: ConfigWorkspace, request: OperationRequest): RootResult | Blocker {
  const parsed = ws.parsed(path);
  if (!parsed.ok)
    return { stage: 'load', code: 'config-unreadable', message: parsed.failure.message, file: path };
  const header = parsed.value.header;
  if (!isConfigKind(header.kind) || !header.exact)
    return {
      stage: 'load',
      code: 'not-a-config',
      message: `${path}: first line should be: ${header.kind === 'lxops' ? '#lxops-v1' : '#lxdops'}`,
      file: path,
    };
  const resolved = resolveRoot(path, ws, request.check);
  if (!resolved)
    return { stage: 'load', code: 'config-unreadable', message: `${path}: cannot be read`, file: path };
  return resolved.result;
}

/**
 * load and check: the roots as `lxdops check` sees them, with what they reach. Errors block
 * (each at its place); warnings are carried to the confirmation.
 */
export function loadAndCheck(request: OperationRequest, ws: ConfigWorkspace): Loaded {
  if (!request.roots.length)
    return {
      ok: false,
      blockers: [{ stage: 'load', code: 'config-unreadable', message: 'no config was chosen' }],
    };
  const roots: RootResult[] = [];
  const blockers: Blocker[] = [];
  for (const path of request.roots) {
    const one = loadOne(path, ws, request);
    if ('stage' in one) blockers.push(one);
    else roots.push(one);
  }
  if (blockers.length) return { ok: false, blockers };
  const checked = checkFiles(request.roots, ws, request.check);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { ok: false, blockers: errors.map(checkBlocker) };
  return { ok: true, roots, warnings: checked.diagnostics.filter((d) => d.severity === 'warning') };
}

/** The warnings that concern one root: its files and its cloud-config files. */
export function warningsOf(root: RootResult, warnings: readonly Diagnostic[]): Diagnostic[] {
  const files = new Set([...root.config.files, ...root.config.cloudConfigFiles.map((e) => e.resolved)]);
  return warnings.filter((d) => files.has(d.file));
}
