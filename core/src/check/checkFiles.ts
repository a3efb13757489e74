import type { ConfigWorkspace } from '../config/configWorkspace';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { sortAndDedupe } from '../diagnostics/diagnostic';
import { type CheckOptions, type RootResult } from './resolveRoot';
import { WorkspaceChecker } from './workspaceChecker';

export { type CheckOptions, resolveRoot, type RootResult } from './resolveRoot';

export interface CheckResult {
  /** Every file that was checked: the given ones and those they reach. */
  files: string[];
  roots: string[];
  diagnostics: Diagnostic[];
  results: Map<string, RootResult>;
}

/**
 * Checks a set of files as one workspace: `#lxdops` files that no other file includes are roots,
 * checked with their includes; every file reached is checked on its own once; problems that depend
 * on the including root are reported in the file where they can be fixed, naming that root when
 * other roots that include the file do not have the problem.
 */
export function checkFiles(
  paths: readonly string[],
  ws: ConfigWorkspace,
  options: CheckOptions = {},
): CheckResult {
  const checker = new WorkspaceChecker(ws.fs, options);
  checker.setCandidates(paths);
  const published = checker.update('all');
  const results = checker.rootResults();
  return {
    files: checker.checkedFiles(),
    roots: [...results.keys()],
    diagnostics: sortAndDedupe([...published.values()].flat()),
    results,
  };
}
