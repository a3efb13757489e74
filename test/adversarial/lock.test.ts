// One operation per instance at a time, on the real stack with real CLI processes (names lck-*):
// a second `lxdops configure` of an instance whose configure runs is refused at once with the
// holder (exit 2, one line); with --wait-lock it runs after the first; SIGINT releases the lock
// (once: after the current step; twice: at once); a lock left by a killed process is taken over.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  APPLY_REQUEST,
  type ApplyResult,
  PREPARE_REQUEST,
  type PrepareResult,
} from '../../core/src/protocol';
import { TestConnection } from '../lsp/testConnection';
import {
  CLI,
  must,
  NIC_PROFILE,
  ok,
  requireStack,
  ROOT,
  run,
  type RunResult,
  shown,
  SOCKET,
  write,
} from '../integration/stack';

/** Everything this file makes on the daemon is named lck-*; the locks live in a folder of its own. */
const NAME = 'lck-1';
const LOCKS = mkdtempSync(join(tmpdir(), 'lxdops-lck-locks-'));
const LOCK_FILE = join(LOCKS, `local.default.lck-1.lock`);
const SLOW = '#cloud-config\nruncmd:\n  - [sh, -c, "sleep 4; echo lck-slow-done"]\n  - [echo, lck-second]\n';
const CONFIG = `#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default, ${NIC_PROFILE}]\ncloud-config-files: [slow.cfg]\n`;
const ENV = { XDG_CONFIG_HOME: join(ROOT, 'test/fixtures/no-config-home'), LXDOPS_LOCK_DIR: LOCKS };
let dir = '';
let cfg = '';

async function removeOwn(): Promise<void> {
  const instances = JSON.parse(await must('lxc', ['list', '--format', 'json'])) as { name: string }[];
  for (const i of instances.filter((x) => x.name.startsWith('lck-')))
    await must('lxc', ['delete', '--force', i.name]);
  const profiles = JSON.parse(await must('lxc', ['profile', 'list', '--format', 'json'])) as {
    name: string;
  }[];
  for (const p of profiles.filter((x) => x.name.startsWith('lck-')))
    await must('lxc', ['profile', 'delete', p.name]);
}

interface Started {
  child: ChildProcess;
  done: Promise<RunResult & { endedAt: number }>;
}

/** `node dist/cli.js ARGS` in the background (the pid is the CLI's), with the file's lock folder. */
function start(args: string[]): Started {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, ...ENV, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<RunResult & { endedAt: number }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr, endedAt: Date.now() })),
  );
  return { child, done };
}

/** Resolves when `check` holds, polling (a real signal: the lock file or a line of output). */
async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const holderPid = () => JSON.parse(readFileSync(LOCK_FILE, 'utf8')).pid as number;

describe('integration: one operation per instance at a time', () => {
  before(async () => {
    await requireStack();
    await removeOwn();
    dir = mkdtempSync(join(tmpdir(), 'lxdops-lck-'));
    write(
      join(dir, 'slow.cfg'),
      '#cloud-config\nruncmd:\n  - [sh, -c, "sleep 4; echo lck-slow-done"]\n  - [echo, lck-second]\n',
    );
    cfg = write(
      join(dir, `${NAME}.yaml`),
      `#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default, ${NIC_PROFILE}]\ncloud-config-files: [slow.cfg]\n`,
    );
    const launched = await start(['launch', cfg]).done;
    ok(launched, 'launch');
  });
  after(async () => {
    await removeOwn();
  });

  test('a second configure is refused at once with the holder (exit 2, one line); the first goes on', async () => {
    const first = start(['configure', cfg]);
    await until('the lock of the first configure', () => existsSync(LOCK_FILE));
    const second = await start(['configure', cfg]).done;
    assert.equal(first.child.exitCode, null, 'the first is still running when the second is done');
    assert.equal(second.status, 2, shown(second));
    assert.equal(
      second.stderr,
      `lxdops: configure of ${NAME} in progress since ${second.stderr.match(/since (\d\d:\d\d)/)?.[1]}, pid ${first.child.pid} on host ${hostname()}\n`,
    );
    assert.match(second.stderr, /since \d\d:\d\d,/);
    const firstDone = await first.done;
    assert.equal(firstDone.status, 0, shown(firstDone));
    assert.deepEqual(readdirSync(LOCKS), [], 'released');
  });

  test('--wait-lock: waits for the first, then runs (the same plan), and says it waits', async () => {
    const first = start(['configure', cfg]);
    await until('the lock of the first configure', () => existsSync(LOCK_FILE));
    const waiting = start(['configure', '--wait-lock', cfg]);
    const [a, b] = await Promise.all([first.done, waiting.done]);
    assert.equal(a.status, 0, shown(a));
    assert.equal(b.status, 0, shown(b));
    assert.match(
      b.stderr,
      new RegExp(
        `${NAME}: waiting for the lock: configure of ${NAME} in progress since \\d\\d:\\d\\d, pid ${first.child.pid} on host `,
      ),
    );
    assert.match(b.stderr, /lck-slow-done/, 'its own runcmd ran');
    assert.ok(
      b.endedAt - a.endedAt >= 3000,
      `the second ended ${b.endedAt - a.endedAt} ms after the first: it ran after it`,
    );
    assert.deepEqual(readdirSync(LOCKS), []);
  });

  test('SIGINT: the run stops after the current step and releases the lock (exit 130)', async () => {
    const first = start(['configure', cfg]);
    let err = '';
    first.child.stderr!.on('data', (d: string) => (err += d));
    await until('the runcmd step', () => existsSync(LOCK_FILE) && /run command 1/.test(err));
    first.child.kill('SIGINT');
    const r = await first.done;
    assert.match(r.stderr, /SIGINT: stopping after the current step/);
    assert.equal(r.status, 130, shown(r));
    assert.match(r.stderr, /lck-slow-done/, 'the current step was not cut');
    assert.doesNotMatch(r.stderr, /lck-second/, 'the next step did not start');
    assert.deepEqual(readdirSync(LOCKS), [], 'released');
  });

  test('SIGINT twice: stops at once and still releases the lock', async () => {
    const first = start(['configure', cfg]);
    let err = '';
    first.child.stderr!.on('data', (d: string) => (err += d));
    await until('the runcmd step', () => existsSync(LOCK_FILE) && /run command 1/.test(err));
    const sent = Date.now();
    first.child.kill('SIGINT');
    await until('the first SIGINT taken', () => /stopping after the current step/.test(err));
    first.child.kill('SIGINT');
    const r = await first.done;
    assert.equal(r.status, 130, shown(r));
    assert.ok(
      r.endedAt - sent < 3000,
      `stopped ${r.endedAt - sent} ms after the signal, before the 4 s step`,
    );
    assert.deepEqual(readdirSync(LOCKS), []);
  });

  test('a lock left by a killed process is taken over by the next run', async () => {
    const first = start(['configure', cfg]);
    await until('the lock', () => existsSync(LOCK_FILE));
    const killedPid = first.child.pid;
    first.child.kill('SIGKILL');
    await first.done;
    assert.equal(holderPid(), killedPid, 'the lock of the dead process is left');
    const next = await start(['configure', cfg]).done;
    assert.equal(next.status, 0, shown(next));
    assert.deepEqual(readdirSync(LOCKS), []);
  });

  test('a dry run takes no lock: it runs while another operation holds the instance', async () => {
    const first = start(['configure', cfg]);
    await until('the lock', () => existsSync(LOCK_FILE));
    const dry = await run(process.execPath, [CLI, 'configure', '--dry-run', cfg], { cwd: dir, env: ENV });
    assert.equal(dry.status, 0, shown(dry));
    assert.match(dry.stdout, /dry run: nothing was changed/);
    ok(await first.done, 'the first configure');
  });

  test('the editor: apply while the CLI holds the instance fails with the holder (instance-locked)', async () => {
    // The server's lock store is made at its start, from the same LXDOPS_LOCK_DIR as the CLI's.
    process.env.LXDOPS_LOCK_DIR = LOCKS;
    const t = new TestConnection({ [`${NAME}.yaml`]: CONFIG, 'slow.cfg': SLOW });
    try {
      await t.start({ socket: SOCKET });
      const first = start(['configure', cfg]);
      await until('the lock', () => existsSync(LOCK_FILE));
      const prepared = await t.request<PrepareResult>(PREPARE_REQUEST, {
        command: 'configure',
        uris: [t.uri(`${NAME}.yaml`)],
      });
      assert.ok(prepared.id, JSON.stringify(prepared.blockers));
      const applied = await t.request<ApplyResult>(APPLY_REQUEST, { id: prepared.id });
      assert.equal(first.child.exitCode, null, 'refused while the CLI still runs');
      assert.equal(applied.outcomes.length, 1);
      const [outcome] = applied.outcomes;
      assert.equal(outcome!.status, 'failed');
      assert.equal(outcome!.code, 'instance-locked');
      assert.match(
        outcome!.message!,
        new RegExp(`^configure of ${NAME} in progress since \\d\\d:\\d\\d, pid ${first.child.pid} on host `),
      );
      ok(await first.done, 'the CLI configure');
    } finally {
      t.dispose();
      delete process.env.LXDOPS_LOCK_DIR;
    }
  });
});
