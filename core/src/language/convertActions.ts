import { firstLineSpan } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import { convertTree } from '../migrate/convertTree';
import type { FileConversion } from '../migrate/types';
import type { Span } from '../text/origin';
import type { LanguageContext } from './languageContext';
import type { CodeAction, TextEdit } from './types';

export const CONVERT_TITLE = 'Convert to #lxops-v1 (lxops)';
export const CONVERT_TREE_TITLE = 'Convert to #lxops-v1 (lxops) and the files it includes';

/** A root in the workspace: no config includes it, or it is a root of its own. */
function isRootIn(ctx: LanguageContext, file: string): boolean {
  const roots = ctx.checker.rootsOf(file);
  return roots.length === 0 || roots.some((r) => r.root === file);
}

function editsOf(files: readonly FileConversion[]): TextEdit[] {
  return files.flatMap((f) => f.changes.map((c) => ({ file: f.file, span: c.span, newText: c.newText })));
}

function action(title: string, edits: TextEdit[]): CodeAction {
  return { title, kind: 'quickfix', fixes: [], edits, createFiles: [] };
}

/**
 * On the `#lxdops` header: the migration to `#lxops-v1` of this file, and of it with the files it
 * includes, as text edits from the same converter as `lxdops config convert`. Nothing when the file
 * cannot be converted (the diagnostics say why) or the tree holds a file that cannot be.
 */
export function convertActions(ctx: LanguageContext, parsed: ParsedFile, range: Span): CodeAction[] {
  if (parsed.header.kind !== 'lxdops' || !parsed.header.exact) return [];
  const header = firstLineSpan(parsed.text);
  if (range.start > header.end || range.end < header.start) return [];
  // the tree's first file is this one, converted as it would be alone
  const tree = convertTree([parsed.path], ctx.ws, { isRoot: (f) => isRootIn(ctx, f) });
  const one = tree.files[0]!;
  if (one.status !== 'converted') return [];
  const out = [action(CONVERT_TITLE, editsOf([one]))];
  const converted = tree.files.filter((f) => f.status === 'converted');
  if (converted.length > 1 && !tree.files.some((f) => f.status === 'error'))
    out.push(action(CONVERT_TREE_TITLE, editsOf(converted)));
  return out;
}
