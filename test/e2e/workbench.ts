// What a user does in the VS Code workbench, as Playwright steps that each wait for the UI to show
// that the step happened (a focused list row, an active tab, a status bar text), never for a time.
import type { Locator, Page } from 'playwright-core';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A quick input (Quick Open, command palette) row that is focused, so Enter picks it. */
async function pickFocused(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: label });
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Ctrl+P, the file name, Enter; resolves when its tab is the active one. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(fileName);
  await pickFocused(page, fileName);
  await activeTab(page, fileName).waitFor({ state: 'visible' });
}

/** F1, the command's label, Enter. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(label);
  await pickFocused(page, new RegExp(`^${escapeRegExp(label)}`));
}

/** Ctrl+G, the line number, Enter; resolves when the status bar shows the cursor at its start. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await waitForStatus(page, 'status.editor.selection', `Ln ${line}, Col 1`);
}

export function activeTab(page: Page, fileName: string): Locator {
  return page.locator('.tabs-container .tab.active', { hasText: fileName });
}

/** A status bar entry by its id, e.g. `status.editor.mode` (language), `status.editor.selection` (Ln, Col). */
export function statusItem(page: Page, id: string): Locator {
  return page.locator(`.statusbar [id="${id}"]`);
}

/** Resolves when the status bar entry shows exactly `text`. */
export async function waitForStatus(page: Page, id: string, text: string): Promise<void> {
  await statusItem(page, id).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).waitFor({ state: 'visible' });
}

/** The lines of the active editor that show `text`, as rendered for the user. */
export function editorLine(page: Page, text: string | RegExp): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', { hasText: text });
}
