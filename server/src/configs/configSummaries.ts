import type { RootResult } from '../../../core/src/check/resolveRoot';
import type { WorkspaceChecker } from '../../../core/src/check/workspaceChecker';
import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';
import { configHash } from '../../../core/src/engine/engine';
import { instanceSpec, type InstanceSpec } from '../../../core/src/engine/instanceSpec';
import type { ConfigProblem, ConfigSummary } from '../../../core/src/protocol';
import type { Positions } from '../positions';
import { pathToUri } from '../uris';

/** Every file whose problems are the root's: its include tree and its cloud-config files. */
function filesOf(root: RootResult): string[] {
  const files = root.tree.preOrder.map((m) => m.file);
  for (const entry of root.config.cloudConfigFiles) files.push(entry.resolved);
  return [...new Set(files)];
}

function toProblem(positions: Positions, d: Diagnostic): ConfigProblem | undefined {
  if (d.severity !== 'error' && d.severity !== 'warning') return undefined;
  const start = positions.range(d.file, d.span).start;
  return {
    uri: pathToUri(d.file),
    line: start.line,
    character: start.character,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/** The problems of each file, computed once per answer (a fragment shared by many roots is one entry). */
type ProblemsByFile = (file: string) => ConfigProblem[];

function problemsByFile(checker: WorkspaceChecker, positions: Positions): ProblemsByFile {
  const known = new Map<string, ConfigProblem[]>();
  return (file) => {
    let found = known.get(file);
    if (!found)
      known.set(file, (found = checker.diagnosticsOf(file).flatMap((d) => toProblem(positions, d) ?? [])));
    return found;
  };
}

/** The substituted parts of a summary, or why the config cannot be substituted. */
function resolvedParts(root: RootResult): Partial<ConfigSummary> {
  let spec: InstanceSpec;
  try {
    spec = instanceSpec(root);
  } catch (e) {
    return { unresolved: (e as Error).message };
  }
  return {
    instance: spec.container,
    project: spec.project,
    ...(spec.profile ? { profile: spec.profile } : {}),
    filesystems: spec.filesystems.map((f) => ({
      id: f.id,
      path: f.dataset ?? f.dir,
      zfs: f.dataset !== undefined,
      destroy: f.destroy,
    })),
  };
}

/**
 * What a summary says of a root's instance (substituted parts and hash), once per root result: the
 * checker replaces a root's result when it re-resolves it, so an edit costs only the roots it touches.
 */
const partsOf = new WeakMap<RootResult, Partial<ConfigSummary>>();

function instanceParts(
  root: RootResult,
  ws: ReturnType<WorkspaceChecker['workspace']>,
): Partial<ConfigSummary> {
  let found = partsOf.get(root);
  if (!found) {
    const parts = resolvedParts(root);
    found = parts.unresolved ? parts : { ...parts, hash: configHash(root, ws) };
    partsOf.set(root, found);
  }
  return found;
}

/**
 * The answer to `lxdops/configs`, from the checker's current state (open buffers over disk):
 * every root config, sorted by path, with its instance, hash and problems.
 */
export function configSummaries(checker: WorkspaceChecker, positions: Positions): ConfigSummary[] {
  const ws = checker.workspace();
  const problemsOf = problemsByFile(checker, positions);
  const out: ConfigSummary[] = [];
  for (const root of checker.rootResults().values()) {
    if (!root.root.startsWith('/')) continue;
    const problems = filesOf(root).flatMap(problemsOf);
    out.push({
      uri: pathToUri(root.root),
      ...instanceParts(root, ws),
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      problems,
    });
  }
  return out.sort((a, b) => a.uri.localeCompare(b.uri));
}
