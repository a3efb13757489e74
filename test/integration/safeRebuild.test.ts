// Safe rebuild (issue 11 §4, §5) on the real LXD (or Incus: LXDOPS_TEST_HOST) and zfs-fuse:
// the old container kept, safety snapshots, the automatic revert after a failing health command,
// lxdops revert, lxdops cleanup of what was kept, and kill -9 of the CLI at several steps
// followed by the same rebuild, which completes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  KEPT_FOR_KEY,
  KEPT_SAFETY_KEY,
  KEPT_STATE_KEY,
  KEPT_TIME_KEY,
  NEXT_FOR_KEY,
  REBUILD_STATE_KEY,
} from '../../core/src/engine/recordKeys';
import { aimedAt } from './testHost';
import {
  CLI,
  datasets,
  HOST,
  instance,
  lxdops,
  names,
  NIC_PROFILE,
  ok,
  OWNER,
  ROOT,
  SERVER_CLI,
  shown,
  stackHooks,
  tree,
  must,
  write,
} from './stack';

const N = names('safe');
const NAME = N.name(1);
const DATASET = `${N.datasets}/host/${NAME}`;
const DATA = `/${DATASET}/data`;
let dir = '';
let cfg = '';

const CONFIG = [
  '#lxdops',
  'os: {name: alpine, image: busybox}',
  `profiles: [default, ${NIC_PROFILE}]`,
  `device-owner: "${OWNER}"`,
  'filesystems:',
  `  host: {pattern: "${N.datasets}/host/(instance)", destroy: true}`,
  `  tmp: {pattern: "${N.datasets}/tmp/(instance)", transient: true, destroy: true}`,
  'devices:',
  '  data: {path: /data, filesystem: host}',
  '  cache: {path: /var/cache, filesystem: tmp}',
  '',
].join('\n');

interface Containers {
  all: { name: string; status: string; config: Record<string, string> }[];
  kept: { name: string; status: string; config: Record<string, string> }[];
}

/** The file's containers, as the server lists them. */
async function containers(): Promise<Containers> {
  const all = (
    JSON.parse(await must(SERVER_CLI, ['list', '--format', 'json'])) as {
      name: string;
      status: string;
      config: Record<string, string>;
    }[]
  ).filter((i) => i.name.startsWith(N.prefix));
  return { all, kept: all.filter((i) => i.config[KEPT_FOR_KEY] === NAME && i.name !== NAME) };
}

/** The safety snapshots (`@lxdops-safe-*`) of the data dataset. */
async function safetySnapshots(): Promise<string[]> {
  return [...(await datasets(N.datasets)).keys()].filter((n) => n.includes('@lxdops-safe-')).sort();
}

const mac = async () => (await instance(NAME))?.config['volatile.eth0.hwaddr'];
const uuid = async (name = NAME) => (await instance(name))?.config['volatile.uuid'];

/** Some data with a few shapes (nested dir, binary, empty file), written on the host into /data. */
function writeData(): void {
  mkdirSync(`${DATA}/nested/deeper`, { recursive: true });
  writeFileSync(`${DATA}/hello.txt`, 'hello\n');
  writeFileSync(`${DATA}/nested/deeper/bytes.bin`, Buffer.from([0, 1, 2, 254, 255, 10, 13]));
  writeFileSync(`${DATA}/nested/empty`, '');
}

/** After every rebuild: one container under the name, running, no temporary one, no pending state. */
async function assertSettled(macBefore: string | undefined, dataBefore: string[]): Promise<void> {
  const { all, kept } = await containers();
  assert.deepEqual(
    all.filter((i) => i.name === NAME || i.name.endsWith('-next')).map((i) => [i.name, i.status]),
    [[NAME, 'Running']],
  );
  const current = all.find((i) => i.name === NAME)!;
  assert.notEqual(current.config[REBUILD_STATE_KEY], 'pending', 'the rebuild is not left pending');
  assert.equal(current.config[NEXT_FOR_KEY], undefined);
  assert.equal(current.config[KEPT_FOR_KEY], undefined);
  assert.deepEqual(
    kept.filter((k) => k.config[KEPT_STATE_KEY] !== 'kept').map((k) => k.name),
    [],
    'no kept container left pending',
  );
  assert.equal(await mac(), macBefore, 'the MAC address is kept');
  assert.deepEqual(tree(DATA), dataBefore, 'the data files are byte-identical');
}

/**
 * Runs `lxdops rebuild` and sends it SIGKILL as soon as its progress shows a step matching
 * `at` (the step has started: its request may be in flight). Resolves with what it printed.
 */
function rebuildKilledAt(at: RegExp, extra: string[] = []): Promise<string> {
  const args = aimedAt(HOST, ['rebuild', '--yes', ...extra, cfg]);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...process.env, XDG_CONFIG_HOME: join(ROOT, 'test/fixtures/no-config-home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      said += d;
      if (!killed && said.split('\n').some((l) => /^\[\d+\/\d+\] /.test(l) && at.test(l))) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (!killed || signal !== 'SIGKILL')
        reject(new Error(`the rebuild was not killed at ${at} (signal ${signal}):\n${said}`));
      else resolve(said);
    });
  });
}

describe(`integration: safe rebuild, revert, cleanup (${HOST.label})`, () => {
  stackHooks(N.tag, {
    ready: (d) => {
      dir = d;
      cfg = write(join(dir, `${NAME}.yaml`), CONFIG);
    },
  });

  test('launch, then a safe rebuild: data byte-identical, MAC kept, the old container kept stopped with its records and a safety snapshot', async () => {
    ok(await lxdops(['launch', '--yes', cfg], { cwd: dir }));
    writeData();
    const before = tree(DATA);
    const macBefore = await mac();
    const oldUuid = await uuid();
    assert.ok(macBefore, 'the container has a MAC address (the NIC profile)');

    const dry = ok(await lxdops(['rebuild', '--dry-run', cfg], { cwd: dir }));
    assert.match(
      dry.stdout,
      /keeps: the old container as it-safe-1-kept-\d{14} \(stopped\) and safety snapshots/,
    );
    assert.match(dry.stdout, /on a failure of steps \d+-\d+, revert \(\d+ steps\):/);
    assert.match(dry.stdout, /health check: it-safe-1 runs/);
    assert.deepEqual(
      (await containers()).all.map((i) => i.name),
      [NAME],
      'the dry run changed nothing',
    );

    const r = ok(await lxdops(['rebuild', '--yes', cfg], { cwd: dir }));
    await assertSettled(macBefore, before);
    assert.notEqual(await uuid(), oldUuid, 'the container under the name is a new one');
    const { kept } = await containers();
    assert.equal(kept.length, 1, shown(r));
    const k = kept[0]!;
    assert.match(k.name, /^it-safe-1-kept-\d{14}$/);
    assert.equal(k.status, 'Stopped');
    assert.equal(await uuid(k.name), oldUuid, 'the kept container is the old one');
    assert.equal(k.config['volatile.eth0.hwaddr'], macBefore, 'the kept one keeps its MAC too');
    assert.equal(k.config[KEPT_STATE_KEY], 'kept');
    assert.match(k.config[KEPT_TIME_KEY] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const safety = k.config[KEPT_SAFETY_KEY];
    assert.match(safety ?? '', /^lxdops-safe-\d{14}$/);
    assert.deepEqual(
      await safetySnapshots(),
      [`${DATASET}@${safety}`],
      'one safety snapshot, not of the transient fs',
    );
  });

  test('a failing --health-cmd reverts: the old container runs again under its name, what the new one wrote is rolled back, exit 1, outcome reverted', async () => {
    const before = tree(DATA);
    const macBefore = await mac();
    const oldUuid = await uuid();
    const keptBefore = (await containers()).kept.map((k) => k.name);
    const snapsBefore = await safetySnapshots();
    const r = await lxdops(
      ['rebuild', '--yes', '--health-cmd', 'echo bad > /data/bad.txt; exit 1', '--health-timeout', '3', cfg],
      { cwd: dir },
    );
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /^it-safe-1: reverted$/m, shown(r));
    assert.match(r.stderr, /health command exited with 1/);
    assert.match(r.stderr, /\[revert \d+\/\d+\] rename the kept container/);
    assert.ok(!existsSync(`${DATA}/bad.txt`), 'the file the failed container wrote is rolled back');
    await assertSettled(macBefore, before);
    assert.equal(await uuid(), oldUuid, 'the container under the name is the old one again');
    const current = await instance(NAME);
    assert.equal(current?.config[REBUILD_STATE_KEY], 'reverted');
    assert.match(current?.config['user.lxdops.rebuild.failure'] ?? '', /health check/);
    assert.deepEqual(
      (await containers()).kept.map((k) => k.name),
      keptBefore,
      'the earlier kept one stays',
    );
    assert.deepEqual(await safetySnapshots(), snapsBefore, 'the reverted safety snapshot is removed');
  });

  test('lxdops revert brings the kept container back and the data of its safety snapshot; the rebuilt one is deleted', async () => {
    const { kept } = await containers();
    assert.equal(kept.length, 1);
    const keptUuid = await uuid(kept[0]!.name);
    const before = tree(DATA);
    writeFileSync(`${DATA}/after-rebuild.txt`, 'written by the rebuilt container\n');
    const dry = ok(await lxdops(['revert', '--dry-run', cfg], { cwd: dir }));
    assert.match(dry.stdout, /! delete the current container it-safe-1/);
    assert.match(dry.stdout, /what was written since the rebuild is lost/);
    const r = ok(await lxdops(['revert', '--yes', cfg], { cwd: dir }));
    assert.equal(await uuid(), keptUuid, shown(r));
    assert.equal((await instance(NAME))?.status, 'Running');
    assert.equal((await instance(NAME))?.config[REBUILD_STATE_KEY], 'reverted');
    assert.ok(!existsSync(`${DATA}/after-rebuild.txt`));
    assert.deepEqual(tree(DATA), before);
    assert.deepEqual((await containers()).kept, []);
    assert.deepEqual(await safetySnapshots(), []);
    const again = await lxdops(['revert', '--dry-run', cfg], { cwd: dir });
    assert.equal(again.status, 1, shown(again));
    assert.match(again.stderr, /nothing-to-revert|nothing to revert/);
  });

  test('lxdops cleanup of a healthy instance removes only the kept container and its safety snapshots, listed', async () => {
    ok(await lxdops(['rebuild', '--yes', cfg], { cwd: dir }));
    const { kept } = await containers();
    assert.equal(kept.length, 1);
    const dry = ok(await lxdops(['cleanup', '--dry-run', cfg], { cwd: dir }));
    assert.match(dry.stdout, new RegExp(`! delete the kept container ${kept[0]!.name}`));
    assert.match(dry.stdout, /! destroy the safety snapshot /);
    const before = tree(DATA);
    ok(await lxdops(['cleanup', '--yes', cfg], { cwd: dir }));
    assert.deepEqual((await containers()).kept, []);
    assert.deepEqual(await safetySnapshots(), []);
    assert.equal((await instance(NAME))?.status, 'Running');
    assert.deepEqual(tree(DATA), before);
    // nothing kept any more: cleanup of a healthy instance is refused, as before safe rebuilds
    const nothing = await lxdops(['cleanup', '--dry-run', cfg], { cwd: dir });
    assert.equal(nothing.status, 1, shown(nothing));
    assert.match(nothing.stderr, /cleanup is for a launch that did not finish/);
  });

  for (const [what, at, extra] of [
    ['the stop of the old container', /stop it-safe-1$/, []],
    ['the rename of the old container', /rename the old container/, []],
    ['the rename of the new container', /rename the new container/, []],
    ['the start of the new container', /start it-safe-1$/, []],
    ['the health check', /health check/, ['--health-cmd', 'sleep 20']],
  ] as const) {
    test(`kill -9 during ${what}, then rebuild again: completes, data intact, one container under the name`, async () => {
      const before = tree(DATA);
      const macBefore = await mac();
      await rebuildKilledAt(at, [...extra]);
      const again = ok(await lxdops(['rebuild', '--yes', cfg], { cwd: dir }));
      await assertSettled(macBefore, before);
      const { kept } = await containers();
      assert.ok(kept.length <= 1, `retention 1: ${kept.map((k) => k.name).join(', ')}\n${shown(again)}`);
      const referred = new Set(kept.map((k) => `${DATASET}@${k.config[KEPT_SAFETY_KEY]}`));
      assert.deepEqual(
        (await safetySnapshots()).filter((s) => !referred.has(s)),
        [],
        'no safety snapshot is left that no kept container refers to',
      );
    });
  }

  test('launch while a safe rebuild is unfinished (the old container kept, pending, none under the name): refused, nothing created; rebuild then completes', async () => {
    const before = tree(DATA);
    const macBefore = await mac();
    // the state right after a rebuild's "rename the old container", made by hand so it is exact
    const kept = `${NAME}-kept-20260101000000`;
    await must(SERVER_CLI, ['stop', '--force', NAME]);
    await must(SERVER_CLI, ['config', 'set', NAME, `${KEPT_FOR_KEY}=${NAME}`, `${KEPT_STATE_KEY}=pending`]);
    await must(SERVER_CLI, ['config', 'set', NAME, `${KEPT_TIME_KEY}=2026-01-01T00:00:00Z`]);
    await must(SERVER_CLI, ['rename', NAME, kept]);
    const refused = await lxdops(['launch', '--yes', cfg], { cwd: dir });
    assert.equal(refused.status, 1, shown(refused));
    assert.match(refused.stderr, /rebuild-unfinished/);
    assert.match(refused.stderr, new RegExp(`${kept} is kept, pending.*run lxdops rebuild`));
    assert.equal(await instance(NAME), undefined, 'launch created nothing');
    ok(await lxdops(['rebuild', '--yes', cfg], { cwd: dir }));
    await assertSettled(macBefore, before);
    assert.equal(await instance(kept), undefined, 'the pending kept container was taken back first');
  });

  test('rebuild --unsafe deletes the old container and keeps nothing', async () => {
    ok(await lxdops(['cleanup', '--yes', cfg], { cwd: dir }));
    const before = tree(DATA);
    const macBefore = await mac();
    ok(await lxdops(['rebuild', '--unsafe', '--yes', cfg], { cwd: dir }));
    await assertSettled(macBefore, before);
    assert.deepEqual((await containers()).kept, []);
    assert.deepEqual(await safetySnapshots(), []);
  });

  test('rename after a safe rebuild takes the kept container along; revert under the new name brings it back', async () => {
    ok(await lxdops(['rebuild', '--yes', cfg], { cwd: dir }));
    const [old] = (await containers()).kept;
    assert.ok(old, 'a kept container');
    const keptUuid = await uuid(old.name);
    const to = N.name(2);
    ok(await lxdops(['rename', cfg, to], { cwd: dir }));
    const movedName = `${to}-kept-${old.name.slice(`${NAME}-kept-`.length)}`;
    const moved = await instance(movedName);
    assert.equal(await instance(old.name), undefined, 'no kept container is left under the old name');
    assert.equal(moved?.config[KEPT_FOR_KEY], to);
    assert.ok(moved?.profiles.includes(`${to}.lxdops`), `profiles: ${moved?.profiles.join(', ')}`);
    ok(await lxdops(['revert', '--yes', '--name', to, cfg], { cwd: dir }));
    assert.equal((await instance(to))?.status, 'Running');
    assert.equal(await uuid(to), keptUuid, 'the kept container is back under the new name');
    ok(await lxdops(['rename', '--name', to, cfg, NAME], { cwd: dir }));
    assert.equal((await instance(NAME))?.status, 'Running');
  });

  test('destroy after a safe rebuild takes the kept container and its safety snapshot with it', async () => {
    ok(await lxdops(['rebuild', '--yes', cfg], { cwd: dir }));
    const { kept } = await containers();
    assert.equal(kept.length, 1);
    const dry = ok(await lxdops(['destroy', '--dry-run', cfg], { cwd: dir }));
    assert.match(dry.stdout, new RegExp(`! delete the kept container ${kept[0]!.name}`));
    ok(await lxdops(['destroy', '--yes', cfg], { cwd: dir }));
    assert.deepEqual((await containers()).all, []);
    assert.deepEqual(await safetySnapshots(), []);
    assert.equal(await instance(NAME), undefined);
  });
});
