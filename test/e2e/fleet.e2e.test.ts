// End to end: the Fleet view and Upgrade Fleet (issue 11) of the packaged extension in real VS Code
// (code-server + Chromium) against the real LXD and ZFS. The CLI makes a template with a snapshot
// and three clones with their data on ZFS, then the template's snapshot is taken again under the
// same name, so that every clone is stale. In the browser: the Fleet view shows them stale; Upgrade
// Fleet from the template's context menu (questions, plan document, confirmation); the clones' live
// status shows while it runs (the README's screenshot is taken then); at the end every clone is
// current, in the tree and in what LXD records. Each clone's data file and MAC are read back from
// ZFS and LXD. Every wait is on a real signal (a selector, the DOM, LXD state), bounded.
// Needs `npm run package` and the real stack; run under /tmp/lxdops-stack.lock.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { type CodeServerSession, REPO, RESULTS, startCodeServer, sessionSteps } from './codeServer';
import { IMAGE, LXD_WAIT, lxdInstances, must, POOL, removeAll, requireStack, run, until } from './stackTools';
import { failOnErrorNotification, runFromLxdView } from './uiActions';
import {
  activeTab,
  editorLine,
  modalDialog,
  notificationToast,
  openViewContainer,
  pickQuickItem,
  quickPickItems,
  quickPickTitle,
  recordSideBarTrees,
  resizeSideBar,
  treeRows,
  viewPane,
} from './workbench';

const PREFIX = 'it-fleete';
/** A NIC for each clone (scripts/lib/nic-profile.sh), so that it has a MAC address to keep. */
const NIC_PROFILE = 'lxdops-test-nic';
const TEMPLATE = `${PREFIX}-tmpl`;
const CLONES = [`${PREFIX}-c1`, `${PREFIX}-c2`, `${PREFIX}-c3`];
const SNAPSHOT = 'base';
/** Every dataset of this file lives below. */
const DATASETS = `${POOL}/${PREFIX}`;
/** Two at a time: with three clones, one waits (queued) while two run. */
const PARALLEL = 2;
/** The health check takes a few seconds, so that the live status can be seen (and photographed). */
const HEALTH = 'sleep 3; test -d /data';

const TEMPLATE_CONFIG = `#lxdops
os: {name: alpine, image: ${IMAGE}}
profiles: [default]
stop: true
snapshot: ${SNAPSHOT}
`;

const CLONE_CONFIG = `#lxdops
origin: ${TEMPLATE}/${SNAPSHOT}
profiles: [default, ${NIC_PROFILE}]
filesystems:
  data: {pattern: "${DATASETS}/(instance)", destroy: true}
devices:
  data: {path: /data, filesystem: data}
`;

const cli = (...args: string[]) => must(process.execPath, [join(REPO, 'dist/cli.js'), ...args]);

/** The file each clone keeps on its ZFS filesystem across the upgrade. */
const dataFile = (clone: string) => `/${DATASETS}/${clone}/kept.txt`;

interface LxdRecord {
  name: string;
  status: string;
  config: Record<string, string>;
}

async function lxdRecord(name: string): Promise<LxdRecord | undefined> {
  const r = await run('lxc', ['query', `/1.0/instances/${name}`]);
  return r.code === 0 ? (JSON.parse(r.stdout) as LxdRecord) : undefined;
}

/** The template snapshot's identity as a clone records it (its `created_at`). */
async function snapshotId(): Promise<string> {
  const s = JSON.parse(await must('lxc', ['query', `/1.0/instances/${TEMPLATE}/snapshots/${SNAPSHOT}`]));
  return (s as { created_at: string }).created_at;
}

/** What LXD and ZFS hold of this test, for failure messages. */
async function state(): Promise<string> {
  const mine = (await lxdInstances().catch(() => []))
    .filter((i) => i.name.startsWith(PREFIX))
    .map((i) => `${i.name}: ${i.status} ${JSON.stringify(i.config['user.lxdops.built-from.id'] ?? null)}`);
  const zfs = await run('zfs', ['list', '-H', '-r', '-t', 'all', '-o', 'name', DATASETS]);
  return [`containers: ${mine.join(', ') || 'none'}`, `zfs: ${zfs.stdout.trim().replace(/\n/g, ', ')}`].join(
    '\n',
  );
}

/** Every container of this file (kept ones too, whatever a safe rebuild named them), profiles, datasets. */
async function cleanup(): Promise<void> {
  const instances = (await lxdInstances())
    .filter((i) => i.name.startsWith(PREFIX) || CLONES.includes(i.config['user.lxdops.kept.for'] ?? ''))
    .map((i) => i.name);
  await removeAll({
    instances,
    profiles: [TEMPLATE, ...CLONES].map((n) => `${n}.lxdops`),
    datasets: [DATASETS],
  });
}

/** The Fleet view's rows of the clones, by name. */
async function cloneRows(page: CodeServerSession['page']) {
  const rows = await treeRows(viewPane(page, 'Fleet'));
  return new Map(rows.filter((r) => CLONES.includes(r.name)).map((r) => [r.name, r]));
}

/** Resolves when every clone row's description starts with `state`; fails with the rows seen last. */
async function clonesShow(page: CodeServerSession['page'], wanted: string, ms: number): Promise<void> {
  let seen = '';
  await until(
    `every clone ${wanted} in the Fleet view`,
    ms,
    async () => {
      const rows = await cloneRows(page);
      seen = [...rows.values()].map((r) => `${r.name} [${r.description}]`).join(' | ');
      return CLONES.every((c) => rows.get(c)?.description.startsWith(wanted)) ? true : undefined;
    },
    async () => `Fleet view: ${seen || 'no clone rows'}\n${await state()}`,
  );
}

/** Expands (or collapses) the side bar pane `title` by its header: the Fleet view starts collapsed. */
async function setPane(page: CodeServerSession['page'], title: string, expanded: boolean): Promise<void> {
  const header = page.locator(`.sidebar .pane-header[aria-label="${title} Section"]`);
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await page
    .locator(`.sidebar .pane-header[aria-label="${title} Section"][aria-expanded="${expanded}"]`)
    .waitFor();
}

/** Waits for `target`, failing at once with the message of an error notification (a refused prepare). */
async function visibleOrError(page: CodeServerSession['page'], target: Locator, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await target.isVisible())) {
    await failOnErrorNotification(page);
    if (Date.now() > deadline) throw new Error(`not shown within ${ms / 1000} s: ${target}`);
    await page.waitForTimeout(250);
  }
}

/** Resolves when a clone row of the Fleet view shows a step or the health check (read in the page, each frame). */
async function liveStatusShown(page: CodeServerSession['page'], ms: number): Promise<string> {
  const handle = await page.waitForFunction(
    `(() => {
      const pane = document.querySelector('.sidebar .pane:has(> .pane-header[aria-label="Fleet Section"])');
      if (!pane) return false;
      const clones = ${JSON.stringify(CLONES)};
      for (const r of pane.querySelectorAll('.monaco-list-row')) {
        const name = r.querySelector('.label-name')?.textContent.trim();
        const description = r.querySelector('.label-description')?.textContent.trim() ?? '';
        if (clones.includes(name) && /^(step \\d+\\/\\d+|health check)/.test(description)) return name + ' [' + description + ']';
      }
      return false;
    })()`,
    undefined,
    { timeout: ms, polling: 'raf' },
  );
  return (await handle.jsonValue()) as string;
}

describe(
  'Fleet view and Upgrade Fleet in VS Code (code-server + Chromium) on the real LXD and ZFS',
  { timeout: 900_000 },
  () => {
    let ws: string;
    let vs: CodeServerSession | undefined;
    let trees: { read(): Promise<string[]> } | undefined;
    /** The plan has a health check step for each clone (safe rebuild), so its live status must show. */
    let healthInPlan = false;
    /** The identity of the template snapshot the clones were first built from (replaced since). */
    let first = '';
    /** Before the upgrade: each clone's MAC address. */
    const macs = new Map<string, string>();
    const { step } = sessionSteps(() => vs);

    it('makes a template and three clones with the CLI, then takes the template snapshot again', async () => {
      await requireStack({ profiles: [NIC_PROFILE] });
      await cleanup();
      ws = mkdtempSync(join(tmpdir(), 'lxdops-e2e-fleet-'));
      writeFileSync(join(ws, `${TEMPLATE}.yaml`), TEMPLATE_CONFIG);
      for (const c of CLONES) writeFileSync(join(ws, `${c}.yaml`), CLONE_CONFIG);
      await cli('launch', '--yes', join(ws, `${TEMPLATE}.yaml`));
      await cli('launch', '--yes', ...CLONES.map((c) => join(ws, `${c}.yaml`)));
      first = await snapshotId();
      for (const c of CLONES) {
        writeFileSync(dataFile(c), `data of ${c}\n`);
        const record = await lxdRecord(c);
        assert.equal(
          record?.config['user.lxdops.built-from.id'],
          first,
          `${c} records the snapshot it was built from`,
        );
        const mac = record!.config['volatile.eth0.hwaddr'];
        assert.match(mac ?? '', /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, `${c} has a MAC address`);
        macs.set(c, mac!);
      }
      // the same name again, a new snapshot: every clone is stale now
      await must('lxc', ['delete', `${TEMPLATE}/${SNAPSHOT}`]);
      await must('lxc', ['snapshot', TEMPLATE, SNAPSHOT]);
      assert.notEqual(await snapshotId(), first);
      const status = JSON.parse(await cli('fleet', 'status', '--format', 'json', ws)) as {
        templates: { instance: string; clones: { instance: string; state: string }[] }[];
      };
      const template = status.templates.find((t) => t.instance === TEMPLATE);
      assert.deepEqual(
        template?.clones.map((c) => [c.instance, c.state]).sort(),
        CLONES.map((c) => [c, 'stale']),
      );

      // the CLI's dry run of the same upgrade: whether its rebuilds have a health check step to show
      healthInPlan = /health/i.test(
        await cli(
          'fleet',
          'upgrade',
          '--dry-run',
          '--configs',
          ws,
          '--health-cmd',
          HEALTH,
          join(ws, `${TEMPLATE}.yaml`),
        ),
      );

      vs = await startCodeServer({
        workspace: ws,
        name: 'fleet',
        settings: { 'lxdops.fleet.healthCommand': HEALTH, 'lxdops.fleet.parallel': PARALLEL },
      });
    });

    after(async () => {
      try {
        const log = await trees?.read().catch((e: Error) => [`(cannot read the record: ${e.message})`]);
        if (log) writeFileSync(join(RESULTS, 'fleet-trees.log'), `${log.join('\n')}\n`);
        await vs?.close();
      } finally {
        if (ws) rmSync(ws, { recursive: true, force: true });
        await cleanup();
      }
    });

    it('(1) the Fleet view shows the template, its snapshot and the three clones, stale', () =>
      step('1-stale', async ({ page, screenshot }) => {
        await openViewContainer(page, 'LXD');
        trees = await recordSideBarTrees(page);
        await setPane(page, 'Instances', false);
        await setPane(page, 'Configs', false);
        await setPane(page, 'Fleet', true);
        // wide enough to read each clone's status (the README's picture)
        await resizeSideBar(page, 640);
        const fleet = viewPane(page, 'Fleet');
        await fleet.waitFor({ state: 'visible' });
        await clonesShow(page, 'stale', LXD_WAIT);
        const rows = await treeRows(fleet);
        const template = rows.find((r) => r.name === TEMPLATE);
        assert.ok(template, `the template row: ${rows.map((r) => r.name).join(' | ')}`);
        assert.match(template.description, /local · 3 clone\(s\) · 3 stale/);
        // the clones sit under the snapshot they were built from, which is replaced now
        const replaced = rows.find((r) => r.name === SNAPSHOT && /^replaced/.test(r.description));
        assert.ok(
          replaced,
          `a replaced ${SNAPSHOT}: ${rows.map((r) => `${r.name} [${r.description}]`).join(' | ')}`,
        );
        for (const c of (await cloneRows(page)).values()) {
          assert.equal(c.level, replaced.level + 1, `${c.name} is under the replaced snapshot`);
          assert.equal(c.icon, 'codicon-history', `${c.name}'s stale icon`);
          assert.match(c.description, /^stale · local/);
        }
        await screenshot('1-stale');
      }));

    it('(2) Upgrade Fleet from the template: the questions, the plan document, the confirmation', () =>
      step('2-upgrade', async ({ page }) => {
        await runFromLxdView(page, { view: 'Fleet', label: TEMPLATE, commandId: 'lxdops.upgradeFleet' });
        await quickPickTitle(page).filter({ hasText: 'a new snapshot of the template first?' }).waitFor();
        assert.deepEqual(await quickPickItems(page), [
          'Upgrade the stale clones',
          'Take a new template snapshot first',
        ]);
        await pickQuickItem(page, 'Upgrade the stale clones');
        await quickPickTitle(page).filter({ hasText: 'how many clones at once' }).waitFor();
        // the setting's value first
        assert.equal((await quickPickItems(page))[0], String(PARALLEL));
        await pickQuickItem(page, String(PARALLEL));

        // the plan, every clone in it, before anything runs
        await visibleOrError(page, activeTab(page, `upgrade ${TEMPLATE}.plan`), LXD_WAIT);
        await editorLine(page, 'Plan of Upgrade Fleet').waitFor();
        const dialog = modalDialog(page);
        await visibleOrError(page, dialog.box, LXD_WAIT);
        assert.match(await dialog.message.innerText(), new RegExp(`rebuild 3 clones, ${PARALLEL} at a time`));
        const detail = await dialog.detail.innerText();
        for (const c of CLONES) assert.match(detail, new RegExp(`• ${c} on local`), detail);
        assert.match(detail, /Kept:/, `the confirmation says what is kept: ${detail}`);
        for (const c of CLONES)
          assert.equal((await lxdRecord(c))?.status, 'Running', `${c} untouched before the confirmation`);
        await dialog.button('Upgrade').click();
        await dialog.box.waitFor({ state: 'hidden' });
      }));

    it('(3) each clone shows its live status while it is rebuilt (the README screenshot)', () =>
      step('3-live', async ({ page, screenshot }) => {
        const seen = await liveStatusShown(page, LXD_WAIT);
        assert.match(seen, /\[(step \d+\/\d+|health check)/);
        // the progress notification counts the clones while they run
        await notificationToast(page, /\d\/3 finished/)
          .first()
          .waitFor({ state: 'visible' });
        await resizeSideBar(page, 640);
        await page.mouse.move(1200, 800);
        const shot = await screenshot('3-live');
        copyFileSync(shot, join(REPO, 'images/fleet-upgrade.png'));
      }));

    it('(4) at the end every clone is current, in the tree and in LXD; data and MACs kept', () =>
      step('4-current', async ({ page, screenshot }) => {
        await notificationToast(
          page,
          new RegExp(`Upgrade Fleet of ${TEMPLATE}: 3 done, 0 reverted, 0 failed`),
        )
          .first()
          .waitFor({ state: 'visible', timeout: 5 * LXD_WAIT });
        await clonesShow(page, 'current', LXD_WAIT);
        const log = (await trees!.read()).join('\n');
        assert.match(log, /it-fleete-c\d \[queued/, 'a clone was shown queued (parallel 2 of 3)');
        assert.match(log, /it-fleete-c\d \[step \d+\/\d+/, 'a clone was shown at a step');
        if (healthInPlan)
          assert.match(log, /it-fleete-c\d \[health check/, 'a clone was shown in its health check');
        const id = await snapshotId();
        for (const c of CLONES) {
          const record = await lxdRecord(c);
          assert.equal(record?.status, 'Running', c);
          assert.equal(record?.config['user.lxdops.built-from.id'], id, `${c} built from the new snapshot`);
          assert.equal(record?.config['volatile.eth0.hwaddr'], macs.get(c), `${c} keeps its MAC`);
          assert.equal(readFileSync(dataFile(c), 'utf8'), `data of ${c}\n`, `${c}'s data file`);
        }
        await screenshot('4-current');
      }));

    it('(5) Revert Last Rebuild on a clone brings its kept container back, built from the old snapshot', () =>
      step('5-revert', async ({ page, screenshot }) => {
        const clone = CLONES[0]!;
        await runFromLxdView(page, { view: 'Fleet', label: clone, commandId: 'lxdops.revert' });
        const dialog = modalDialog(page);
        await visibleOrError(page, dialog.box, LXD_WAIT);
        assert.match(await dialog.message.innerText(), new RegExp(`Revert the last rebuild of ${clone}`));
        await dialog.button('Revert').click();
        await dialog.box.waitFor({ state: 'hidden' });
        await notificationToast(page, new RegExp(`revert: ${clone} done`))
          .first()
          .waitFor({ state: 'visible', timeout: LXD_WAIT });
        const record = await lxdRecord(clone);
        assert.equal(record?.status, 'Running', `${clone} runs again`);
        assert.equal(
          record?.config['user.lxdops.built-from.id'],
          first,
          `${clone} is the one built from the old snapshot`,
        );
        assert.equal(record?.config['volatile.eth0.hwaddr'], macs.get(clone), `${clone} keeps its MAC`);
        assert.equal(readFileSync(dataFile(clone), 'utf8'), `data of ${clone}\n`, `${clone}'s data file`);
        await until(
          `${clone} reverted in the Fleet view`,
          LXD_WAIT,
          async () =>
            (await cloneRows(page)).get(clone)?.description.startsWith('reverted') ? true : undefined,
          state,
        );
        await screenshot('5-reverted');
      }));

    it('(6) Clean Up… on a clone removes the container its rebuild kept, and nothing else', () =>
      step('6-cleanup', async ({ page }) => {
        const clone = CLONES[1]!;
        const keptOf = async () =>
          (await lxdInstances()).filter((i) => i.config['user.lxdops.kept.for'] === clone).map((i) => i.name);
        const kept = await keptOf();
        assert.equal(kept.length, 1, `${clone} has one kept container: ${kept.join(', ')}`);
        await runFromLxdView(page, { view: 'Fleet', label: clone, commandId: 'lxdops.cleanup' });
        const dialog = modalDialog(page);
        await visibleOrError(page, dialog.box, LXD_WAIT);
        assert.match(
          await dialog.detail.innerText(),
          new RegExp(kept[0]!),
          'the confirmation names the kept container',
        );
        await dialog.button('Proceed').click();
        await dialog.box.waitFor({ state: 'hidden' });
        await until(
          `${clone}'s kept container removed`,
          LXD_WAIT,
          async () => ((await keptOf()).length ? undefined : true),
          state,
        );
        assert.equal((await lxdRecord(clone))?.status, 'Running', `${clone} itself stays`);
        assert.equal(readFileSync(dataFile(clone), 'utf8'), `data of ${clone}\n`, `${clone}'s data file`);
        await until(
          `${clone} without kept containers in the Fleet view`,
          LXD_WAIT,
          async () => {
            const row = (await cloneRows(page)).get(clone);
            return row && !/kept/.test(row.description) ? true : undefined;
          },
          state,
        );
      }));
  },
);
