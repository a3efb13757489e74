// How a user runs an lxdops command in the workbench, in a few functions that the tests share: find
// the file or the tree row by its label, the menu item by the command's title (read from the
// manifest, so that a renamed title follows), and answer whatever the command asks (a modal
// confirmation, a name to type, a pick) until the real state says it is done. When the client
// changes how it asks, only these functions change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO } from './codeServer';
import {
  closeContextMenu,
  modalDialog,
  openContextMenu,
  openViewContainer,
  pickContextMenuItem,
  runCommand,
  treeRow,
  viewPane,
} from './workbench';

interface ManifestCommand {
  command: string;
  title: string;
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  contributes: { commands: ManifestCommand[] };
};

/** The title VS Code shows for the command `id` (e.g. `lxdops.launch` → "Launch Instance"). */
export function commandTitle(id: string): string {
  const found = manifest.contributes.commands.find((c) => c.command === id);
  if (!found) throw new Error(`package.json contributes no command ${id}`);
  return found.title;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The row of the file Explorer whose label is exactly `name`. */
function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }),
  });
}

/** Shows the Explorer and expands the folders of `relativePath`; resolves with the file's row. */
export async function revealInExplorer(page: Page, relativePath: string): Promise<Locator> {
  await openViewContainer(page, 'Explorer');
  const parts = relativePath.split('/');
  for (const folder of parts.slice(0, -1)) {
    const row = explorerRow(page, folder);
    await row.waitFor({ state: 'visible' });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    await page
      .locator('.explorer-folders-view .monaco-list-row[aria-expanded="true"]', {
        has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(folder)}\\s*$`) }),
      })
      .waitFor({ state: 'visible' });
  }
  const file = explorerRow(page, parts[parts.length - 1]!);
  await file.waitFor({ state: 'visible' });
  return file;
}

/** Right-click on the file in the Explorer, then the command's menu item; fails listing the menu when it is missing. */
export async function runFromExplorer(page: Page, relativePath: string, commandId: string): Promise<void> {
  const title = commandTitle(commandId);
  const file = await revealInExplorer(page, relativePath);
  const items = await openContextMenu(page, file);
  if (!items.includes(title)) {
    await closeContextMenu(page);
    throw new Error(`the Explorer menu of ${relativePath} has no "${title}"; it shows: ${items.join(' | ')}`);
  }
  await pickContextMenuItem(page, title);
}

/**
 * Right-click on the row `label` of the LXD view `view` ("Instances", "Configs"), then the
 * command's menu item. The items of a row depend on its state (e.g. whether the instance is tied
 * to its config yet), which a refresh brings: the menu is opened again until it offers the
 * command, up to `totalMs`.
 */
export async function runFromLxdView(
  page: Page,
  o: { view: string; label: string; commandId: string; totalMs?: number },
): Promise<void> {
  const title = commandTitle(o.commandId);
  await openViewContainer(page, 'LXD');
  const row = treeRow(viewPane(page, o.view), o.label);
  const deadline = Date.now() + (o.totalMs ?? 30_000);
  for (;;) {
    await row.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
    const items = await openContextMenu(page, row.locator('.label-name'));
    if (items.includes(title)) return pickContextMenuItem(page, title);
    await closeContextMenu(page);
    if (Date.now() > deadline)
      throw new Error(`the ${o.view} menu of ${o.label} has no "${title}"; it shows: ${items.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The text of a prompt the command showed, and how it was answered. */
export interface Prompt {
  kind: 'modal' | 'input' | 'pick';
  text: string;
  answer: string;
}

export interface AnswerOptions {
  /** Typed where the command asks for a name (Destroy asks to type the instance name). */
  typeName: string;
  /** The real state: true when the command's work is done. */
  done: () => Promise<boolean>;
  /** Called once, when the first prompt shows and before it is answered (e.g. to check that nothing was deleted yet). */
  beforeFirstAnswer?: (prompt: string) => Promise<void>;
  totalMs: number;
}

/** Fails with the message of an error notification, if one shows. */
export async function failOnErrorNotification(page: Page): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast', {
    has: page.locator('.codicon-error'),
  });
  if (await toast.count())
    throw new Error(`error notification: ${(await toast.first().innerText()).replace(/\s+/g, ' ')}`);
}

/**
 * Waits for the error notification whose message matches `text`, resolves with its message and
 * clears all notifications (so that later steps start without it).
 */
export async function takeErrorNotification(page: Page, text: RegExp, timeout: number): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', {
    has: page.locator('.codicon-error'),
  });
  const matching = toast.filter({ hasText: text });
  await matching.first().waitFor({ state: 'visible', timeout });
  const message = (await matching.first().locator('.notification-list-item-message').innerText()).trim();
  await runCommand(page, 'Notifications: Clear All Notifications');
  await toast.first().waitFor({ state: 'hidden' });
  return message;
}

/** Proceeds in a modal dialog: the first button that is not Cancel. */
async function answerModal(page: Page): Promise<Prompt> {
  const dialog = modalDialog(page);
  const text = `${await dialog.message.innerText()}\n${await dialog.detail.innerText().catch(() => '')}`;
  const labels = (await dialog.box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((l) =>
    l.trim(),
  );
  const answer = labels.find((l) => l && !/^cancel$/i.test(l));
  if (!answer) throw new Error(`a modal without a button to go on: ${text} [${labels.join(', ')}]`);
  await dialog.button(answer).click();
  await dialog.box.waitFor({ state: 'hidden' });
  return { kind: 'modal', text, answer };
}

/** Types the name into an input box, or picks the row that names the work in a quick pick. */
async function answerQuickInput(page: Page, typeName: string): Promise<Prompt> {
  const widget = page.locator('.quick-input-widget');
  const text = (await widget.innerText()).trim();
  const rows = widget.locator('.quick-input-list .monaco-list-row:visible');
  if ((await rows.count()) === 0) {
    await widget.locator('input').fill(typeName);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    return { kind: 'input', text, answer: typeName };
  }
  const labels = (await rows.allInnerTexts()).map((l) => l.trim());
  const answer = labels.find((l) => /destroy|delete|proceed|yes/i.test(l) && !/cancel/i.test(l));
  if (!answer) throw new Error(`a pick without an item to go on: ${text}`);
  await rows.filter({ hasText: answer }).first().click();
  await widget.waitFor({ state: 'hidden' });
  return { kind: 'pick', text, answer };
}

/**
 * Answers every prompt the command shows (modal: go on; input: the name; pick: the item that goes
 * on) until `done()` says the work is done. Fails on an error notification. Resolves with the
 * prompts, so that the test can assert what the user was asked.
 */
export async function answerUntilDone(page: Page, o: AnswerOptions): Promise<Prompt[]> {
  const prompts: Prompt[] = [];
  const modal = modalDialog(page).box;
  const input = page.locator('.quick-input-widget:visible');
  const deadline = Date.now() + o.totalMs;
  for (;;) {
    await failOnErrorNotification(page);
    if (await o.done()) return prompts;
    const which = (await modal.isVisible()) ? 'modal' : (await input.isVisible()) ? 'input' : undefined;
    if (which) {
      const text = which === 'modal' ? await modal.innerText() : await input.innerText();
      if (prompts.length === 0) await o.beforeFirstAnswer?.(text);
      prompts.push(which === 'modal' ? await answerModal(page) : await answerQuickInput(page, o.typeName));
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `not done after ${o.totalMs / 1000} s; prompts answered: ${JSON.stringify(prompts) || 'none'}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
