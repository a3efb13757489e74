import { basename } from 'node:path';
import { checkCloudConfigFile } from '../cloudconfig/checkCloudConfig';
import type { ConditionLookup } from '../config/conditionalPaths';
import { ConfigGraph, type GraphDelta } from '../config/configGraph';
import { ConfigWorkspace } from '../config/configWorkspace';
import { readGraphNode } from '../config/graphNode';
import { firstLineSpan, isConfigKind } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import { DocumentCache } from '../document/documentCache';
import { type Diagnostic, diagnostic, sortAndDedupe } from '../diagnostics/diagnostic';
import type { FileSystem } from '../fs/fileSystem';
import { validators } from '../schema/schemas';
import { origin } from '../text/origin';
import { checkLxdopsFile, checkReferencedFiles, hasSyntaxErrors } from '../validate/lxdopsFileRules';
import { checkLxopsFile } from '../validate/lxopsFileRules';
import type { RootContext } from '../validate/root/rootContext';
import { destroyParentsAcrossRoots } from './destroyParents';
import {
  type CheckOptions,
  conditionLookupOf,
  resolveRoot,
  ROOT_RULES,
  type RootResult,
} from './resolveRoot';

interface RootState {
  result: RootResult;
  /** Include problems (the same whatever the root). */
  structural: Diagnostic[];
  /** Problems of the merged config: they depend on the root. */
  contextual: Diagnostic[];
}

type CheckedAs = 'config' | 'cloud-config';

/**
 * Checks a workspace incrementally, as a cache standing on the ConfigGraph: after a change, the
 * graph says which roots depend on the changed files (only those are resolved again) and which
 * files' own checks may change (only those run again, cached per parsed text). The CLI runs it
 * once over everything; the language server keeps one and feeds it every change.
 */
export class WorkspaceChecker {
  readonly documents = new DocumentCache();
  readonly graph = new ConfigGraph();
  private readonly candidates = new Set<string>();
  private readonly roots = new Map<string, RootState>();
  private readonly fileLevel = new Map<string, Diagnostic[]>();
  private readonly pureCache = new WeakMap<ParsedFile, Diagnostic[]>();
  private readonly cloudCache = new WeakMap<ParsedFile, Diagnostic[]>();
  /** Problems between root configs (a destroy above another config's data), by file. */
  private crossRoot = new Map<string, Diagnostic[]>();

  constructor(
    private readonly fs: FileSystem,
    private options: CheckOptions = {},
  ) {}

  /** A fresh view of the files that shares this checker's parse cache. */
  workspace(): ConfigWorkspace {
    return new ConfigWorkspace(this.fs, this.documents);
  }

  setOptions(options: CheckOptions): void {
    this.options = options;
  }

  /** How `#lxops-v1` conditional entries are substituted under the current options. */
  conditionLookup(): ConditionLookup {
    return conditionLookupOf(this.options);
  }

  /** Sets the candidate files (those the user asked to check, or the workspace scan found). */
  setCandidates(paths: Iterable<string>): void {
    this.candidates.clear();
    for (const path of paths) this.candidates.add(path);
  }

  addCandidate(path: string): void {
    this.candidates.add(path);
  }

  removeCandidate(path: string): void {
    this.candidates.delete(path);
  }

  get candidateFiles(): ReadonlySet<string> {
    return this.candidates;
  }

  /** The results of the roots, in path order. */
  rootResults(): Map<string, RootResult> {
    const out = new Map<string, RootResult>();
    for (const root of this.graph.roots()) {
      const state = this.roots.get(root);
      if (state) out.set(root, state.result);
    }
    return out;
  }

  /** The roots whose include tree contains this file (the contexts it is checked in). */
  rootsOf(file: string): RootResult[] {
    return this.resolvedRootsOf(file).map((root) => this.roots.get(root)!.result);
  }

  /** Every file with diagnostics or that was checked. */
  checkedFiles(): string[] {
    const files = new Set([...this.fileLevel.keys(), ...this.candidates]);
    for (const state of this.roots.values()) for (const m of state.result.tree.preOrder) files.add(m.file);
    return [...files].sort();
  }

  /**
   * Re-checks after `changed` files changed on disk or in the editor ('all' after a change of
   * options). Returns the full diagnostic list of every file whose list may have changed. Work is
   * proportional to what the change touches: the graph names the roots to resolve again and the
   * files whose own checks may change; everything else keeps its cached result.
   */
  update(changed: Iterable<string> | 'all'): Map<string, Diagnostic[]> {
    const ws = this.workspace();
    const all = changed === 'all';
    const before = all ? this.knownFiles() : new Set<string>();
    const files = all ? new Set([...this.graph.paths(), ...this.candidates]) : new Set(changed);
    const delta = this.graph.apply(
      {
        files,
        seedsAdded: [...this.candidates].filter((path) => !this.graph.seeds.has(path)),
        seedsRemoved: [...this.graph.seeds].filter((path) => !this.candidates.has(path)),
      },
      (path) => readGraphNode(path, ws, conditionLookupOf(this.options)),
    );
    const publish = new Set([...files, ...delta.affectedFiles, ...before]);
    const resolving = this.rootsToResolve(delta, files, all);
    this.resolveRoots(resolving, delta.droppedRoots, ws);
    if (resolving.length || delta.droppedRoots.size) for (const f of this.updateCrossRoot()) publish.add(f);
    const recheck = all ? new Set([...this.knownFiles(), ...delta.affectedFiles]) : delta.affectedFiles;
    for (const file of recheck) if (this.recheckFile(file, ws)) publish.add(file);
    if (all) for (const file of this.knownFiles()) publish.add(file);
    const out = new Map<string, Diagnostic[]>();
    for (const file of publish) out.set(file, this.diagnosticsOf(file));
    return out;
  }

  /** The current full list for one file. */
  diagnosticsOf(file: string): Diagnostic[] {
    const list = [...(this.fileLevel.get(file) ?? []), ...(this.crossRoot.get(file) ?? [])];
    const roots = this.resolvedRootsOf(file);
    const groups = new Map<string, { diagnostic: Diagnostic; roots: string[] }>();
    for (const root of roots) {
      const state = this.roots.get(root)!;
      for (const d of state.structural) if (d.file === file) list.push(d);
      for (const d of state.contextual) {
        if (d.file !== file) continue;
        const key = `${d.span.start}\0${d.span.end}\0${d.code}\0${d.message}`;
        const group = groups.get(key);
        if (group) group.roots.push(root);
        else groups.set(key, { diagnostic: d, roots: [root] });
      }
    }
    for (const group of groups.values()) {
      const partial = !group.roots.includes(file) && group.roots.length < roots.length;
      list.push(partial ? namingRoots(group.diagnostic, group.roots) : group.diagnostic);
    }
    return sortAndDedupe(list);
  }

  /** Re-runs the rules between roots; returns the files whose list of those problems changed. */
  private updateCrossRoot(): Set<string> {
    const next = new Map<string, Diagnostic[]>();
    for (const d of destroyParentsAcrossRoots([...this.roots.values()].map((r) => r.result)))
      next.set(d.file, [...(next.get(d.file) ?? []), d]);
    const changed = new Set<string>();
    for (const f of new Set([...next.keys(), ...this.crossRoot.keys()]))
      if (!sameList(this.crossRoot.get(f) ?? [], next.get(f) ?? [])) changed.add(f);
    this.crossRoot = next;
    return changed;
  }

  private resolvedRootsOf(file: string): string[] {
    return this.graph.rootsOf(file).filter((root) => this.roots.has(root));
  }

  /** In the include tree of a resolved root (short-circuits: a shared fragment has many). */
  private inTree(file: string): boolean {
    return this.graph.rootsOf(file).some((root) => this.roots.has(root));
  }

  /** Files that have diagnostics of their own or belong to a resolved root. */
  private knownFiles(): Set<string> {
    const files = new Set(this.fileLevel.keys());
    for (const state of this.roots.values()) for (const m of state.result.tree.preOrder) files.add(m.file);
    return files;
  }

  private rootsToResolve(delta: GraphDelta, changed: Set<string>, all: boolean): readonly string[] {
    const globalFile = this.options.globalProperties?.file;
    if (all || (globalFile !== undefined && changed.has(globalFile))) return this.graph.roots();
    if ((this.options.lxopsGlobalFiles ?? []).some((f) => changed.has(f))) return this.graph.roots();
    return [...delta.affectedRoots];
  }

  private resolveRoots(roots: readonly string[], dropped: ReadonlySet<string>, ws: ConfigWorkspace): void {
    for (const root of dropped) this.roots.delete(root);
    for (const root of roots) {
      const state = this.resolve(root, ws);
      if (state) this.roots.set(root, state);
      else this.roots.delete(root);
    }
  }

  /** One root: its include tree and merged config, then the rules about the merged config. */
  private resolve(root: string, ws: ConfigWorkspace): RootState | undefined {
    const parsed = ws.parsed(root);
    if (parsed.ok && parsed.value.tooLarge) return undefined;
    const resolved = resolveRoot(root, ws, this.options);
    if (!resolved) return undefined;
    const ctx: RootContext = { ...resolved.result, ws };
    // A file of the tree with syntax errors is reported on its own; the merged config is not checked.
    const broken = resolved.result.tree.preOrder.some((m) => hasSyntaxErrors(ws, m.file));
    const contextual = broken ? [] : [...resolved.problems];
    if (!broken) for (const rule of ROOT_RULES) contextual.push(...rule(ctx));
    return { result: resolved.result, structural: resolved.structural, contextual };
  }

  /** Runs the file's own checks again; true when its list changed. */
  private recheckFile(file: string, ws: ConfigWorkspace): boolean {
    const checkedAs = this.checkedAs(file);
    const now =
      checkedAs === 'config'
        ? this.configDiagnostics(file, ws)
        : checkedAs === 'cloud-config'
          ? this.cloudDiagnostics(file, ws)
          : undefined;
    const before = this.fileLevel.get(file);
    if (now === undefined) return this.fileLevel.delete(file);
    this.fileLevel.set(file, now);
    return before === undefined || !sameList(before, now);
  }

  private isSeed(file: string): boolean {
    return this.candidates.has(file);
  }

  /** A config file: in a root's tree, or a candidate that is not a cloud-config file. */
  private isConfigFile(file: string): boolean {
    const kind = this.graph.node(file)?.kind;
    if (kind === undefined || kind === 'cloud-config') return false;
    return this.isSeed(file) || this.inTree(file);
  }

  /**
   * What a file is checked as. A `#cloud-config` file is checked as one when it is a candidate, in
   * a tree, or listed by a config; any other readable file a config lists as a cloud-config file is
   * checked as one too (and told so by its header); config files are checked as configs.
   */
  private checkedAs(file: string): CheckedAs | undefined {
    const node = this.graph.node(file);
    if (!node) return undefined;
    if (this.isConfigFile(file)) return 'config';
    const listed = this.graph.edgesTo(file, 'cloud-config-files').some((e) => this.isConfigFile(e.from));
    if (node.kind === 'cloud-config')
      return listed || this.isSeed(file) || this.inTree(file) ? 'cloud-config' : undefined;
    return listed && node.kind !== 'missing' && node.kind !== 'unreadable' ? 'cloud-config' : undefined;
  }

  private cloudDiagnostics(file: string, ws: ConfigWorkspace): Diagnostic[] | undefined {
    const parsed = ws.parsed(file);
    if (!parsed.ok) return undefined;
    let list = this.cloudCache.get(parsed.value);
    if (!list) {
      list = checkCloudConfigFile(parsed.value, validators.cloudConfig);
      this.cloudCache.set(parsed.value, list);
    }
    return list;
  }

  /** Per-file problems of an `#lxdops` file (or of a candidate that is neither kind). */
  private configDiagnostics(file: string, ws: ConfigWorkspace): Diagnostic[] | undefined {
    const parsed = ws.parsed(file);
    if (!parsed.ok) {
      return this.isSeed(file)
        ? [diagnostic('file-unreadable', origin(file, { start: 0, end: 0 }), parsed.failure.message)]
        : undefined;
    }
    const kind = parsed.value.header.kind;
    if (!isConfigKind(kind) && !this.inTree(file)) return [notAConfig(parsed.value)];
    const config = ws.config(file);
    if (!config.ok) return undefined;
    let pure = this.pureCache.get(parsed.value);
    if (!pure) {
      const model = config.value.model;
      pure =
        model.format === 'lxops'
          ? checkLxopsFile(config.value.parsed, model, validators.lxops)
          : checkLxdopsFile(config.value.parsed, model, validators.lxdops);
      this.pureCache.set(parsed.value, pure);
    }
    return [...pure, ...checkReferencedFiles(config.value.model, ws)];
  }
}

/** The header problem of a candidate that is neither an lxdops config nor a cloud-config file. */
function notAConfig(parsed: ParsedFile): Diagnostic {
  return diagnostic(
    'header',
    origin(parsed.path, firstLineSpan(parsed.text)),
    parsed.header.kind === 'lxops'
      ? 'This is an lxops (`#lxops-v1`) file; lxdops reads files whose first line is exactly `#lxdops` or `#cloud-config`.'
      : 'The first line must be exactly `#lxdops` (a config) or `#cloud-config` (a cloud-config file).',
  );
}

/** A problem that only some of the roots including the file have, naming them. */
function namingRoots(d: Diagnostic, roots: readonly string[]): Diagnostic {
  const names = roots
    .map((root) => basename(root))
    .sort()
    .join(', ');
  return { ...d, message: `${d.message} (when included by ${names})` };
}

function sameList(a: Diagnostic[], b: Diagnostic[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (d, i) =>
        d === b[i] ||
        (d.code === b[i]!.code &&
          d.message === b[i]!.message &&
          d.span.start === b[i]!.span.start &&
          d.span.end === b[i]!.span.end),
    )
  );
}
