// End to end: operations from the editor go through the server's one pipeline (issue 8), in real
// VS Code (code-server + Chromium) on the real LXD and ZFS, with three bystander instances on the
// host. What the user does goes through the UI; what it did is read back from LXD and ZFS; every
// wait is on a real signal (a selector, or the LXD / ZFS state polled until it is what the step
// should have made, bounded), never a fixed time. Needs `npm run package` and the real stack.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CodeServerSession, REPO, startCodeServer, sessionSteps } from './codeServer';
import {
  BYSTANDERS,
  dataset,
  IMAGE,
  LXD_WAIT,
  lxdInstance,
  lxdInstances,
  lxdProfile,
  must,
  POOL,
  removeAll,
  requireStack,
  startBystanders,
  stopBystanders,
  until,
} from './stackTools';
import {
  closeContextMenu,
  expandTreeRow,
  modalDialog,
  notificationToast,
  openContextMenu,
  openViewContainer,
  pickContextMenuItem,
  pickQuickItem,
  quickPickItems,
  quickPickTitle,
  runCommand,
  selectTreeRows,
  treeRow,
  viewPane,
} from './workbench';

/** Every dataset of this file lives below. */
const DATASETS = `${POOL}/e2e-ops`;
const BAD = 'e2e-bad';
const NO_IMAGE = 'e2e-noimage';
const HALF = 'e2e-half';
const DESTROY = ['e2e-d1', 'e2e-d2'];
const KEEP = 'e2e-keep';
const RENAME = { from: 'e2e-rn', to: 'e2e-rn2' };
const PLAN = 'e2e-plan';
const CONFIGURE = 'e2e-cfgfail';
const OUTSIDE = 'e2e-outside';
const ALL = [BAD, NO_IMAGE, OUTSIDE, HALF, ...DESTROY, KEEP, RENAME.from, RENAME.to, PLAN, CONFIGURE];
/** A cloud-config whose command fails (exit 3) until /root/e2e-fixed exists in the container. */
const FAILING_CFG =
  '#cloud-config\nruncmd:\n  - [sh, -c, "test -f /root/e2e-fixed || { echo e2e-boom; exit 3; }"]\n';

/** A config with one ZFS filesystem mounted at /data; `extra` lines are appended. */
const config = (image: string, ...extra: string[]) =>
  [
    '#lxdops',
    `os: {name: alpine, image: ${image}}`,
    'profiles: [default]',
    'filesystems:',
    `  data: {pattern: "${DATASETS}/(instance)", destroy: true}`,
    'devices:',
    '  data: {path: /data, filesystem: data}',
    ...extra,
    '',
  ].join('\n');

const FILES: Record<string, string> = {
  // a misspelt key: the check finds it, so nothing may be created
  [`${BAD}.yaml`]: config(IMAGE, 'profilez: [default]'),
  // a destroy: true directory that resolves to /usr: the check refuses it before anything runs
  [`${OUTSIDE}.yaml`]: config(IMAGE).replace(
    'devices:',
    '  sys: {pattern: "/tmp/x/../../usr", destroy: true}\ndevices:',
  ),
  // an image alias this host does not have: pre-flight finds it
  [`${NO_IMAGE}.yaml`]: config('e2e-no-such-image'),
  // a profile value LXD refuses: found only when the profile is created, after the dataset
  [`${HALF}.yaml`]: config(IMAGE, 'profile-config:', '  limits.memory: "not-a-size"'),
  ...Object.fromEntries([...DESTROY, KEEP, RENAME.from, PLAN].map((n) => [`${n}.yaml`, config(IMAGE)])),
  // the container is made, then configuring it fails
  [`${CONFIGURE}.yaml`]: config(IMAGE, `cloud-config-files: [${CONFIGURE}.cfg]`),
  [`${CONFIGURE}.cfg`]: FAILING_CFG,
};

const profiles = ALL.map((n) => `${n}.lxdops`);

async function state(): Promise<string> {
  const mine = (await lxdInstances().catch(() => []))
    .filter((i) => i.name.startsWith('e2e-'))
    .map((i) => `${i.name}: ${i.status}`);
  const zfs = await dataset(DATASETS).catch((e: Error) => e.message);
  return [`containers: ${mine.join(', ') || 'none'}`, `zfs ${DATASETS}: ${JSON.stringify(zfs)}`].join('\n');
}

/** Opens the notification list, waits for a message, returns its text, then clears the list. */
async function notificationListed(page: CodeServerSession['page'], text: RegExp): Promise<string> {
  await runCommand(page, 'Notifications: Show Notifications');
  const message = page.locator('.notifications-center .notification-list-item-message', { hasText: text });
  await message.first().waitFor({ state: 'visible', timeout: LXD_WAIT });
  const found = await message.first().innerText();
  // cleared, the list closes (empty); the later steps start without old toasts
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-center.visible').waitFor({ state: 'hidden' });
  return found;
}

const cleanup = () => removeAll({ instances: ALL, profiles, datasets: [DATASETS] });

/** Nothing of `name` exists: no container, no instance profile, no dataset. */
async function nothingOf(name: string): Promise<void> {
  assert.equal(await lxdInstance(name), undefined, `container ${name} exists`);
  assert.equal(await lxdProfile(`${name}.lxdops`), undefined, `profile ${name}.lxdops exists`);
  assert.equal(await dataset(`${DATASETS}/${name}`), undefined, `dataset ${DATASETS}/${name} exists`);
}

describe(
  'operations from VS Code through the one pipeline (real LXD and ZFS, bystanders running)',
  { timeout: 900_000 },
  () => {
    let ws: string;
    let vs: CodeServerSession | undefined;
    const { step } = sessionSteps(() => vs, 'ops-');
    const configRow = (page: CodeServerSession['page'], name: string) =>
      treeRow(viewPane(page, 'Configs'), name);
    const describedAs = (page: CodeServerSession['page'], name: string, text: RegExp) =>
      configRow(page, name)
        .locator('.label-description', { hasText: text })
        .waitFor({ state: 'visible', timeout: LXD_WAIT });
    /** Right-click in the Explorer on a config file, then a command of its menu. */
    const explorerCommand = async (page: CodeServerSession['page'], file: string, command: string) => {
      await openViewContainer(page, 'Explorer');
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file });
      const items = await openContextMenu(page, row);
      assert.ok(items.includes(command), `no "${command}" for ${file} in: ${items.join(' | ')}`);
      await pickContextMenuItem(page, command);
    };
    const cli = (...args: string[]) => must(process.execPath, [join(REPO, 'dist/cli.js'), ...args]);

    it('starts three bystanders, launches fixtures with the CLI, opens code-server on the workspace', async () => {
      await requireStack();
      await cleanup();
      await startBystanders();
      ws = mkdtempSync(join(tmpdir(), 'lxdops-e2e-ops-'));
      for (const [name, text] of Object.entries(FILES)) writeFileSync(join(ws, name), text);
      // the instances the Destroy and Rename steps start from (the CLI shares the pipeline)
      await cli('launch', ...[...DESTROY, KEEP, RENAME.from].map((n) => join(ws, `${n}.yaml`)));
      for (const n of [...DESTROY, KEEP, RENAME.from])
        assert.equal((await lxdInstance(n))?.status, 'Running', n);
      vs = await startCodeServer({ workspace: ws, name: 'operations' });
      await openViewContainer(vs.page, 'LXD');
      await describedAs(vs.page, KEEP, /^running · /);
      await describedAs(vs.page, PLAN, /^not created · /);
    });

    after(async () => {
      try {
        await vs?.close();
      } finally {
        if (ws) rmSync(ws, { recursive: true, force: true });
        await stopBystanders();
        await cleanup();
      }
    });

    it('Launch on a config with an error creates nothing and shows the error with its file and line', () =>
      step('bad', async ({ page, screenshot }) => {
        await describedAs(page, BAD, /\d+ errors?/);
        await explorerCommand(page, `${BAD}.yaml`, 'Launch Instance');
        const toast = notificationToast(page, /lxdops launch: nothing was changed/);
        await toast.waitFor({ state: 'visible', timeout: LXD_WAIT });
        assert.match(await toast.innerText(), new RegExp(`${BAD}\\.yaml:\\d+: .*profilez`));
        await screenshot('ops-bad-refused');
        await nothingOf(BAD);
      }));

    it('a config whose destroy: true path is outside its own data is refused with its diagnostic', () =>
      step('outside', async ({ page, screenshot }) => {
        await openViewContainer(page, 'LXD');
        await describedAs(page, OUTSIDE, /\d+ errors?/);
        await explorerCommand(page, `${OUTSIDE}.yaml`, 'Launch Instance');
        const listed = await notificationListed(page, /lxdops launch: nothing was changed/);
        assert.match(listed, /e2e-outside\.yaml:\d+: .*destroy-system-path/);
        await screenshot('ops-outside-refused');
        await nothingOf(OUTSIDE);
        assert.ok(existsSync('/usr/bin'), '/usr is untouched');
      }));

    it('Launch with an image that does not exist creates nothing', () =>
      step('noimage', async ({ page, screenshot }) => {
        await explorerCommand(page, `${NO_IMAGE}.yaml`, 'Launch Instance');
        // VS Code does not always raise a toast for a notification that follows another one within
        // a second: the notification list (the bell) holds every one
        const listed = await notificationListed(
          page,
          /lxdops launch: nothing was changed.*e2e-no-such-image/,
        );
        assert.match(listed, /e2e-noimage\.yaml:\d+: .*image-missing/);
        await screenshot('ops-noimage-refused');
        await nothingOf(NO_IMAGE);
        await openViewContainer(page, 'LXD');
        await describedAs(page, NO_IMAGE, /^not created · /);
      }));

    it('a launch that fails half-way shows "partially created", and Clean Up removes what it made', () =>
      step('half', async ({ page, screenshot }) => {
        await explorerCommand(page, `${HALF}.yaml`, 'Launch Instance');
        await notificationToast(page, /lxdops launch: e2e-half: failed/).waitFor({
          state: 'visible',
          timeout: LXD_WAIT,
        });
        assert.ok(await dataset(`${DATASETS}/${HALF}`), 'the dataset was created before the failure');
        assert.equal(await lxdInstance(HALF), undefined);
        await openViewContainer(page, 'LXD');
        await describedAs(page, HALF, /^partially created · /);
        await screenshot('ops-half-partial');
        const items = await openContextMenu(page, configRow(page, HALF));
        assert.ok(items.includes('Retry') && items.includes('Clean Up…'), `menu: ${items.join(' | ')}`);
        await pickContextMenuItem(page, 'Clean Up…');
        const dialog = modalDialog(page);
        await dialog.box.waitFor({ state: 'visible' });
        assert.match(await dialog.detail.innerText(), new RegExp(`${DATASETS}/${HALF}`));
        await dialog.button('Proceed').click();
        await notificationToast(page, /lxdops cleanup: e2e-half done/).waitFor({
          state: 'visible',
          timeout: LXD_WAIT,
        });
        await nothingOf(HALF);
        await describedAs(page, HALF, /^not created · /);
      }));

    it('a failing cloud-config shows "configure failed"; Retry after the fix configures it', () =>
      step('configure', async ({ page, screenshot }) => {
        await explorerCommand(page, `${CONFIGURE}.yaml`, 'Launch Instance');
        await notificationToast(page, new RegExp(`lxdops launch: ${CONFIGURE}: failed`)).waitFor({
          state: 'visible',
          timeout: LXD_WAIT,
        });
        const failed = await lxdInstance(CONFIGURE);
        assert.equal(failed?.config['user.lxdops.status'], 'configure-failed');
        assert.match(failed?.config['user.lxdops.failure'] ?? '', /exit|3/);
        await openViewContainer(page, 'LXD');
        await describedAs(page, CONFIGURE, /^configure failed · /);
        const items = await openContextMenu(page, configRow(page, CONFIGURE));
        assert.ok(items.includes('Retry'), `menu: ${items.join(' | ')}`);
        assert.ok(items.includes('Destroy Instance and Data…'), `menu: ${items.join(' | ')}`);
        assert.ok(items.includes('Clean Up…'), `menu: ${items.join(' | ')}`);
        await screenshot('ops-configure-failed');
        await closeContextMenu(page);
        // the user fixes what the command needs, then Retry (inline on the row) configures again
        await must('lxc', ['exec', CONFIGURE, '--', 'touch', '/root/e2e-fixed']);
        await configRow(page, CONFIGURE).hover();
        await configRow(page, CONFIGURE).locator('.actions .action-label[aria-label="Retry"]').click();
        const done = notificationToast(page, `lxdops configure: ${CONFIGURE} done`);
        const dialog = modalDialog(page);
        // configure may ask first (it overwrites files of the container)
        await Promise.race([
          dialog.box.waitFor({ state: 'visible', timeout: LXD_WAIT }),
          done.waitFor({ state: 'visible', timeout: LXD_WAIT }),
        ]);
        if (await dialog.box.isVisible()) await dialog.button('Proceed').click();
        await done.waitFor({ state: 'visible', timeout: LXD_WAIT });
        assert.equal((await lxdInstance(CONFIGURE))?.config['user.lxdops.status'], 'ok');
        await describedAs(page, CONFIGURE, /^running · /);
        await screenshot('ops-configure-retried');
      }));

    it('Destroy with two instances selected destroys exactly those two, after a pick that names them', () =>
      step('destroy', async ({ page, screenshot }) => {
        const instances = viewPane(page, 'Instances');
        const attempts = await selectTreeRows(instances, DESTROY);
        if (attempts > 1)
          console.log(`# the two rows were selected together at attempt ${attempts} (the tree refreshed)`);
        const items = await openContextMenu(page, treeRow(instances, DESTROY[1]!));
        assert.ok(items.includes('Destroy Instance and Data…'), `menu: ${items.join(' | ')}`);
        await pickContextMenuItem(page, 'Destroy Instance and Data…');
        await quickPickTitle(page)
          .filter({ hasText: `Destroy ${DESTROY.join(', ')} on local? This deletes:` })
          .waitFor({ state: 'visible' });
        const choices = await quickPickItems(page);
        assert.equal(choices[0], 'Cancel');
        const destroy = choices.find((c) => c.startsWith(`Destroy ${DESTROY.join(', ')} on local and `));
        assert.ok(destroy, `choices: ${choices.join(' | ')}`);
        await screenshot('ops-destroy-confirm');
        for (const n of DESTROY)
          assert.equal((await lxdInstance(n))?.status, 'Running', 'nothing before the answer');
        await pickQuickItem(page, destroy);
        await notificationToast(page, /lxdops destroy: e2e-d1, e2e-d2 done/).waitFor({
          state: 'visible',
          timeout: LXD_WAIT,
        });
        const shown = Date.now();
        for (const n of DESTROY) await describedAs(page, n, /^not created · /);
        await treeRow(instances, DESTROY[0]!).waitFor({ state: 'hidden' });
        console.log(
          `# measured: both views showed the destroy ${Date.now() - shown} ms after the done toast`,
        );
        for (const n of DESTROY) await nothingOf(n);
        for (const n of [KEEP, RENAME.from, ...BYSTANDERS])
          assert.equal((await lxdInstance(n))?.status, 'Running', n);
        assert.ok(await dataset(`${DATASETS}/${KEEP}`), 'the other config keeps its dataset');
        for (const n of DESTROY) await describedAs(page, n, /^not created · /);
      }));

    it('Rename keeps the instance tied to its config, with its filesystems in the tree', () =>
      step('rename', async ({ page, screenshot }) => {
        const instances = viewPane(page, 'Instances');
        await openContextMenu(page, treeRow(instances, RENAME.from));
        await pickContextMenuItem(page, 'Rename…');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(RENAME.to);
        await page.keyboard.press('Enter');
        const dialog = modalDialog(page);
        await dialog.box.waitFor({ state: 'visible' });
        assert.match(
          await dialog.message.innerText(),
          new RegExp(`Rename ${RENAME.from} on local\\? This renames:`),
        );
        const detail = await dialog.detail.innerText();
        assert.match(detail, new RegExp(RENAME.to));
        // one line per step, not the commands: the dialog must fit the window with its buttons
        assert.match(detail, new RegExp(`rename container ${RENAME.from} to ${RENAME.to}`));
        assert.doesNotMatch(detail, /\$ sudo|PATCH \//);
        await screenshot('ops-rename-confirm');
        await dialog.button('Rename').click();
        await notificationToast(
          page,
          new RegExp(`Rename ${RENAME.from}\\.yaml to ${RENAME.to}\\.yaml too\\?`),
        ).waitFor({
          state: 'visible',
          timeout: LXD_WAIT,
        });
        const renamed = await until(
          `${RENAME.to} running`,
          LXD_WAIT,
          async () => ((await lxdInstance(RENAME.to))?.status === 'Running' ? true : undefined),
          state,
        );
        assert.ok(renamed);
        assert.ok(await dataset(`${DATASETS}/${RENAME.to}`), 'the dataset follows the name');
        // the file keeps its name (the offer is not taken): the instance stays tied through its record
        const row = treeRow(instances, RENAME.to);
        await row.waitFor({ state: 'visible' });
        assert.match((await row.getAttribute('aria-label')) ?? '', new RegExp(`· ${RENAME.from}\\.yaml$`));
        const children = await expandTreeRow(page, 'Instances', RENAME.to);
        assert.deepEqual(
          children.map((c) => c.name),
          ['Filesystems', 'Devices', 'Snapshots'],
        );
        const filesystems = await expandTreeRow(page, 'Instances', 'Filesystems');
        assert.equal(filesystems[0]?.name, 'data');
        assert.match(filesystems[0]!.description, new RegExp(`^${DATASETS}/${RENAME.to}\\b`));
        assert.equal(filesystems[0]!.icon, 'codicon-database');
        // the Configs row of the config names the renamed instance
        await describedAs(page, RENAME.to, new RegExp(`^running · ${RENAME.from}\\.yaml$`));
        await screenshot('ops-renamed');
      }));

    it('Show Plan opens a read-only plan; Apply Plan runs exactly it', () =>
      step('plan', async ({ page, screenshot }) => {
        const items = await openContextMenu(page, configRow(page, PLAN));
        assert.ok(items.includes('Show Plan (Dry Run)…'), `menu: ${items.join(' | ')}`);
        await pickContextMenuItem(page, 'Show Plan (Dry Run)…');
        await pickQuickItem(page, 'launch');
        const tab = page.locator('.tabs-container .tab', { hasText: `launch ${PLAN}.plan` });
        await tab.waitFor({ state: 'visible', timeout: LXD_WAIT });
        await page
          .locator('.monaco-editor .view-lines', { hasText: 'Nothing has changed yet' })
          .waitFor({ state: 'visible' });
        await screenshot('ops-plan-shown');
        await nothingOf(PLAN);
        await page.locator('.editor-actions .action-label[aria-label="Apply Plan"]').click();
        await notificationToast(page, `lxdops launch: ${PLAN} done`).waitFor({
          state: 'visible',
          timeout: LXD_WAIT,
        });
        // measured, not asserted (no timing assertions): from the done toast to the Configs row
        const shown = Date.now();
        await describedAs(page, PLAN, /^running · /);
        console.log(
          `# measured: Configs view showed ${PLAN} running ${Date.now() - shown} ms after the done toast`,
        );
        assert.equal((await lxdInstance(PLAN))?.status, 'Running');
        assert.ok(await dataset(`${DATASETS}/${PLAN}`));
        assert.equal(existsSync(join(ws, `${PLAN}.yaml`)), true);
        await screenshot('ops-plan-applied');
      }));

    it('LXD unreachable is a state of its own (not "not created"), and the views come back with LXD', () =>
      step('unreachable', async ({ page, screenshot, setMachineSettings }) => {
        await openViewContainer(page, 'LXD');
        await describedAs(page, KEEP, /^running · /);
        setMachineSettings({ 'lxdops.socket': join(ws, 'no-such-lxd.socket') });
        await describedAs(page, KEEP, /^lxd unreachable · /);
        await describedAs(page, PLAN, /^lxd unreachable · /);
        await treeRow(viewPane(page, 'Instances'), 'LXD is not reachable').waitFor({ state: 'visible' });
        await screenshot('ops-unreachable');
        setMachineSettings({});
        await describedAs(page, KEEP, /^running · /);
        await treeRow(viewPane(page, 'Instances'), KEEP).waitFor({ state: 'visible' });
      }));
  },
);
