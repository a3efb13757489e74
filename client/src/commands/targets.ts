import * as vscode from 'vscode';
import { ConfigNode } from '../explorer/nodes/configNode';
import { InstanceNode } from '../explorer/nodes/instanceNode';

/** What a command was invoked on: tree nodes (multi-select), explorer files, or the active editor. */
export type Target = ConfigNode | InstanceNode | vscode.Uri;

export function targetsOf(first: unknown, all: unknown): Target[] {
  const list = Array.isArray(all) && all.length ? all : first !== undefined ? [first] : [];
  const out = list.filter(
    (t): t is Target => t instanceof ConfigNode || t instanceof InstanceNode || t instanceof vscode.Uri,
  );
  if (out.length) return out;
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.uri.scheme === 'file' ? [doc.uri] : [];
}

/** The config files of the targets (an instance without a config has none). */
export function configFiles(targets: Target[]): string[] {
  return targets.flatMap((t) =>
    t instanceof ConfigNode
      ? [t.uri.fsPath]
      : t instanceof InstanceNode
        ? t.configUri
          ? [t.configUri.fsPath]
          : []
        : [t.fsPath],
  );
}

/** The instances of the targets: `project/name`. */
export function instancesOf(targets: Target[]): { name: string; project: string }[] {
  return targets.flatMap((t) =>
    t instanceof InstanceNode
      ? [{ name: t.instance.name, project: t.instance.project }]
      : t instanceof ConfigNode && t.config.spec
        ? [{ name: t.config.spec.container, project: t.config.spec.project }]
        : [],
  );
}
