// End to end: the shipped example workspace (examples/) run as a user runs it, in real VS Code
// (code-server) in a real browser (Chromium), against the real LXD and ZFS of
// scripts/setup-real-stack.sh, while three other instances run on the host. Right-click → Launch
// Instance on each example config in the file Explorer (a copy before its template is refused and
// creates nothing; the template first: it snapshots itself as `base`, as examples/README.md says;
// then the two copies), then Destroy… on each in the Instances view, with its confirmation. What the UI did is read back from LXD (`lxc`), ZFS (`zfs`) and the
// host's files; every wait is on that state or on a selector, never a fixed time.
// Needs `npm run package`, scripts/install-code-server.sh and the real stack, and fails saying so.
// It removes the examples' own instances (ex-template, ex-web1, ex-web2), their profiles and
// lxdtest/examples before it starts and when it ends: examples launched by hand on this host go too.
// Screenshots and logs go to test-results/e2e/examples-*.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CodeServerSession, REPO, RESULTS, startCodeServer, sessionSteps } from './codeServer';
import {
  dataset,
  datasetsBelow,
  lxdInstance,
  lxdInstances,
  lxdProfile,
  must,
  requireStack,
  run,
  until,
  zfsDestroy,
} from './stackTools';
import {
  answerUntilDone,
  failOnErrorNotification,
  runFromExplorer,
  runFromLxdView,
  takeErrorNotification,
} from './uiActions';
import { openViewContainer, recordSideBarTrees, treeRow, viewPane } from './workbench';

/** What the examples use (examples/README.md): the pool, image and profile that the setup makes. */
const POOL = 'lxdtest';
const FSROOT = `${POOL}/examples`;
const IMAGE = 'busybox';
const TEMPLATE = 'ex-template';
const SNAPSHOT = 'base';
const COPIES = [
  { name: 'ex-web1', page: '<h1>Site one</h1>' },
  { name: 'ex-web2', page: '<h1>Site two</h1>' },
];
const EXAMPLES = [TEMPLATE, ...COPIES.map((c) => c.name)];
/** Filesystem id → its devices (path in the container → directory in the filesystem). */
const FILESYSTEMS: Record<string, Record<string, string>> = {
  host: { '/etc/opt': 'etc', '/home': 'home', '/opt': 'opt', '/var/opt': 'var' },
  log: { '/var/log': '.' },
  tmp: { '/tmp': '.' },
};
/** Other instances on the host while the examples run; created at the start, deleted at the end. */
const BYSTANDERS = ['ex-bystander-1', 'ex-bystander-2', 'ex-bystander-3'];
/** How long LXD and ZFS may take to show the result of a command started from the UI. */
const LXD_WAIT = 120_000;
/**
 * How long the Configs view may take to show an instance's new state. Issue 8 asks for a second;
 * the view is being reworked, so a late view is noted (printed, and in examples-trees.log), not
 * failed: the real state is what the steps assert.
 */
const CONFIGS_VIEW_WAIT = 5_000;

const datasetOf = (fs: string, instance: string) => `${FSROOT}/${fs}/${instance}`;
const datasetsOf = (instance: string) => Object.keys(FILESYSTEMS).map((fs) => datasetOf(fs, instance));

/** What LXD and ZFS hold of this test, for failure messages. */
async function state(): Promise<string> {
  const mine = (await lxdInstances().catch(() => []))
    .filter((i) => i.name.startsWith('ex-'))
    .map((i) => `${i.name}: ${i.status} (snapshots: ${(i.snapshots ?? []).map((s) => s.name).join(',')})`);
  const zfs = await datasetsBelow(FSROOT).catch((e: Error) => [e.message]);
  return [`containers: ${mine.join(', ') || 'none'}`, `zfs: ${zfs.join(', ') || 'none'}`].join('\n');
}

/** Removes what the examples and this test make: containers, instance profiles, datasets, bystanders. */
async function cleanup(): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };
  const names = new Set((await lxdInstances()).map((i) => i.name));
  for (const name of [...EXAMPLES, ...BYSTANDERS])
    if (names.has(name))
      await attempt(`lxc delete --force ${name}`, () => must('lxc', ['delete', '--force', name]));
  for (const name of EXAMPLES)
    if (await lxdProfile(`${name}.lxdops`))
      await attempt(`lxc profile delete ${name}.lxdops`, () =>
        must('lxc', ['profile', 'delete', `${name}.lxdops`]),
      );
  await attempt(`zfs destroy -r ${FSROOT}`, () => zfsDestroy(FSROOT));
  // a directory left where a dataset was mounted (not a mount point any more)
  const dir = `/${FSROOT}`;
  if (existsSync(dir) && (await run('mountpoint', ['-q', dir])).code !== 0)
    rmSync(dir, { recursive: true, force: true });
  if (problems.length) throw new Error(`cleanup failed:\n  ${problems.join('\n  ')}`);
}

/** Launches the bystanders from the image and waits until they run; resolves with their `volatile.uuid`. */
async function startBystanders(): Promise<Map<string, string>> {
  for (const name of BYSTANDERS) await must('lxc', ['launch', IMAGE, name]);
  const uuids = new Map<string, string>();
  for (const name of BYSTANDERS) {
    const running = await until(
      `${name} running`,
      LXD_WAIT,
      async () => {
        const instance = await lxdInstance(name);
        return instance?.status === 'Running' ? instance : undefined;
      },
      state,
    );
    uuids.set(name, running.config['volatile.uuid'] ?? '');
  }
  return uuids;
}

/** Each dataset of the instance exists and is mounted where its name says. */
async function mountedDatasets(instance: string): Promise<boolean> {
  for (const name of datasetsOf(instance)) {
    const found = await dataset(name);
    if (found?.mounted !== 'yes' || found.mountpoint !== `/${name}`) return false;
  }
  return true;
}

/** The mount points inside the container (from its /proc/mounts). */
async function mountsInside(instance: string): Promise<Set<string>> {
  const text = await must('lxc', ['exec', instance, '--', 'cat', '/proc/mounts']);
  return new Set(text.split('\n').map((line) => line.split(' ')[1] ?? ''));
}

/** The instance profile holds one disk device per device of the examples, each from its dataset. */
async function assertInstanceProfile(instance: string): Promise<void> {
  const profile = await lxdProfile(`${instance}.lxdops`);
  assert.ok(profile, `profile ${instance}.lxdops does not exist`);
  const expected: Record<string, Record<string, string>> = {};
  for (const [fs, devices] of Object.entries(FILESYSTEMS))
    for (const [path, dir] of Object.entries(devices)) {
      const source = `/${datasetOf(fs, instance)}${dir === '.' ? '' : `/${dir}`}`;
      expected[dir === '.' ? fs : dir] = { type: 'disk', path, source };
    }
  assert.deepEqual(profile.devices, expected);
}

/** Nothing of the instance is left: no container, no instance profile, no dataset, no directory. */
async function gone(instance: string): Promise<boolean> {
  if (await lxdInstance(instance)) return false;
  if (await lxdProfile(`${instance}.lxdops`)) return false;
  for (const name of datasetsOf(instance)) if ((await dataset(name)) || existsSync(`/${name}`)) return false;
  return true;
}

/** The page httpd serves inside the container (on its loopback: the examples have no NIC). */
const fetchPage = (instance: string) =>
  run('lxc', ['exec', instance, '--', 'wget', '-q', '-O', '-', 'http://127.0.0.1/']);

/** The template's launch is done: stopped, with its LXD snapshot. */
async function templateSnapshotted(): Promise<boolean> {
  const instance = await lxdInstance(TEMPLATE);
  return instance?.status === 'Stopped' && (instance.snapshots ?? []).some((s) => s.name === SNAPSHOT);
}

/** LXD, ZFS and the files after the template's launch: its profiles, datasets and cloud-config. */
async function assertTemplateConfigured(config: string): Promise<void> {
  const template = await lxdInstance(TEMPLATE);
  assert.ok(template);
  assert.deepEqual(template.profiles, ['default', `${TEMPLATE}.lxdops`]);
  assert.equal(template.config['user.lxdops.config'], config);
  assert.ok(await mountedDatasets(TEMPLATE), await state());
  await assertInstanceProfile(TEMPLATE);
  // the cloud-config: the web server's files on the ZFS devices, its services in the rootfs
  // (read from the stopped container), and the log it wrote on the log dataset
  const host = `/${datasetOf('host', TEMPLATE)}`;
  assert.match(readFileSync(`${host}/etc/httpd/httpd.conf`, 'utf8'), /\.txt:text\/plain/);
  assert.match(readFileSync(`${host}/var/www/index.html`, 'utf8'), /<h1>Template<\/h1>/);
  const inittab = await must('lxc', ['file', 'pull', `${TEMPLATE}/etc/inittab`, '-']);
  assert.match(inittab, /^::respawn:\/usr\/sbin\/httpd -f -p 80 -h \/var\/opt\/www/m);
  assert.match(inittab, /^::respawn:\/sbin\/syslogd -n -O \/var\/log\/messages$/m);
  const messages = readFileSync(`/${datasetOf('log', TEMPLATE)}/messages`, 'utf8');
  assert.match(messages, /httpd serves \/var\/opt\/www on port 80/);
}

/** LXD, ZFS and the files after a copy's launch: its profiles, datasets mounted inside, its page. */
async function assertCopyServing(copy: (typeof COPIES)[number]): Promise<void> {
  const instance = await lxdInstance(copy.name);
  assert.ok(instance);
  assert.deepEqual(instance.profiles, ['default', `${copy.name}.lxdops`]);
  assert.ok(await mountedDatasets(copy.name), await state());
  await assertInstanceProfile(copy.name);
  const mounts = await mountsInside(copy.name);
  for (const path of Object.values(FILESYSTEMS).flatMap((devices) => Object.keys(devices)))
    assert.ok(mounts.has(path), `${path} is not mounted in ${copy.name}`);
  // the page httpd (from the template's rootfs) serves is the site file of its cloud-config, on its own dataset
  const host = `/${datasetOf('host', copy.name)}`;
  const served = await fetchPage(copy.name);
  assert.equal(served.code, 0, served.stderr);
  assert.match(served.stdout, new RegExp(copy.page));
  assert.equal(served.stdout, readFileSync(`${host}/var/www/index.html`, 'utf8'));
  // the template's device directories were copied: its httpd config
  assert.match(readFileSync(`${host}/etc/httpd/httpd.conf`, 'utf8'), /\.txt:text\/plain/);
  if (copy.name === 'ex-web2')
    assert.equal((await lxdProfile(`${copy.name}.lxdops`))?.config['boot.autostart'], 'true');
}

describe(
  'the example workspace in VS Code (code-server + Chromium): Launch and Destroy each example on the real LXD and ZFS, with other instances running',
  { timeout: 900_000 },
  () => {
    let ws: string | undefined;
    let vs: CodeServerSession | undefined;
    let bystanders = new Map<string, string>();
    let trees: { read(): Promise<string[]> } | undefined;
    const { session } = sessionSteps(() => vs);

    /** The bystanders still run, the same instances as at the start (not re-created). */
    const assertBystandersUntouched = async () => {
      for (const [name, uuid] of bystanders) {
        const instance = await lxdInstance(name);
        assert.equal(instance?.status, 'Running', `bystander ${name} should still run`);
        assert.equal(instance.config['volatile.uuid'], uuid, `bystander ${name} was re-created`);
      }
    };

    /** Notes when the Configs view does not show `name` in the state `expected` (its description) in time. */
    /** The Configs view shows the state LXD has, at most CONFIGS_VIEW_WAIT after LXD showed it. */
    const assertConfigsView = async (page: CodeServerSession['page'], name: string, expected: string) => {
      const row = treeRow(viewPane(page, 'Configs'), name);
      const shown = row.locator('.label-description', { hasText: new RegExp(`^${expected}\\b`) });
      await shown.waitFor({ state: 'visible', timeout: CONFIGS_VIEW_WAIT }).catch(async () => {
        const now = await row
          .locator('.label-description')
          .innerText({ timeout: 1_000 })
          .catch(() => '(no row)');
        assert.fail(
          `Configs view: ${name} does not show "${expected}" ${CONFIGS_VIEW_WAIT / 1000} s after LXD did; it shows "${now}"`,
        );
      });
    };

    /** Runs a step, with a screenshot of the screen as it was when it failed. */
    const step = async (name: string, body: (s: CodeServerSession) => Promise<void>) => {
      const s = session();
      try {
        await body(s);
        await assertBystandersUntouched();
      } catch (e) {
        await s.screenshot(`${name}-FAILED`).catch(() => undefined);
        throw e;
      }
    };

    it('starts three bystander instances, then code-server with the packaged extension on a copy of examples/', async () => {
      await requireStack({ pool: POOL, image: IMAGE, profiles: ['default'] });
      await cleanup();
      bystanders = await startBystanders();
      assert.equal(bystanders.size, 3);
      // a copy, so that nothing the test or the editor writes lands in the repository
      ws = mkdtempSync(join(tmpdir(), 'lxdops-e2e-examples-'));
      cpSync(join(REPO, 'examples'), ws, { recursive: true });
      vs = await startCodeServer({ workspace: ws, name: 'examples' });
      await vs.page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'containers' })
        .waitFor({ state: 'visible' });
      await vs.screenshot('0-workbench');
    });

    after(async () => {
      try {
        const log = await trees?.read().catch((e: Error) => [`(cannot read the record: ${e.message})`]);
        if (log) writeFileSync(join(RESULTS, 'examples-trees.log'), `${log.join('\n')}\n`);
        await vs?.close();
      } finally {
        if (ws) rmSync(ws, { recursive: true, force: true });
        await cleanup();
      }
    });

    it('(1) the Configs view lists the three example configs, and the Instances view the bystanders', () =>
      step('1-views', async ({ page, screenshot }) => {
        await openViewContainer(page, 'LXD');
        trees = await recordSideBarTrees(page);
        for (const name of EXAMPLES)
          await treeRow(viewPane(page, 'Configs'), name).waitFor({ state: 'visible' });
        for (const name of BYSTANDERS)
          await treeRow(viewPane(page, 'Instances'), name).waitFor({ state: 'visible' });
        await screenshot('1-views');
      }));

    it('(2) Launch Instance on containers/ex-web1.yaml before its template: an error that names the template, nothing created', () =>
      step('2-copy-first', async ({ page, screenshot }) => {
        const copy = COPIES[0]!.name;
        await runFromExplorer(page, `containers/${copy}.yaml`, 'lxdops.launch');
        const message = await takeErrorNotification(page, new RegExp(TEMPLATE), LXD_WAIT).catch(
          async (e: Error) => {
            await screenshot('2-copy-first-no-error');
            throw e;
          },
        );
        assert.match(message, new RegExp(`origin.*${TEMPLATE}.*does not exist`));
        assert.ok(await gone(copy), await state());
        assert.equal(await lxdInstance(TEMPLATE), undefined);
      }));

    it('(3) Launch Instance on containers/ex-template.yaml: configured, stopped, snapshotted as base', () =>
      step('3-template', async ({ page, screenshot }) => {
        await runFromExplorer(page, `containers/${TEMPLATE}.yaml`, 'lxdops.launch');
        await answerUntilDone(page, { typeName: TEMPLATE, totalMs: LXD_WAIT, done: templateSnapshotted });
        await assertTemplateConfigured(join(ws!, `containers/${TEMPLATE}.yaml`));
        await failOnErrorNotification(page);
        await openViewContainer(page, 'LXD');
        await assertConfigsView(page, TEMPLATE, 'stopped');
        await screenshot('3-template');
      }));

    for (const copy of COPIES)
      it(`(4) Launch Instance on containers/${copy.name}.yaml: copied from ${TEMPLATE}/${SNAPSHOT}, running, serving its site from ZFS`, () =>
        step(`4-${copy.name}`, async ({ page, screenshot }) => {
          await runFromExplorer(page, `containers/${copy.name}.yaml`, 'lxdops.launch');
          await answerUntilDone(page, {
            typeName: copy.name,
            totalMs: LXD_WAIT,
            done: async () => {
              if ((await lxdInstance(copy.name))?.status !== 'Running') return false;
              const got = await fetchPage(copy.name);
              return got.code === 0 && got.stdout.includes(copy.page);
            },
          });
          await assertCopyServing(copy);
          // what the user sees: the instance in the Instances view, running
          await openViewContainer(page, 'LXD');
          await treeRow(viewPane(page, 'Instances'), copy.name)
            .locator('.custom-view-tree-node-item-icon.codicon-vm-running')
            .waitFor({ state: 'visible', timeout: LXD_WAIT });
          await failOnErrorNotification(page);
          await assertConfigsView(page, copy.name, 'running');
          await screenshot(`4-${copy.name}`);
        }));

    for (const name of [...COPIES.map((c) => c.name), TEMPLATE])
      it(`(5) Destroy Instance and Data… on ${name} in the Instances view, confirmed: nothing of it is left`, () =>
        step(`5-destroy-${name}`, async ({ page, screenshot }) => {
          await runFromLxdView(page, {
            view: 'Instances',
            label: name,
            commandId: 'lxdops.destroy',
            totalMs: LXD_WAIT,
          });
          const prompts = await answerUntilDone(page, {
            typeName: name,
            totalMs: LXD_WAIT,
            done: () => gone(name),
            beforeFirstAnswer: async () => {
              // nothing is deleted while the question is open
              await screenshot(`5-destroy-${name}-confirm`);
              assert.ok(await lxdInstance(name), `${name} was deleted before the confirmation was answered`);
              assert.ok(await mountedDatasets(name), await state());
            },
          });
          // the confirmation named the instance and the datasets it destroys
          const asked = prompts.map((p) => p.text).join('\n');
          assert.ok(prompts.length >= 1, 'Destroy asked nothing');
          assert.match(asked, new RegExp(name));
          for (const ds of datasetsOf(name))
            assert.ok(asked.includes(ds), `the confirmation does not name ${ds}:\n${asked}`);
          assert.ok(await gone(name), await state());
          await openViewContainer(page, 'LXD');
          await treeRow(viewPane(page, 'Instances'), name).waitFor({ state: 'hidden', timeout: LXD_WAIT });
          await failOnErrorNotification(page);
          await assertConfigsView(page, name, 'not created');
          await screenshot(`5-destroyed-${name}`);
        }));

    it('(6) nothing of the examples is left on LXD or ZFS, and the bystanders ran throughout', async () => {
      for (const name of EXAMPLES) assert.ok(await gone(name), await state());
      const left = (await datasetsBelow(FSROOT)).filter((ds) => EXAMPLES.some((name) => ds.includes(name)));
      assert.deepEqual(left, []);
      assert.deepEqual(
        (await lxdInstances())
          .filter((i) => i.name.startsWith('ex-'))
          .map((i) => i.name)
          .sort(),
        [...BYSTANDERS].sort(),
      );
      await assertBystandersUntouched();
    });
  },
);
