import type * as vscode from 'vscode';
import type { NodeType } from './nodeTypes';

/** Every node of the lxdops trees: its kind, its tree item, its children. */
export interface TreeNode {
  readonly nodeType: NodeType;
  /** The host whose subtree holds the node (operations target it); absent in the Configs view. */
  readonly host?: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[] | Promise<TreeNode[]>;
}
