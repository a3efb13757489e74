import { basename } from 'node:path';
import { checkCloudConfigFile } from '../cloudconfig/checkCloudConfig';
import { ConfigWorkspace } from '../config/configWorkspace';
import { firstLineSpan } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import { DocumentCache } from '../document/documentCache';
import { type Diagnostic, diagnostic, sortAndDedupe } from '../diagnostics/diagnostic';
import type { FileSystem } from '../fs/fileSystem';
import { validators } from '../schema/schemas';
import { origin } from '../text/origin';
import { checkLxdopsFile, checkReferencedFiles } from '../validate/lxdopsFileRules';
import type { RootContext } from '../validate/root/rootContext';
import { type CheckOptions, resolveRoot, ROOT_RULES, type RootResult } from './resolveRoot';

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
   * options). Returns the full diagnostic list of every file whose list may have changed.
   */
  update(changed: Iterable<string> | 'all'): Map<string, Diagnostic[]> {
    const ws = this.workspace();
    const all = changed === 'all';
    const changedSet = new Set(all ? [] : changed);
    const publish = new Set<string>(changedSet);
    if (all) for (const f of [...this.rootsOfFile.keys(), ...this.fileLevel.keys()]) publish.add(f);

    const lxdops: string[] = [];
    const candidateCloud = new Set<string>();
    for (const path of this.candidates) {
      const p = ws.parsed(path);
      if (p.ok && p.value.header.kind === 'lxdops') lxdops.push(path);
      else if (p.ok && p.value.header.kind === 'cloud-config') candidateCloud.add(path);
    }
    const included = new Set<string>();
    for (const c of lxdops) {
      const m = ws.config(c);
      if (m.ok) for (const e of m.value.model.include) if (e.resolved !== c) included.add(e.resolved);
    }
    const wanted = new Set(lxdops.filter((c) => !included.has(c)));

    for (const root of [...this.roots.keys()]) {
      if (!wanted.has(root)) this.dropRoot(root, publish);
    }
    const resolve = (root: string) => {
      const old = this.roots.get(root);
      if (old && !all && ![...changedSet].some((c) => old.deps.has(c))) return;
      if (old) this.dropRoot(root, publish);
      this.resolveRoot(root, ws, publish);
    };
    for (const root of wanted) resolve(root);
    // Files reachable only through a cycle have no root: each is checked from itself.
    for (const c of lxdops) if (!this.rootsOfFile.has(c)) resolve(c);

    // Per-file checks for every file a root reaches and every candidate.
    const cloud = new Set(candidateCloud);
    const fileSet = new Set<string>([...this.rootsOfFile.keys(), ...this.candidates]);
    for (const file of fileSet) {
      if (candidateCloud.has(file)) continue;
      const before = this.fileLevel.get(file);
      const now = this.fileDiagnostics(file, ws, cloud);
      if (now === undefined) continue;
      this.fileLevel.set(file, now);
      if (before === undefined || !sameList(before, now)) publish.add(file);
    }
    for (const file of cloud) {
      const p = ws.parsed(file);
      if (!p.ok) continue;
      let d = this.cloudCache.get(p.value);
      if (!d) {
        d = checkCloudConfigFile(p.value, validators.cloudConfig);
        this.cloudCache.set(p.value, d);
      }
      const before = this.fileLevel.get(file);
      this.fileLevel.set(file, d);
      if (before !== d) publish.add(file);
    }
    for (const file of [...this.fileLevel.keys()]) {
      if (!fileSet.has(file) && !cloud.has(file)) {
        this.fileLevel.delete(file);
        publish.add(file);
      }
    }
    this.cloudConfigs = cloud;

    const out = new Map<string, Diagnostic[]>();
    for (const file of publish) out.set(file, this.diagnosticsOf(file));
    return out;
  }

  /** The current full list for one file. */
  diagnosticsOf(file: string): Diagnostic[] {
    const list = [...(this.fileLevel.get(file) ?? [])];
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
      list.push(partial ? { ...d, message: `${d.message} (when included by ${rs.map((r) => basename(r)).sort().join(', ')})` } : d);
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

  /** Per-file problems of an `#lxdops` file (or a candidate that is neither kind); adds its cloud-config files to `cloud`. */
  private fileDiagnostics(file: string, ws: ConfigWorkspace, cloud: Set<string>): Diagnostic[] | undefined {
    const p = ws.parsed(file);
    if (!p.ok) {
      return this.candidates.has(file) ? [diagnostic('file-unreadable', origin(file, { start: 0, end: 0 }), p.failure.message)] : undefined;
    }
    const kind = p.value.header.kind;
    if (kind !== 'lxdops' && !this.rootsOfFile.has(file)) {
      if (kind === 'cloud-config') return undefined;
      return [
        diagnostic('header', origin(file, firstLineSpan(p.value.text)), kind === 'lxops'
          ? 'This is an lxops (`#lxops-v1`) file; lxdops reads files whose first line is exactly `#lxdops` or `#cloud-config`.'
          : 'The first line must be exactly `#lxdops` (a config) or `#cloud-config` (a cloud-config file).'),
      ];
    }
    const m = ws.config(file);
    if (!m.ok) return undefined;
    let pure = this.pureCache.get(p.value);
    if (!pure) {
      pure = checkLxdopsFile(m.value.parsed, m.value.model, validators.lxdops);
      this.pureCache.set(p.value, pure);
    }
    for (const e of m.value.model.cloudConfigFiles) if (ws.exists(e.resolved)) cloud.add(e.resolved);
    return [...pure, ...checkReferencedFiles(m.value.model, ws)];
  }
}

function sameList(a: Diagnostic[], b: Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || (d.code === b[i]!.code && d.message === b[i]!.message && d.span.start === b[i]!.span.start && d.span.end === b[i]!.span.end));
}
