import { type FileKind, isConfigKind } from '../document/header';
import type { Span } from '../text/origin';

export type EdgeKind = 'include' | 'cloud-config-files' | 'source-config';

/** One path entry of a file: from the file that writes it to the file it names. */
export interface GraphEdge {
  kind: EdgeKind;
  from: string;
  to: string;
  /** The entry as written, and the offsets of its text in `from`. */
  raw: string;
  span: Span;
}

/** What one file contributes to the graph, read from its text (or its absence). */
export interface GraphNode {
  path: string;
  kind: FileKind | 'missing' | 'unreadable';
  /** In the order the file writes them: include, then cloud-config-files, then source-config. */
  edges: readonly GraphEdge[];
}

/** Reads the node of one path; the graph itself reads nothing. */
export type NodeReader = (path: string) => GraphNode;

export interface GraphChanges {
  /** Paths whose text or existence changed. */
  files?: Iterable<string>;
  /** The seeds: the files the user asked to check, or that the workspace scan found. */
  seedsAdded?: Iterable<string>;
  seedsRemoved?: Iterable<string>;
}

export interface GraphDelta {
  /** Roots to resolve again: new roots, and roots that depend on a changed file. */
  affectedRoots: Set<string>;
  /** Roots that are no longer roots. */
  droppedRoots: Set<string>;
  /**
   * Files whose own checks may change: the changed files, the files that name them, seeds added or
   * removed, files that entered or left the graph, and every file of an affected or dropped root.
   */
  affectedFiles: Set<string>;
}

const isReadable = (node: GraphNode | undefined): node is GraphNode =>
  node !== undefined && node.kind !== 'missing' && node.kind !== 'unreadable';

/**
 * The files of a workspace as a graph: seeds and every file reached from them through `include`,
 * `cloud-config-files` and `source-config` entries (a missing target is a leaf node). Roots are the
 * `#lxdops` seeds that no `#lxdops` file of the graph includes; a seed reached only through a cycle
 * becomes a root too (the first in path order), so that every config is checked in some context.
 * Reverse edges answer which roots depend on a file. Pure: nodes come from the reader given to apply.
 */
export class ConfigGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly incoming = new Map<string, Set<GraphEdge>>();
  private readonly seedSet = new Set<string>();
  private rootList: string[] = [];
  /** Include-closure of each current root: the files of its include tree. */
  private readonly closures = new Map<string, ReadonlySet<string>>();
  /** The same, file → roots. */
  private readonly rootsByFile = new Map<string, string[]>();

  get seeds(): ReadonlySet<string> {
    return this.seedSet;
  }

  /** Roots in path order. */
  roots(): readonly string[] {
    return this.rootList;
  }

  isRoot(path: string): boolean {
    return this.closures.has(path);
  }

  node(path: string): GraphNode | undefined {
    return this.nodes.get(path);
  }

  paths(): string[] {
    return [...this.nodes.keys()].sort();
  }

  edgesFrom(path: string, kind?: EdgeKind): GraphEdge[] {
    const edges = this.nodes.get(path)?.edges ?? [];
    return kind ? edges.filter((e) => e.kind === kind) : [...edges];
  }

  /** The entries that name this file (reverse edges). */
  edgesTo(path: string, kind?: EdgeKind): GraphEdge[] {
    const edges = [...(this.incoming.get(path) ?? [])];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  /** The files of a root's include tree (itself and every readable file its includes reach). */
  closure(root: string): ReadonlySet<string> {
    return this.closures.get(root) ?? this.includeClosure([root]);
  }

  /** The roots whose include tree holds this file, in path order. */
  rootsOf(file: string): readonly string[] {
    return this.rootsByFile.get(file) ?? [];
  }

  /** The roots whose result can change when this file changes: their tree holds it or names it. */
  dependents(path: string): Set<string> {
    return this.dependentsOfAll([path]);
  }

  /** Applies changed files and seeds, and says what they affect. */
  apply(changes: GraphChanges, read: NodeReader): GraphDelta {
    const changed = new Set(changes.files ?? []);
    const seedChanges = this.changeSeeds(changes);
    const touched = new Set([...changed, ...seedChanges]);
    const affectedRoots = this.dependentsOfAll(touched);
    const affectedFiles = new Set([...touched, ...this.referrersOf(touched)]);
    const oldRoots = new Map(this.closures);

    const { entered, left, oldTargets } = this.reread(
      [...touched].filter((p) => this.wanted(p)),
      read,
    );
    for (const path of [...entered, ...left, ...oldTargets]) affectedFiles.add(path);
    this.computeRoots();

    for (const root of this.dependentsOfAll(touched)) affectedRoots.add(root);
    for (const path of this.referrersOf(touched)) affectedFiles.add(path);
    for (const root of this.rootList) if (!oldRoots.has(root)) affectedRoots.add(root);
    for (const root of [...affectedRoots]) if (!this.closures.has(root)) affectedRoots.delete(root);
    const droppedRoots = new Set([...oldRoots.keys()].filter((root) => !this.closures.has(root)));
    for (const root of [...affectedRoots, ...droppedRoots]) {
      for (const file of oldRoots.get(root) ?? []) affectedFiles.add(file);
      for (const file of this.closures.get(root) ?? []) affectedFiles.add(file);
    }
    // Whether a file is checked, and as what, can depend on the files that name it.
    for (const file of [...affectedFiles]) for (const e of this.edgesFrom(file)) affectedFiles.add(e.to);
    return { affectedRoots, droppedRoots, affectedFiles };
  }

  private changeSeeds(changes: GraphChanges): string[] {
    const out: string[] = [];
    for (const path of changes.seedsAdded ?? []) if (!this.seedSet.has(path)) out.push(path);
    for (const path of out) this.seedSet.add(path);
    for (const path of changes.seedsRemoved ?? []) if (this.seedSet.delete(path)) out.push(path);
    return out;
  }

  /** One walk back through include edges from the paths and the files that name them. */
  private dependentsOfAll(paths: Iterable<string>): Set<string> {
    const start = [...paths].flatMap((path) => [path, ...this.edgesTo(path).map((e) => e.from)]);
    const seen = new Set<string>(start);
    const queue = [...seen];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      for (const e of this.incoming.get(file) ?? []) {
        if (e.kind !== 'include' || seen.has(e.from)) continue;
        seen.add(e.from);
        queue.push(e.from);
      }
    }
    return new Set([...seen].filter((file) => this.closures.has(file)));
  }

  private referrersOf(paths: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const path of paths) for (const e of this.edgesTo(path)) out.add(e.from);
    return out;
  }

  /** A path belongs in the graph if it is a seed or something names it. */
  private wanted(path: string): boolean {
    return this.seedSet.has(path) || (this.incoming.get(path)?.size ?? 0) > 0 || this.nodes.has(path);
  }

  /** Re-reads the given nodes, reads the targets they newly name, and drops what is no longer reached. */
  private reread(
    paths: string[],
    read: NodeReader,
  ): { entered: string[]; left: string[]; oldTargets: string[] } {
    const entered: string[] = [];
    const oldTargets: string[] = [];
    const left: string[] = [];
    const queue = [...paths];
    for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
      const old = this.nodes.get(path);
      if (old) oldTargets.push(...old.edges.map((e) => e.to));
      else entered.push(path);
      this.setNode(read(path));
      for (const e of this.nodes.get(path)!.edges) if (!this.nodes.has(e.to)) queue.push(e.to);
    }
    // A node that leaves takes its edges with it: what it named must be told too (a file it listed
    // as cloud-config may no longer be checked as one).
    for (const path of this.unreached()) {
      oldTargets.push(...this.edgesFrom(path).map((e) => e.to));
      this.removeNode(path);
      left.push(path);
    }
    return { entered: entered.filter((p) => this.nodes.has(p)), left, oldTargets };
  }

  private setNode(node: GraphNode): void {
    for (const e of this.nodes.get(node.path)?.edges ?? []) this.incoming.get(e.to)?.delete(e);
    this.nodes.set(node.path, node);
    for (const e of node.edges) {
      let set = this.incoming.get(e.to);
      if (!set) this.incoming.set(e.to, (set = new Set()));
      set.add(e);
    }
  }

  /** The nodes that no seed reaches any more. */
  private unreached(): string[] {
    const reached = new Set<string>();
    const queue = [...this.seedSet].filter((p) => this.nodes.has(p));
    for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
      if (reached.has(path)) continue;
      reached.add(path);
      for (const e of this.nodes.get(path)?.edges ?? []) if (this.nodes.has(e.to)) queue.push(e.to);
    }
    return [...this.nodes.keys()].filter((p) => !reached.has(p));
  }

  private removeNode(path: string): void {
    for (const e of this.nodes.get(path)?.edges ?? []) this.incoming.get(e.to)?.delete(e);
    this.nodes.delete(path);
    if (this.incoming.get(path)?.size === 0) this.incoming.delete(path);
  }

  private computeRoots(): void {
    const included = new Set<string>();
    for (const node of this.nodes.values()) {
      if (!isConfigKind(node.kind)) continue;
      for (const e of node.edges) if (e.kind === 'include' && e.to !== node.path) included.add(e.to);
    }
    const configs = [...this.seedSet].filter((p) => isConfigKind(this.nodes.get(p)?.kind)).sort();
    const primary = configs.filter((p) => !included.has(p));
    const covered = this.includeClosure(primary);
    const roots = [...primary];
    // Seeds reached only through a cycle: the first in path order stands for the rest of its cycle.
    for (const path of configs) {
      if (covered.has(path)) continue;
      roots.push(path);
      for (const file of this.includeClosure([path])) covered.add(file);
    }
    this.rootList = roots.sort();
    this.closures.clear();
    this.rootsByFile.clear();
    for (const root of this.rootList) {
      const closure = this.includeClosure([root]);
      this.closures.set(root, closure);
      for (const file of closure) {
        const list = this.rootsByFile.get(file);
        if (list) list.push(root);
        else this.rootsByFile.set(file, [root]);
      }
    }
  }

  /** Every readable file reached from the starts through include edges, the starts included. */
  private includeClosure(starts: readonly string[]): Set<string> {
    const out = new Set<string>();
    const queue = starts.filter((p) => isReadable(this.nodes.get(p)));
    for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
      if (out.has(path)) continue;
      out.add(path);
      for (const e of this.nodes.get(path)!.edges) {
        if (e.kind === 'include' && isReadable(this.nodes.get(e.to))) queue.push(e.to);
      }
    }
    return out;
  }
}
