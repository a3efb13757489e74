import * as vscode from 'vscode';
import type { OperationCommand, PrepareResult } from '../../../core/src/protocol';

function destructiveLines(prepared: PrepareResult): string[] {
  // a safe rebuild deletes nothing but replaces the container: what it keeps is said (and asked) too
  return prepared.instances.flatMap((i) => [
    ...i.destructive.map((d) => `• ${i.instance}: ${d}`),
    ...(i.kept ?? []).map((k) => `• ${i.instance}: keeps ${k}`),
  ]);
}

function warningLines(prepared: PrepareResult): string[] {
  return prepared.instances.flatMap((i) =>
    i.warnings.map((w) => `⚠ ${i.instance}: line ${w.line + 1}: ${w.message}`),
  );
}

/** The instances and where they are: `web, db on incus-local` (`, member m2` for a launch's target). */
function names(prepared: PrepareResult): string {
  const who = prepared.instances.map((i) => i.instance).join(', ');
  if (!prepared.host) return who;
  return `${who} on ${prepared.host}${prepared.target ? `, member ${prepared.target}` : ''}`;
}

/**
 * Destroy: a pick whose first (default) item is Cancel; destroying takes choosing the item that
 * names the instances and counts what is deleted.
 */
async function confirmDestroy(prepared: PrepareResult): Promise<boolean> {
  const lines = destructiveLines(prepared);
  const destroy = `Destroy ${names(prepared)} and ${lines.length} item(s) of data`;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Cancel', description: 'destroy nothing' },
      { label: destroy, description: 'cannot be undone', detail: lines.join('  ') },
    ],
    { title: `Destroy ${names(prepared)}? This deletes:`, placeHolder: lines.join('  ') || 'the instances' },
  );
  return picked?.label === destroy;
}

/** A modal dialog taller than the window hides its buttons: past this many lines, a count stands in. */
const MAX_DETAIL_LINES = 24;

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return lines;
  const shown = lines.slice(0, MAX_DETAIL_LINES - 1);
  return [...shown, `… and ${lines.length - shown.length} more (Show Plan lists every step)`];
}

async function modal(title: string, detail: string[], button: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    title,
    { modal: true, detail: capped(detail).join('\n') },
    button,
  );
  return answer === button;
}

/**
 * The one confirmation of an operation, itemised per instance: what is deleted or overwritten,
 * and the config's warnings. Nothing to delete and no warning: no question.
 */
export async function confirmOperation(command: OperationCommand, prepared: PrepareResult): Promise<boolean> {
  const destructive = destructiveLines(prepared);
  const warnings = warningLines(prepared);
  const who = names(prepared);
  switch (command) {
    case 'destroy':
      return confirmDestroy(prepared);
    case 'rollback':
      return modal(
        `Roll back ${who}? The container stops and open shells close.`,
        [
          'The container is stopped, rolled back, and started again; shells open on it are closed.',
          ...destructive,
          ...warnings,
        ],
        'Roll Back',
      );
    case 'revert':
      // always asked: the rebuilt container goes, the kept one comes back with its data as it was
      return modal(
        `Revert the last rebuild of ${who}? The rebuilt container is removed and the kept one comes back.`,
        [...destructive, ...prepared.instances.flatMap((i) => i.notes), ...warnings],
        'Revert',
      );
    case 'adopt':
      // asked whenever something is adopted: it hands existing data to the instance, for destroy to remove later
      if (!destructive.length) return true;
      return modal(
        `Adopt the filesystems of ${who}? destroy, rollback and rename will then act on them:`,
        [...destructive, ...warnings],
        'Adopt',
      );
    case 'rename':
      // the steps' descriptions, not their commands: the whole plan made the dialog taller than
      // the window (its button out of reach); Show Plan has the commands
      return modal(
        `Rename ${who}? This renames:`,
        [...prepared.instances.flatMap((i) => [...i.notes, ...i.outline]), ...warnings],
        'Rename',
      );
    default:
      if (!destructive.length && !warnings.length) return true;
      return modal(
        `${command} ${who}: ${destructive.length ? 'this deletes or overwrites' : 'the config has warnings'}`,
        [...destructive, ...warnings],
        'Proceed',
      );
  }
}

/** After a failure in a multi-instance run: go on with the rest? Cancel (stop) is the default. */
export async function askContinue(
  failed: string,
  message: string | undefined,
  remaining: string[],
): Promise<boolean> {
  return modal(
    `${failed} failed${message ? `: ${message}` : ''}. Go on with ${remaining.join(', ')}?`,
    [`Remaining: ${remaining.join(', ')}`],
    'Continue',
  );
}
