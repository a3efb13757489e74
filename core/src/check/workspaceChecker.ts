import { basename } from 'node:path';
import { checkCloudConfigFile } from '../cloudconfig/checkCloudConfig';
import { ConfigWorkspace } from '../config/configWorkspace';
import { type FileKind, firstLineSpan } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import { DocumentCache } from '../document/documentCache';
import { type Diagnostic, diagnostic, sortAndDedupe } from '../diagnostics/diagnostic';
import type { FileSystem } from '../fs/fileSystem';
import { validators } from '../schema/schemas';
import { origin } from '../text/origin';
import { checkLxdopsFile, checkReferencedFiles } from '../validate/lxdopsFileRules';
import type { RootContext } from '../validate/root/rootContext';
import { destroyParentsAcrossRoots } from '../validate/workspace/destroyParents';
import { type CheckOptions, resolveRoot, ROOT_RULES, type RootResult } from './resolveRoot';

interface CandidateInfo {
  kind: FileKind | 'unreadable';
  /** Resolved include paths (for `#lxdops` files). */
  includes: string[];
}

interface RootState {
  result: RootResult;
  /** Every path whose change can change this root's diagnostics (files read, entries named). */
  deps: Set<string>;
  /** Files of the include tree. */
  files: Set<string>;
  /** Include problems (the same whatever the root). */
  structural: Diagnostic[];
  /** Problems of the merged config: they depend on the root. */
  contextual: Diagnostic[];
}

/**
 * Checks a workspace incrementally: after a change, only the roots that depend on the changed files
 * are resolved again, and per-file checks are cached per parsed text. The CLI runs it once over
 * everything; the language server keeps one and feeds it every change.
 */
export class WorkspaceChecker {
  readonly documents = new DocumentCache();
  private readonly candidates = new Set<string>();
  private readonly roots = new Map<string, RootState>();
  private readonly rootsOfFile = new Map<string, Set<string>>();
  private readonly fileLevel = new Map<string, Diagnostic[]>();
  private readonly pureCache = new WeakMap<ParsedFile, Diagnostic[]>();
  private readonly cloudCache = new WeakMap<ParsedFile, Diagnostic[]>();
  private cloudConfigs = new Set<string>();
  /** Problems between root configs (a destroy above another config's data), by file. */
  private crossRoot = new Map<string, Diagnostic[]>();
  private readonly info = new Map<string, CandidateInfo>();
  /** Paths that configs name outside `include` → the configs, and back. */
  private readonly referencedBy = new Map<string, Set<string>>();
  private readonly cloudReferencedBy = new Map<string, Set<string>>();
  private readonly referencesOf = new Map<
    string,
    { cloudConfigs: readonly string[]; others: readonly string[] }
  >();

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

  /** Adds or removes candidate files (those the user asked to check, or the workspace scan found). */
  setCandidates(paths: Iterable<string>): void {
    this.candidates.clear();
    for (const p of paths) this.candidates.add(p);
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

  rootResults(): Map<string, RootResult> {
    return new Map([...this.roots].map(([k, v]) => [k, v.result]));
  }

  /** The roots whose include tree contains this file (the contexts it is checked in). */
  rootsOf(file: string): RootResult[] {
    return [...(this.rootsOfFile.get(file) ?? [])].map((r) => this.roots.get(r)!.result);
  }

  /** Every file with diagnostics or that was checked. */
  checkedFiles(): string[] {
    return [...new Set([...this.rootsOfFile.keys(), ...this.cloudConfigs, ...this.candidates])].sort();
  }

  /**
   * Re-checks after `changed` files changed on disk or in the editor ('all' after a change of
   * options). Returns the full diagnostic list of every file whose list may have changed. Work is
   * proportional to what the change touches: unchanged candidates keep their classification, only
   * roots that depend on a changed path are resolved again, and per-file checks run for changed
   * files, files of re-resolved roots and files that name a changed path.
   */
  update(changed: Iterable<string> | 'all'): Map<string, Diagnostic[]> {
    const ws = this.workspace();
    const all = changed === 'all';
    const changedSet = new Set(all ? [] : changed);
    const publish = new Set<string>(changedSet);
    if (all) for (const f of [...this.rootsOfFile.keys(), ...this.fileLevel.keys()]) publish.add(f);

    // 1. classify candidates (only the changed ones, unless everything changed)
    for (const path of all ? this.candidates : changedSet) {
      if (this.candidates.has(path)) this.info.set(path, this.classify(path, ws));
    }
    for (const path of this.info.keys()) if (!this.candidates.has(path)) this.info.delete(path);
    const included = new Set<string>();
    const lxdops: string[] = [];
    for (const [path, i] of this.info) {
      if (i.kind !== 'lxdops') continue;
      lxdops.push(path);
      for (const inc of i.includes) if (inc !== path) included.add(inc);
    }
    const wanted = new Set(lxdops.filter((c) => !included.has(c)));

    // 2. roots
    const touched = new Set<string>();
    for (const root of [...this.roots.keys()]) if (!wanted.has(root)) this.dropRoot(root, touched);
    const resolve = (root: string) => {
      const old = this.roots.get(root);
      if (old && !all && ![...changedSet].some((c) => old.deps.has(c))) return;
      if (old) this.dropRoot(root, touched);
      this.resolveRoot(root, ws, touched);
    };
    for (const root of wanted) resolve(root);
    // Files reachable only through a cycle have no root: each is checked from itself.
    for (const c of lxdops) if (!this.rootsOfFile.has(c)) resolve(c);
    for (const f of touched) publish.add(f);
    if (all || touched.size) for (const f of this.updateCrossRoot()) publish.add(f);

    // 3. per-file checks
    const recheck = new Set<string>(
      all
        ? [...this.rootsOfFile.keys(), ...this.candidates, ...this.fileLevel.keys()]
        : [...changedSet, ...touched],
    );
    if (!all) for (const c of changedSet) for (const f of this.referencedBy.get(c) ?? []) recheck.add(f);
    for (const file of recheck) {
      const kind = this.info.get(file)?.kind;
      const isConfig = this.rootsOfFile.has(file) || (this.candidates.has(file) && kind !== 'cloud-config');
      if (!isConfig) {
        this.setReferences(file, []);
        if (kind !== 'cloud-config' && this.fileLevel.delete(file)) publish.add(file);
        continue;
      }
      const before = this.fileLevel.get(file);
      const now = this.fileDiagnostics(file, ws);
      if (now === undefined) {
        if (this.fileLevel.delete(file)) publish.add(file);
        continue;
      }
      this.fileLevel.set(file, now);
      if (before === undefined || !sameList(before, now)) publish.add(file);
    }

    // 4. cloud-config files: candidates, and the files that reached configs list
    const cloud = new Set<string>();
    for (const [path, i] of this.info) if (i.kind === 'cloud-config') cloud.add(path);
    for (const [cc, by] of this.cloudReferencedBy) {
      if (
        [...by].some((f) => this.rootsOfFile.has(f) || this.candidates.has(f)) &&
        ws.exists(cc) &&
        !this.rootsOfFile.has(cc)
      )
        cloud.add(cc);
    }
    for (const file of cloud) {
      if (!all && this.cloudConfigs.has(file) && !changedSet.has(file) && this.fileLevel.has(file)) continue;
      const p = ws.parsed(file);
      if (!p.ok) continue;
      let d = this.cloudCache.get(p.value);
      if (!d) {
        d = checkCloudConfigFile(p.value, validators.cloudConfig);
        this.cloudCache.set(p.value, d);
      }
      if (this.fileLevel.get(file) !== d) publish.add(file);
      this.fileLevel.set(file, d);
    }
    for (const file of this.cloudConfigs) {
      if (
        !cloud.has(file) &&
        !this.rootsOfFile.has(file) &&
        !(this.candidates.has(file) && this.info.get(file)?.kind !== 'cloud-config')
      ) {
        if (this.fileLevel.delete(file)) publish.add(file);
      }
    }
    this.cloudConfigs = cloud;

    const out = new Map<string, Diagnostic[]>();
    for (const file of publish) out.set(file, this.diagnosticsOf(file));
    return out;
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

  /** What a candidate is (by its header) and what it includes. */
  private classify(path: string, ws: ConfigWorkspace): CandidateInfo {
    const p = ws.parsed(path);
    if (!p.ok) return { kind: 'unreadable', includes: [] };
    const kind = p.value.header.kind;
    if (kind !== 'lxdops') return { kind, includes: [] };
    const m = ws.config(path);
    return { kind, includes: m.ok ? m.value.model.include.map((e) => e.resolved) : [] };
  }

  /** Records which paths a config names outside `include`: cloud-config files, and its source-config. */
  private setReferences(file: string, cloudConfigs: readonly string[], others: readonly string[] = []): void {
    const unlink = (index: Map<string, Set<string>>, paths: readonly string[]) => {
      for (const old of paths) {
        const s = index.get(old);
        s?.delete(file);
        if (s && s.size === 0) index.delete(old);
      }
    };
    const link = (index: Map<string, Set<string>>, paths: readonly string[]) => {
      for (const p of paths) {
        let s = index.get(p);
        if (!s) index.set(p, (s = new Set()));
        s.add(file);
      }
    };
    const old = this.referencesOf.get(file);
    if (old) {
      unlink(this.referencedBy, [...old.cloudConfigs, ...old.others]);
      unlink(this.cloudReferencedBy, old.cloudConfigs);
    }
    if (cloudConfigs.length === 0 && others.length === 0) {
      this.referencesOf.delete(file);
      return;
    }
    this.referencesOf.set(file, { cloudConfigs, others });
    link(this.referencedBy, [...cloudConfigs, ...others]);
    link(this.cloudReferencedBy, cloudConfigs);
  }

  /** The current full list for one file. */
  diagnosticsOf(file: string): Diagnostic[] {
    const list = [...(this.fileLevel.get(file) ?? []), ...(this.crossRoot.get(file) ?? [])];
    const roots = this.rootsOfFile.get(file) ?? new Set<string>();
    const groups = new Map<string, { d: Diagnostic; roots: string[] }>();
    for (const r of roots) {
      const s = this.roots.get(r)!;
      for (const d of s.structural) if (d.file === file) list.push(d);
      for (const d of s.contextual) {
        if (d.file !== file) continue;
        const key = `${d.span.start}\0${d.span.end}\0${d.code}\0${d.message}`;
        const g = groups.get(key);
        if (g) g.roots.push(r);
        else groups.set(key, { d, roots: [r] });
      }
    }
    for (const { d, roots: rs } of groups.values()) {
      const partial = !rs.includes(file) && rs.length < roots.size;
      list.push(
        partial
          ? {
              ...d,
              message: `${d.message} (when included by ${rs
                .map((r) => basename(r))
                .sort()
                .join(', ')})`,
            }
          : d,
      );
    }
    return sortAndDedupe(list);
  }

  private resolveRoot(root: string, ws: ConfigWorkspace, publish: Set<string>): void {
    const parsed = ws.parsed(root);
    if (parsed.ok && parsed.value.tooLarge) return;
    const r = resolveRoot(root, ws, this.options);
    if (!r) return;
    const ctx: RootContext = { ...r.result, ws };
    const contextual = [...r.problems];
    for (const rule of ROOT_RULES) contextual.push(...rule(ctx));
    const files = new Set(r.result.tree.preOrder.map((m) => m.file));
    const deps = new Set(files);
    for (const m of r.result.tree.preOrder) {
      for (const e of m.include) deps.add(e.resolved);
      for (const e of m.cloudConfigFiles) deps.add(e.resolved);
      if (m.sourceConfig) deps.add(m.sourceConfig.resolved);
    }
    if (this.options.globalProperties?.file) deps.add(this.options.globalProperties.file);
    this.roots.set(root, { result: r.result, deps, files, structural: r.structural, contextual });
    for (const f of files) {
      let s = this.rootsOfFile.get(f);
      if (!s) this.rootsOfFile.set(f, (s = new Set()));
      s.add(root);
      publish.add(f);
    }
  }

  private dropRoot(root: string, publish: Set<string>): void {
    const s = this.roots.get(root);
    if (!s) return;
    this.roots.delete(root);
    for (const f of s.files) {
      const set = this.rootsOfFile.get(f);
      set?.delete(root);
      if (set && set.size === 0) this.rootsOfFile.delete(f);
      publish.add(f);
    }
  }

  /** Per-file problems of an `#lxdops` file (or of a candidate that is neither kind). */
  private fileDiagnostics(file: string, ws: ConfigWorkspace): Diagnostic[] | undefined {
    const p = ws.parsed(file);
    if (!p.ok) {
      return this.candidates.has(file)
        ? [diagnostic('file-unreadable', origin(file, { start: 0, end: 0 }), p.failure.message)]
        : undefined;
    }
    const kind = p.value.header.kind;
    if (kind !== 'lxdops' && !this.rootsOfFile.has(file)) {
      if (kind === 'cloud-config') return undefined;
      return [
        diagnostic(
          'header',
          origin(file, firstLineSpan(p.value.text)),
          kind === 'lxops'
            ? 'This is an lxops (`#lxops-v1`) file; lxdops reads files whose first line is exactly `#lxdops` or `#cloud-config`.'
            : 'The first line must be exactly `#lxdops` (a config) or `#cloud-config` (a cloud-config file).',
        ),
      ];
    }
    const m = ws.config(file);
    if (!m.ok) return undefined;
    let pure = this.pureCache.get(p.value);
    if (!pure) {
      pure = checkLxdopsFile(m.value.parsed, m.value.model, validators.lxdops);
      this.pureCache.set(p.value, pure);
    }
    const model = m.value.model;
    this.setReferences(
      file,
      model.cloudConfigFiles.map((e) => e.resolved),
      model.sourceConfig ? [model.sourceConfig.resolved] : [],
    );
    return [...pure, ...checkReferencedFiles(model, ws)];
  }
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
