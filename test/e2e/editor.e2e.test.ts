// End to end: the packaged extension (lxdops.vsix) in real VS Code (code-server) in a real browser
// (Chromium), on a copy of examples/ plus a broken config. Asserts what a user sees on the screen.
// Needs `npm run package` and `scripts/install-code-server.sh`; without them it fails and says so.
// Run with `npm run test:e2e`; screenshots and logs go to test-results/e2e/.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CodeServerSession, REPO, startCodeServer, sessionSteps } from './codeServer';
import {
  activeTab,
  editorLine,
  goToLine,
  quickOpen,
  runCommand,
  statusItem,
  waitForStatus,
} from './workbench';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
/** The name VS Code shows for the language: its first alias. */
const LANGUAGE_NAME: string = manifest.contributes.languages.find((l: { id: string }) => l.id === 'lxdops')
  .aliases[0];
const schema = JSON.parse(readFileSync(join(REPO, 'schemas/lxdops.schema.json'), 'utf8'));

const BROKEN = '#lxdops\nos: {name: alpine, image: "images:alpine/3.19"}\nprofile: [default]\n';

describe('lxdops in VS Code (code-server + Chromium)', { timeout: 300_000 }, () => {
  let ws: string;
  let vs: CodeServerSession | undefined;
  const { step } = sessionSteps(() => vs);

  // Starting is a test of its own, not a before hook: when code-server, Chromium or the .vsix is
  // missing, it fails saying what to run, and every test after it fails too (none is skipped).
  it('starts code-server with the packaged extension and opens the workspace', async () => {
    ws = mkdtempSync(join(tmpdir(), 'lxdops-e2e-ws-'));
    cpSync(join(REPO, 'examples'), ws, { recursive: true });
    mkdirSync(join(ws, 'broken'));
    writeFileSync(join(ws, 'broken/unknown-key.yaml'), BROKEN);
    vs = await startCodeServer({ workspace: ws, name: 'editor' });
    // the Explorer lists the workspace: the folder is open
    await vs.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'containers' })
      .waitFor({ state: 'visible' });
    await vs.screenshot('0-workbench');
  });

  after(async () => {
    await vs?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('(a) gives a #lxdops file the lxdops language, by its first line', () =>
    step('1-language', async ({ page, screenshot }) => {
      // ex-web1.yaml is YAML by its extension; the first line `#lxdops` makes it ours
      await quickOpen(page, 'ex-web1.yaml');
      await waitForStatus(page, 'status.editor.mode', LANGUAGE_NAME);
      assert.equal((await statusItem(page, 'status.editor.mode').innerText()).trim(), LANGUAGE_NAME);
      assert.match(LANGUAGE_NAME, /lxdops/);
      await screenshot('1-language');
    }));

  it('(b) lists the unknown key of the broken config in the Problems panel', () =>
    step('2-problems', async ({ page, screenshot }) => {
      await quickOpen(page, 'unknown-key.yaml');
      await waitForStatus(page, 'status.editor.mode', LANGUAGE_NAME);
      // the squiggle under `profile` in the editor
      await page
        .locator('.editor-group-container.active .monaco-editor .squiggly-error')
        .first()
        .waitFor({ state: 'visible' });
      await runCommand(page, 'View: Focus Problems');
      const row = page.locator('.markers-panel .monaco-list-row', {
        has: page.locator('.marker-code', { hasText: 'unknown-key' }),
      });
      await row.waitFor({ state: 'visible' });
      assert.equal(
        await row.locator('.marker-message').innerText(),
        'Unknown key `profile` in an lxdops config: did you mean `profiles`?',
      );
      assert.equal(await row.locator('.marker-source').innerText(), 'lxdops');
      assert.equal(await row.locator('.marker-line').innerText(), '[Ln 3, Col 1]');
      assert.match((await row.getAttribute('aria-label')) ?? '', /^Error: /);
      const file = page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown-key.yaml' }).first();
      assert.match(await file.innerText(), /broken/);
      await screenshot('2-problems');
    }));

  it('(c) shows the schema documentation of a key on hover', () =>
    step('3-hover', async ({ page, screenshot }) => {
      await quickOpen(page, 'ex-web1.yaml');
      const doc: string = schema.properties['device-template'].description;
      const firstSentence = doc.slice(0, doc.indexOf('. ') + 1);
      const key = editorLine(page, /^device-template:/).locator('span > span', {
        hasText: /^device-template$/,
      });
      await page.mouse.move(0, 0);
      await key.hover();
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: firstSentence });
      await hover.waitFor({ state: 'visible' });
      assert.match(await hover.innerText(), /device-template/);
      await screenshot('3-hover');
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
    }));

  it('(d) offers `filesystems` when completing on an empty line', () =>
    step('4-completion', async ({ page, screenshot }) => {
      // a new empty line between two top-level keys, above `profiles:`
      const text = readFileSync(join(ws, 'containers/ex-web1.yaml'), 'utf8');
      const line = text.split('\n').indexOf('profiles:') + 1;
      assert.ok(line > 1, 'ex-web1.yaml should have a `profiles:` line');
      assert.ok(!/^filesystems:/m.test(text), 'ex-web1.yaml should not have filesystems yet');
      await quickOpen(page, 'ex-web1.yaml');
      await goToLine(page, line);
      await page.keyboard.press('Enter');
      await waitForStatus(page, 'status.editor.selection', `Ln ${line + 1}, Col 1`);
      await page.keyboard.press('ArrowUp');
      await waitForStatus(page, 'status.editor.selection', `Ln ${line}, Col 1`);
      await editorLine(page, /^profiles:$/).waitFor({ state: 'visible' });
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.editor-widget.suggest-widget');
      const item = widget.locator('.monaco-list-row[aria-label^="filesystems"]');
      await item.waitFor({ state: 'visible' });
      // a property from the language server, not a word picked from the text
      assert.equal(await item.locator('.suggest-icon.codicon-symbol-property').count(), 1);
      await screenshot('4-completion');
      await page.keyboard.type('filesys');
      await widget
        .locator('.monaco-list-row.focused[aria-label^="filesystems"]')
        .waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await editorLine(page, /^filesystems:/).waitFor({ state: 'visible' });
      await widget.waitFor({ state: 'hidden' });
      assert.ok(await activeTab(page, 'ex-web1.yaml').isVisible());
      await screenshot('5-completion-accepted');
    }));
});
