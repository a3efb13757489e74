// End to end: which host an operation targets, in real VS Code (code-server + Chromium) on the
// real LXD and Incus. The status bar shows `local`; its quick pick switches to `incus-local`; a
// launch from the palette (config picked in a quick pick) lands on Incus (read back with
// `incus list`, and not on LXD); the choice survives a window reload; on the real cluster, a launch
// from the Configs view asks for the member and lands on it. Names: lxdops-pk-*.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { InstanceSchema } from '../../core/src/lxd/records/instance';
import { LxdClient } from '../../core/src/lxd/lxdClient';
import { type CodeServerSession, REPO, startCodeServer, sessionSteps } from './codeServer';
import { runFromLxdView } from './uiActions';
import { LXD_WAIT, lxdInstance, must, requireStack, run, until } from './stackTools';
import { notificationToast, pickQuickItem, quickPickItems, quickPickTitle, runCommand } from './workbench';

const NAME = 'lxdops-pk-e2e';
const CONFIG = '#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default]\n';
/** The nested 3-member cluster of scripts/setup-cluster.sh, when it is up. */
const CLUSTER_HOSTS = '/var/tmp/lxdops-cluster/hosts.yaml';
const SSH_CONFIG = '/var/tmp/lxdops-ssh/ssh_config';
const MEMBER = 'lxdops-cm2';

interface ClusterEntry {
  name: string;
  url: string;
  'server-cert': string;
  'client-cert': string;
  'client-key': string;
}

function clusterEntries(): ClusterEntry[] {
  return parse(readFileSync(CLUSTER_HOSTS, 'utf8')) as ClusterEntry[];
}

/** Where the cluster placed NAME (its `location`), read over the cluster's pinned HTTPS. */
async function clusterLocation(): Promise<string | undefined> {
  const entry = clusterEntries().find((e) => e.name === 'cluster')!;
  const client = new LxdClient({
    kind: 'https',
    url: entry.url,
    serverCert: entry['server-cert'],
    clientCert: entry['client-cert'],
    clientKey: entry['client-key'],
  });
  try {
    return (await client.get(`/1.0/instances/${NAME}`, InstanceSchema)).location;
  } catch {
    return undefined;
  } finally {
    await client.close();
  }
}

/** The cluster side of the cleanup: the CLI's own destroy (container and profile), when it is there. */
async function clusterCleanup(ws: string): Promise<void> {
  if (!ws || !existsSync(CLUSTER_HOSTS)) return;
  const cli = join(REPO, 'dist/cli.js');
  const file = join(ws, `${NAME}.yaml`);
  await run('env', [
    `LXDOPS_SSH_CONFIG=${SSH_CONFIG}`,
    'node',
    cli,
    'destroy',
    '--yes',
    '--host',
    'cluster',
    '--hosts',
    CLUSTER_HOSTS,
    file,
  ]);
}

async function incusInstance(name: string): Promise<{ name: string; status: string } | undefined> {
  const list = JSON.parse(await must('incus', ['list', '--format', 'json'])) as {
    name: string;
    status: string;
  }[];
  return list.find((i) => i.name === name);
}

async function cleanup(): Promise<void> {
  await run('incus', ['delete', '--force', NAME]);
  await run('incus', ['profile', 'delete', `${NAME}.lxdops`]);
  await run('lxc', ['delete', '--force', NAME]);
  await run('lxc', ['profile', 'delete', `${NAME}.lxdops`]);
}

/** The status bar item of the default host. */
const hostItem = (page: Page) => page.locator('.statusbar [id$="lxdops.host"]');

/**
 * Opens the status bar's pick until it lists `text` (bounded): the pick asks the server once when
 * it opens, and a setting just written reaches the server a moment later.
 */
async function openPickWith(page: Page, text: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await hostItem(page).click();
    await quickPickTitle(page).filter({ hasText: 'the default host' }).waitFor({ state: 'visible' });
    await quickPickItems(page);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text });
    if (await row.isVisible()) return;
    if (Date.now() > deadline) throw new Error(`the host pick does not list "${text}" after 30 s`);
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function statusShows(page: Page, host: string): Promise<void> {
  await hostItem(page)
    .filter({ hasText: new RegExp(`^\\s*${host}\\s*$`) })
    .waitFor({ state: 'visible', timeout: 30_000 });
}

describe(
  'the default host in VS Code: status bar, quick pick, palette launch (real LXD and Incus)',
  { timeout: 300_000 },
  () => {
    let ws = '';
    let vs: CodeServerSession | undefined;
    const { session } = sessionSteps(() => vs);
    after(async () => {
      await vs?.close();
      await clusterCleanup(ws);
      if (ws) rmSync(ws, { recursive: true, force: true });
      await cleanup();
    });

    it('starts with the status bar showing local', async () => {
      await requireStack();
      await cleanup();
      ws = mkdtempSync(join(tmpdir(), 'lxdops-e2e-picker-'));
      writeFileSync(join(ws, `${NAME}.yaml`), CONFIG);
      vs = await startCodeServer({ workspace: ws, name: 'picker' });
      await statusShows(vs.page, 'local');
    });

    it('the status bar quick pick lists both local daemons with kind and address; incus-local is chosen', async () => {
      const { page } = session();
      await hostItem(page).click();
      await quickPickTitle(page).filter({ hasText: 'the default host' }).waitFor({ state: 'visible' });
      const labels = await quickPickItems(page);
      assert.ok(labels.includes('local') && labels.includes('incus-local'), labels.join(', '));
      const incusRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'incus-local' });
      assert.match(await incusRow.innerText(), /Incus 6\.[\d.]+ · \/var\/lib\/incus\/unix\.socket/);
      await pickQuickItem(page, 'incus-local');
      await statusShows(page, 'incus-local');
      await session().screenshot('incus-chosen');
    });

    it('a launch from the palette picks the config and lands on Incus, not on LXD', async () => {
      const { page } = session();
      await runCommand(page, 'lxdops: Launch');
      await quickPickTitle(page)
        .filter({ hasText: 'lxdops launch on incus-local: which configs?' })
        .waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: NAME }).click();
      await page.keyboard.press('Enter');
      await notificationToast(page, new RegExp(`lxdops launch: ${NAME} done`)).waitFor({
        state: 'visible',
        timeout: LXD_WAIT,
      });
      const onIncus = await until(
        `${NAME} running on Incus`,
        LXD_WAIT,
        async () => {
          const found = await incusInstance(NAME);
          return found?.status === 'Running' ? found : undefined;
        },
        async () => JSON.stringify(await incusInstance(NAME)),
      );
      assert.equal(onIncus.status, 'Running');
      assert.equal(await lxdInstance(NAME), undefined, 'the instance must not be on LXD');
    });

    it('the choice survives a window reload', async () => {
      const { page } = session();
      await runCommand(page, 'Developer: Reload Window');
      await statusShows(page, 'incus-local');
      await session().screenshot('after-reload');
    });

    it('on the cluster (lxdops.hosts), a launch from the Configs view asks for the member and lands on it', async () => {
      assert.ok(
        existsSync(CLUSTER_HOSTS),
        `the cluster is not up (${CLUSTER_HOSTS}): run scripts/setup-cluster.sh`,
      );
      const vsSession = session();
      const { page } = vsSession;
      vsSession.setMachineSettings({ 'lxdops.hosts': clusterEntries() });
      await openPickWith(page, 'cluster: 3 members');
      await pickQuickItem(page, 'cluster');
      await statusShows(page, 'cluster');
      // from the tree this time (the palette's config pick is the Incus test's): the config's node in
      // the Configs view, on the default host the status bar now shows
      await runFromLxdView(page, { view: 'Configs', label: NAME, commandId: 'lxdops.launch' });
      await quickPickTitle(page)
        .filter({ hasText: 'lxdops launch on cluster: which member?' })
        .waitFor({ state: 'visible', timeout: 30_000 });
      const members = await quickPickItems(page);
      assert.deepEqual(
        // each row is the member (its status icon first) and, below, the member's message
        members.map((m) => m.replace(/^[^a-z]+/, '').trim()).filter((m) => m.startsWith('lxdops-cm')),
        ['lxdops-cm1', 'lxdops-cm2', 'lxdops-cm3'],
      );
      await vsSession.screenshot('member-pick');
      await pickQuickItem(page, MEMBER);
      await notificationToast(page, new RegExp(`lxdops launch: ${NAME} done`)).waitFor({
        state: 'visible',
        timeout: LXD_WAIT,
      });
      assert.equal(await clusterLocation(), MEMBER);
    });
  },
);
