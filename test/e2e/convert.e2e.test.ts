// End to end: the migration code actions on the #lxdops header, in real VS Code (code-server +
// Chromium) with the packaged extension, on a copy of examples/. Asserts what a user sees: the light
// bulb on the header, the Quick Fix menu, and the converted text in the editor.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { type CodeServerSession, REPO, sessionSteps, startCodeServer } from './codeServer';
import { activeTab, editorLine, goToLine, quickOpen } from './workbench';

const CONVERT = 'Convert to #lxops-v1 (lxops)';
const CONVERT_TREE = 'Convert to #lxops-v1 (lxops) and the files it includes';

/** The rows of the code action menu (light bulb or Ctrl+.), once it is shown. */
async function actionMenu(page: Page): Promise<string[]> {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.first().waitFor({ state: 'visible' });
  return (await rows.allInnerTexts()).map((t) => t.trim());
}

/**
 * The light bulb of line 1, once VS Code shows it. It asks for code actions when the cursor moves
 * and shows the bulb when the answer comes; an answer lost in a busy moment (once in CI, on a
 * loaded machine) leaves no bulb, so, as a user would, the cursor leaves the line and comes back.
 */
async function lightBulbOnHeader(page: Page, totalMs = 30_000): Promise<Locator> {
  // VS Code draws it in the gutter (a glyph margin decoration) when the line numbers leave no room
  const bulb = page.locator('.editor-group-container.active .monaco-editor .codicon-gutter-lightbulb');
  const deadline = Date.now() + totalMs;
  for (;;) {
    await goToLine(page, 1);
    try {
      await bulb.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(8_000, deadline - Date.now())) });
      return bulb;
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
    await goToLine(page, 2);
  }
}

/**
 * Picks a row of the code action menu by its title with the keyboard, as a user does (the arrow
 * keys until it is focused, then Enter); resolves when the menu is gone.
 */
async function pickAction(page: Page, title: string): Promise<void> {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  const target = page.locator(`.action-widget .monaco-list-row.action.focused[aria-label="${title}"]`);
  for (let i = 0; i <= (await rows.count()) && !(await target.isVisible()); i++)
    await page.keyboard.press('ArrowDown');
  await target.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden' });
}

describe('the #lxdops → #lxops-v1 code actions (code-server + Chromium)', { timeout: 300_000 }, () => {
  let ws: string;
  let vs: CodeServerSession | undefined;
  const { step } = sessionSteps(() => vs, 'convert-');

  it('starts code-server with the packaged extension on a copy of the examples', async () => {
    ws = mkdtempSync(join(tmpdir(), 'lxdops-e2e-convert-'));
    cpSync(join(REPO, 'examples'), ws, { recursive: true });
    vs = await startCodeServer({ workspace: ws, name: 'convert' });
    await vs.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'containers' })
      .waitFor({ state: 'visible' });
  });

  after(async () => {
    await vs?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('the light bulb on the header converts this file: #lxops-v1, ostype, stop commented out', () =>
    step('1-lightbulb', async ({ page, screenshot }) => {
      await quickOpen(page, 'ex-template.yaml');
      await editorLine(page, /^os:$/).waitFor({ state: 'visible' });
      const bulb = await lightBulbOnHeader(page);
      await screenshot('1-lightbulb');
      await bulb.click();
      const titles = await actionMenu(page);
      assert.ok(titles.includes(CONVERT), titles.join(' | '));
      assert.ok(titles.includes(CONVERT_TREE), titles.join(' | '));
      await screenshot('2-menu');
      await pickAction(page, CONVERT);
      await editorLine(page, /^#lxops-v1$/).waitFor({ state: 'visible' });
      await editorLine(page, /^ostype:\s+alpine$/).waitFor({ state: 'visible' });
      await editorLine(page, /^image:\s+busybox$/).waitFor({ state: 'visible' });
      await editorLine(page, /^#\s+stop:\s+true$/).waitFor({ state: 'visible' });
      assert.equal(await editorLine(page, /^os:$/).count(), 0);
      await screenshot('3-converted');
    }));

  it('Quick Fix (Ctrl+.) on the header converts the file and the fragments it includes', () =>
    step('2-quickfix', async ({ page, screenshot }) => {
      await quickOpen(page, 'ex-web1.yaml');
      await editorLine(page, /^#lxdops$/).waitFor({ state: 'visible' });
      await goToLine(page, 1);
      await page.keyboard.press('Control+.');
      const titles = await actionMenu(page);
      assert.ok(titles.includes(CONVERT_TREE), titles.join(' | '));
      await pickAction(page, CONVERT_TREE);
      await editorLine(page, /^#lxops-v1$/).waitFor({ state: 'visible' });
      await screenshot('4-tree-converted');
      // the fragment was edited too: its os is now ostype (the editor renders spaces as no-break spaces)
      await quickOpen(page, 'base.yaml');
      await activeTab(page, 'base.yaml').waitFor({ state: 'visible' });
      await editorLine(page, /^#lxops-v1$/).waitFor({ state: 'visible' });
      await editorLine(page, /^ostype:\s+alpine$/).waitFor({ state: 'visible' });
      await screenshot('5-fragment');
    }));
});
