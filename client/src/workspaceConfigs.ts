import * as vscode from 'vscode';
import { resolveRoot, type RootResult } from '../../core/src/check/resolveRoot';
import { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { configHash } from '../../core/src/engine/engine';
import { instanceSpec, type InstanceSpec } from '../../core/src/engine/instanceSpec';
import { DiskFileSystem } from '../../core/src/fs/diskFileSystem';
import { scanPaths } from '../../core/src/fs/scanPaths';
import { WorkspaceChecker } from '../../core/src/check/workspaceChecker';
import { normaliseSettings, optionsFromSettings } from '../../core/src/settings';
import type { CheckOptions } from '../../core/src/check/resolveRoot';

export interface WorkspaceConfig {
  root: RootResult;
  spec?: InstanceSpec;
  /** Why the config cannot be run (an undefined property ...). */
  error?: string;
  hash: string;
}

export function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
}

export function settings() {
  return normaliseSettings(vscode.workspace.getConfiguration('lxdops'));
}

/** Check options from the lxdops.* settings (properties, global file, project). */
export function checkOptions(ws: ConfigWorkspace): CheckOptions {
  return optionsFromSettings(settings(), folders(), ws).options;
}

/** The root configs of the workspace folders, each resolved with the settings. Read on demand. */
export function workspaceConfigs(): WorkspaceConfig[] {
  const fs = new DiskFileSystem();
  const ws = new ConfigWorkspace(fs);
  const checker = new WorkspaceChecker(fs, checkOptions(ws));
  checker.setCandidates(scanPaths(folders()).files);
  checker.update('all');
  const out: WorkspaceConfig[] = [];
  for (const root of checker.rootResults().values()) {
    let spec: InstanceSpec | undefined;
    let error: string | undefined;
    try {
      spec = instanceSpec(root);
    } catch (e) {
      error = (e as Error).message;
    }
    out.push({ root, ...(spec ? { spec } : {}), ...(error ? { error } : {}), hash: configHash(root, ws) });
  }
  return out.sort((a, b) => a.root.root.localeCompare(b.root.root));
}

/**
 * The workspace configs, computed once per refresh and shared by the two views (each refresh()
 * invalidates; the first view to ask computes them).
 */
export class WorkspaceConfigsCache {
  private value: WorkspaceConfig[] | undefined;

  get(): WorkspaceConfig[] {
    return (this.value ??= workspaceConfigs());
  }

  invalidate(): void {
    this.value = undefined;
  }
}

/** One config file as a root (for commands on a file that the workspace scan may not list). */
export function configFor(file: string, name?: string): RootResult | undefined {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  return resolveRoot(file, ws, { ...checkOptions(ws), ...(name ? { name } : {}) })?.result;
}
