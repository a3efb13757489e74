// What a user does in the VS Code workbench, as Playwright steps that each wait for the UI to show
// that the step happened (a focused list row, an active tab, a status bar text), never for a time.
import type { Locator, Page } from 'playwright-core';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A quick input (Quick Open, command palette) row that is focused, so Enter picks it. */
async function pickFocused(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', {
    hasText: label,
  });
  await row.waitFor({ state: 'visible' });
  const title = page.locator('.quick-input-widget .quick-input-title');
  const before = (await title.isVisible()) ? await title.innerText() : '';
  await page.keyboard.press('Enter');
  // picked: the quick input closes, or (a command that asks again at once) shows another title;
  // VS Code reuses the widget for the next question, which then is never hidden in between
  await page.waitForFunction(
    `(() => {
      const widget = document.querySelector('.quick-input-widget');
      if (!widget || widget.offsetParent === null) return true;
      const now = widget.querySelector('.quick-input-title');
      const earlier = ${JSON.stringify(before)};
      return !!earlier && (now && now.offsetParent ? now.innerText : '') !== earlier;
    })()`,
  );
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
  await statusItem(page, id)
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) })
    .waitFor({ state: 'visible' });
}

/** The lines of the active editor that show `text`, as rendered for the user. */
export function editorLine(page: Page, text: string | RegExp): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', {
    hasText: text,
  });
}

// ------------------------------------------------------------------------------------------------
// Views, tree rows, context menus, notifications and dialogs
// ------------------------------------------------------------------------------------------------

/**
 * Shows the view container `title` of the activity bar (e.g. "LXD", "Explorer"): a click on its
 * entry unless it is the one shown already (a click on that one would hide the side bar).
 */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const entry = page.locator('.activitybar .action-item', {
    has: page.locator(`.action-label[aria-label^="${title}"]`),
  });
  await entry.waitFor({ state: 'visible' });
  const shown = page.locator('.sidebar .composite.title h2', {
    hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i'),
  });
  if (!(await shown.isVisible())) await entry.locator('.action-label').click();
  await shown.waitFor({ state: 'visible' });
}

/** CSS of the pane of the view titled `title` in the side bar (e.g. "Instances"). */
const viewPaneCss = (title: string) => `.sidebar .pane:has(> .pane-header[aria-label="${title} Section"])`;

/** The pane of the view titled `title` in the side bar (e.g. "Instances"). */
export function viewPane(page: Page, title: string): Locator {
  return page.locator(viewPaneCss(title));
}

/** The row of a tree whose label is exactly `label` (not its description). */
export function treeRow(container: Locator, label: string): Locator {
  return container.locator('.monaco-list-row', {
    has: container.page().locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
  });
}

/**
 * Selects exactly these rows of a tree, as a user does: a click on the first, Ctrl+click on the
 * others. A refresh of the tree between the clicks (an LXD event, the first row's children
 * arriving) can leave only the last one selected: then it is done again, a few times at most.
 * Returns how many attempts it took.
 */
export async function selectTreeRows(container: Locator, labels: readonly string[]): Promise<number> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await treeRow(container, labels[0]!).click();
    for (const label of labels.slice(1)) await treeRow(container, label).click({ modifiers: ['Control'] });
    const selected = await Promise.all(
      labels.map((l) => treeRow(container, l).getAttribute('aria-selected')),
    );
    if (selected.every((s) => s === 'true')) return attempt;
  }
  throw new Error(`the rows ${labels.join(', ')} could not be selected together in 3 attempts`);
}

export interface TreeRowInfo {
  name: string;
  description: string;
  ariaLabel: string;
  level: number;
  expanded: string | null;
  icon: string;
}

/** A row element as the page code below reads it (the tests compile without the DOM library). */
interface RowElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): { textContent: string | null; className: string } | null;
}

/** The rows of a tree (`container`: its view pane), in display order, with what each shows. */
export async function treeRows(container: Locator): Promise<TreeRowInfo[]> {
  const rows = await container.locator('.monaco-list-row').evaluateAll((els: RowElement[]) =>
    els.map((r) => ({
      index: Number(r.getAttribute('data-index')),
      name: r.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
      ariaLabel: r.getAttribute('aria-label') ?? '',
      level: Number(r.getAttribute('aria-level')),
      expanded: r.getAttribute('aria-expanded'),
      icon:
        (r.querySelector('.custom-view-tree-node-item-icon')?.className ?? '')
          .split(/\s+/)
          .find((c) => c.startsWith('codicon-')) ?? '',
    })),
  );
  return rows.sort((a, b) => a.index - b.index).map(({ index: _, ...r }) => r);
}

/** The rows shown right below the row `label` (one level deeper, up to its next sibling), as they are now. */
export async function treeChildren(container: Locator, label: string): Promise<TreeRowInfo[]> {
  const rows = await treeRows(container);
  const i = rows.findIndex((r) => r.name === label);
  if (i < 0) return [];
  const out: TreeRowInfo[] = [];
  for (const r of rows.slice(i + 1)) {
    if (r.level <= rows[i]!.level) break;
    if (r.level === rows[i]!.level + 1) out.push(r);
  }
  return out;
}

/**
 * Expands the row `label` of the tree of the view `title` (a click on its twistie) and resolves
 * with its children once the tree shows them: the extension answers getChildren asynchronously,
 * and a refresh re-renders rows (their positions move), so it waits, in the page, until the row
 * right below `label` is one level deeper, however the rows moved meanwhile.
 *
 * A refresh that lands while the row expands can fold it again (VS Code applies the refreshed
 * item's initial collapsed state); the row is then clicked again, as a user would, and
 * `onFoldedAgain` is told, so that the test can report it. Up to `totalMs` in all.
 */
export async function expandTreeRow(
  page: Page,
  title: string,
  label: string,
  o: { totalMs?: number; onFoldedAgain?: (attempt: number) => void } = {},
): Promise<TreeRowInfo[]> {
  const pane = viewPane(page, title);
  const row = treeRow(pane, label);
  const deadline = Date.now() + (o.totalMs ?? 30_000);
  for (let attempt = 1; ; attempt++) {
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      if (attempt > 1) o.onFoldedAgain?.(attempt);
      await row.locator('.monaco-tl-twistie').click();
    }
    try {
      return await expandedChildren(page, title, label, Math.max(1, Math.min(5_000, deadline - Date.now())));
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
  }
}

async function expandedChildren(
  page: Page,
  title: string,
  label: string,
  timeout: number,
): Promise<TreeRowInfo[]> {
  // resolves with the children read in the same moment as the check (not after a re-render)
  const children = await page.waitForFunction(
    `(() => {
    const pane = document.querySelector(${JSON.stringify(viewPaneCss(title))});
    if (!pane) return false;
    const rows = [...pane.querySelectorAll('.monaco-list-row')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const i = rows.findIndex((r) => r.querySelector('.label-name')?.textContent.trim() === ${JSON.stringify(label)});
    const level = (r) => Number(r?.getAttribute('aria-level'));
    if (i < 0 || rows[i].getAttribute('aria-expanded') !== 'true' || level(rows[i + 1]) !== level(rows[i]) + 1) return false;
    const out = [];
    for (const r of rows.slice(i + 1)) {
      if (level(r) <= level(rows[i])) break;
      if (level(r) === level(rows[i]) + 1) out.push({
        name: r.querySelector('.label-name')?.textContent.trim() ?? '',
        description: r.querySelector('.label-description')?.textContent.trim() ?? '',
        ariaLabel: r.getAttribute('aria-label') ?? '',
        level: level(r),
        expanded: r.getAttribute('aria-expanded'),
        icon: (r.querySelector('.custom-view-tree-node-item-icon')?.className ?? '').split(/\\s+/).find((c) => c.startsWith('codicon-')) ?? '',
      });
    }
    return out;
  })()`,
    undefined,
    { timeout },
  );
  return (await children.jsonValue()) as TreeRowInfo[];
}

const contextMenu = (page: Page) => page.locator('.context-view.monaco-menu-container .monaco-menu');

/** Right-clicks `target`; resolves with the labels of the context menu VS Code shows (separators left out). */
export async function openContextMenu(page: Page, target: Locator): Promise<string[]> {
  await target.click({ button: 'right' });
  const menu = contextMenu(page);
  await menu.waitFor({ state: 'visible' });
  return (await menu.locator('.action-menu-item .action-label').allInnerTexts())
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Picks `label` in the open context menu: the mouse on it (VS Code focuses the row it hovers),
 * then Enter on the focused row. VS Code ignores a mouse-up on a menu item during the first 100 ms
 * after the menu opens (against accidental clicks), so a click as fast as Playwright's can be lost;
 * Enter on the focused item has no such delay, and the focus is a signal we can wait for.
 */
export async function pickContextMenuItem(page: Page, label: string): Promise<void> {
  const menu = contextMenu(page);
  const item = menu.locator('.action-item', { has: page.locator(`.action-label[aria-label="${label}"]`) });
  await item.hover();
  await menu
    .locator('.action-item.focused', { has: page.locator(`.action-label[aria-label="${label}"]`) })
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
}

export async function closeContextMenu(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await contextMenu(page).waitFor({ state: 'hidden' });
}

/** A notification toast (bottom right) whose message contains `text`. */
export function notificationToast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', {
    has: page.locator('.notification-list-item-message', { hasText: text }),
  });
}

/** The modal dialog (VS Code draws its own in the browser): message, detail and buttons. */
export function modalDialog(page: Page): {
  box: Locator;
  message: Locator;
  detail: Locator;
  button(label: string): Locator;
} {
  const box = page.locator('.monaco-dialog-modal-block .monaco-dialog-box');
  return {
    box,
    message: box.locator('.dialog-message-text'),
    detail: box.locator('.dialog-message-detail'),
    button: (label: string) =>
      box.locator('.dialog-buttons .monaco-button', {
        hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`),
      }),
  };
}

/** Drags the sash at the right edge of the side bar until the side bar is `width` pixels wide. */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const bar = page.locator('.part.sidebar');
  const box = await bar.boundingBox();
  if (!box) throw new Error('the side bar is not shown');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  // the mouse off the edge, which is highlighted while hovered
  await page.mouse.move(box.x + width + 200, y);
  await page.locator('.monaco-sash.hover, .monaco-sash.active').first().waitFor({ state: 'detached' });
  const now = (await bar.boundingBox())?.width ?? 0;
  if (Math.abs(now - width) > 4)
    throw new Error(`the side bar is ${now} px wide after dragging its edge to ${width} px`);
}

/**
 * Starts recording what the side bar's trees show: every change of their rows (level, label,
 * description, expanded) with the time, for failure reports (a tree that showed an error for a
 * moment, rows that collapsed by themselves). `read()` returns the record so far.
 */
export async function recordSideBarTrees(page: Page): Promise<{ read(): Promise<string[]> }> {
  // a string, not a function: the test's TypeScript is compiled with helpers the page does not have
  await page.evaluate(`(() => {
    const w = window;
    if (w.__lxdopsTreeLog) return;
    w.__lxdopsTreeLog = [];
    let last = '';
    const snap = () => {
      const panes = [...document.querySelectorAll('.sidebar .pane')];
      const s = panes.map((p) => {
        const title = p.querySelector('.pane-header h3')?.textContent ?? '?';
        const rows = [...p.querySelectorAll('.monaco-list-row')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
        return title + ': ' + rows.map((r) => '  '.repeat(Number(r.getAttribute('aria-level')) - 1) + (r.getAttribute('aria-expanded') === 'true' ? 'v ' : r.getAttribute('aria-expanded') === 'false' ? '> ' : '') + (r.querySelector('.label-name')?.textContent ?? '') + ' [' + (r.querySelector('.label-description')?.textContent ?? '') + ']').join(' | ');
      }).join(' || ');
      if (s !== last) {
        w.__lxdopsTreeLog.push(new Date().toISOString().slice(11, 23) + ' ' + s);
        last = s;
      }
    };
    new MutationObserver(snap).observe(document.querySelector('.monaco-workbench'), { subtree: true, childList: true, attributes: true, characterData: true });
    snap();
  })()`);
  return { read: async () => (await page.evaluate('window.__lxdopsTreeLog || []')) as string[] };
}

/**
 * Hovers `target` until VS Code shows a hover containing `text`, and returns that hover with its
 * text, read while it showed. A tree that refreshes re-renders its rows, which drops a pending or
 * shown hover without a new mouse-over (in CI one vanished between showing and being read), so the
 * mouse moves off and back on again when no hover could be read within `attemptMs`, up to `totalMs`.
 */
export async function showHover(
  page: Page,
  target: Locator,
  text: string | RegExp,
  o: { attemptMs?: number; totalMs?: number } = {},
): Promise<{ hover: Locator; text: string }> {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: text });
  const deadline = Date.now() + (o.totalMs ?? 30_000);
  for (;;) {
    await page.mouse.move(0, 0);
    await target.hover();
    const timeout = Math.max(1, Math.min(o.attemptMs ?? 4_000, deadline - Date.now()));
    try {
      await hover.waitFor({ state: 'visible', timeout });
      return { hover, text: await hover.innerText({ timeout: 1_000 }) };
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
  }
}

/** The labels of the rows the open quick pick shows. */
export async function quickPickItems(page: Page): Promise<string[]> {
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  return (await rows.locator('.label-name').allInnerTexts()).map((s) => s.trim());
}

/** The title of the open quick pick. */
export function quickPickTitle(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-title');
}

/** Picks `label` in the open quick pick: typed into its filter, then Enter on the focused row. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(label);
  await pickFocused(page, label);
}
