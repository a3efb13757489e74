import type { RootResult } from '../check/resolveRoot';
import { resolveRoot } from '../check/resolveRoot';
import type { WorkspaceChecker } from '../check/workspaceChecker';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { ParsedFile } from '../document/parsedFile';
import type { SchemaValidator } from '../schema/schemaValidator';
import { validators } from '../schema/schemas';

/** An entry of a folder, for path completion. */
export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
}

/**
 * What the language features see: the checker (roots, contexts), a consistent view of the files,
 * and optional doors to the world that the adapter provides (folder listing, LXD profiles).
 */
export interface LanguageContext {
  checker: WorkspaceChecker;
  ws: ConfigWorkspace;
  listDirectory?: (dir: string) => DirectoryEntry[];
  /** Profile names from the local LXD, when it answered (cached by the adapter, never blocking). */
  profiles?: () => string[] | undefined;
}

/** The roots a file is seen from: itself when it is a root, else the roots that include it, else itself. */
export function contextsOf(ctx: LanguageContext, file: string): RootResult[] {
  const roots = ctx.checker.rootsOf(file);
  if (roots.length) {
    const own = roots.find((r) => r.root === file);
    return own ? [own] : roots;
  }
  const r = resolveRoot(file, ctx.ws, {});
  return r ? [r.result] : [];
}

export function schemaFor(parsed: ParsedFile): SchemaValidator | undefined {
  if (parsed.header.kind === 'lxdops') return validators.lxdops;
  if (parsed.header.kind === 'lxops') return validators.lxops;
  if (parsed.header.kind === 'cloud-config') return validators.cloudConfig;
  return undefined;
}
