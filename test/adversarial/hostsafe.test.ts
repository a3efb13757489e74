// No link followed in instance data, and repair on re-run (issue 9, points 3 and 5), on the real
// LXD daemon and ZFS pool (see stack.ts). The links are made on the host, in the instance's own
// dataset, as the container would make them (`ln -s /some/host/dir /data/link`); the "victim" is
// a fresh mktemp directory, never a real system path.
import assert from 'node:assert/strict';
import { lchownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkFiles } from '../../core/src/check/checkFiles';
import { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { planCommand } from '../../core/src/engine/engine';
import { execute, StepFailedError } from '../../core/src/engine/executor';
import { DiskFileSystem } from '../../core/src/fs/diskFileSystem';
import { LocalHostRunner } from '../../core/src/host/localHostRunner';
import { LxdClient } from '../../core/src/lxd/lxdClient';
import {
  datasets,
  IDMAP_BASE,
  inContainer,
  instance,
  lxdops,
  must,
  names,
  owner,
  OWNER,
  profile,
  shown,
  SOCKET,
  stackHooks,
  standardConfig,
  tree,
  write,
} from '../integration/stack';

const N = names('hs');
let dir = '';
const victims: string[] = [];

const dataset = (n: number) => `${N.datasets}/host/${N.name(n)}`;
const root = (n: number) => `/${dataset(n)}`;
const SSH_DEVICE = 'ssh: {path: /root/.ssh, filesystem: host, dir: link/.ssh}';

function config(n: number, devices: string[] = []): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, { devices }));
}

/** A root-owned 0700 host directory with a file: what the link points at. */
function victim(): string {
  const v = mkdtempSync(join(tmpdir(), 'hs-victim-'));
  victims.push(v);
  writeFileSync(join(v, 'secret'), 'host only\n', { mode: 0o600 });
  return v;
}

/** What must not change about the victim: its own owner and mode, and everything in it. */
function victimState(v: string) {
  const s = statSync(v);
  return { owner: `${s.uid}:${s.gid}`, mode: (s.mode & 0o7777).toString(8), tree: tree(v) };
}

/** The instance's dataset as a first launch left it, with `link` → `target` made in its data. */
async function plantLink(n: number, target: string): Promise<string> {
  await must('zfs', ['create', '-p', dataset(n)]);
  await must('chown', [OWNER, root(n)]);
  const link = `${root(n)}/link`;
  symlinkSync(target, link);
  lchownSync(link, IDMAP_BASE, IDMAP_BASE); // as the container's root made it
  return link;
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, 'no JS stack trace');

describe('integration: no link followed in instance data; repair on re-run', () => {
  stackHooks(N.tag, { ready: (d) => (dir = d) });
  after(() => victims.forEach((v) => rmSync(v, { recursive: true, force: true })));

  test('a link in the dataset and a device `dir: link/.ssh`: launch refused in planning (host-path-link, naming the link), nothing created, the victim unchanged; without the link, launch completes', async () => {
    const name = N.name(1);
    const v = victim();
    const link = await plantLink(1, v);
    const cfg = config(1, [SSH_DEVICE]);
    const before = { victim: victimState(v), datasets: await datasets(N.datasets) };

    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /error host-path-link: /, shown(r));
    assert.match(
      r.stderr,
      new RegExp(`device ssh: ${link} is a symbolic link where a directory is expected`),
    );
    assert.match(r.stderr, /nothing was changed/);
    noStackTrace(r.stderr);
    assert.deepEqual(
      victimState(v),
      before.victim,
      'nothing created under the victim; its owner and mode kept',
    );
    assert.deepEqual(await datasets(N.datasets), before.datasets, 'no dataset made');
    assert.equal(await instance(name), undefined, 'no container');
    assert.equal(await profile(`${name}.lxdops`), undefined, 'no profile');

    rmSync(link);
    const fixed = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(fixed.status, 0, shown(fixed));
    assert.equal((await instance(name))?.status, 'Running');
    assert.equal(owner(`${root(1)}/link/.ssh`), OWNER, 'a real directory of the instance, given to its root');
    assert.equal(statSync(`${root(1)}/link`).isDirectory(), true);
    await inContainer(name, 'echo key > /root/.ssh/authorized_keys');
    assert.deepEqual(victimState(v), before.victim);
  });

  test('a link made after the plan, before its steps run: the guard stops the mkdir step, naming the link; the victim unchanged', async () => {
    const n = 2;
    await must('zfs', ['create', '-p', dataset(n)]);
    await must('chown', [OWNER, root(n)]);
    const cfg = config(n, [SSH_DEVICE]);
    const v = victim();
    const ws = new ConfigWorkspace(new DiskFileSystem());
    const rootResult = checkFiles([cfg], ws).results.get(cfg);
    assert.ok(rootResult, `${cfg} resolves`);
    const lxd = new LxdClient(SOCKET);
    try {
      const doors = { lxd, host: new LocalHostRunner() };
      const plan = await planCommand('launch', rootResult, ws, doors);
      const mkdirAt = plan.steps.findIndex(
        (s) => s.kind === 'host' && s.command.argv.join(' ') === `mkdir -p -- ${root(n)}/link/.ssh`,
      );
      assert.ok(mkdirAt >= 0, 'the plan makes the device dir');
      // the container acts between the plan and its run
      const link = `${root(n)}/link`;
      symlinkSync(v, link);
      const before = victimState(v);
      await assert.rejects(execute(plan, doors), (e: unknown) => {
        assert.ok(e instanceof StepFailedError, String(e));
        assert.equal(e.index, mkdirAt);
        assert.match(e.message, new RegExp(`${link} is a symbolic link where a directory is expected`));
        assert.match(e.message, /the command was not run/);
        return true;
      });
      assert.deepEqual(victimState(v), before, 'nothing created under the victim; its owner and mode kept');
    } finally {
      await lxd.close();
    }
  });

  test('interrupted creation (dataset made by hand, its root and a device dir still 0:0): launch repairs both owners, with a note, and completes', async () => {
    const n = 3;
    const name = N.name(n);
    // as an interrupted launch left it: `zfs create -o lxdops:owner=...` sets the mark with the
    // dataset (only the instance's own data is repaired)
    await must('zfs', ['create', '-p', '-o', `lxdops:owner=default/${name}`, dataset(n)]);
    mkdirSync(`${root(n)}/data`);
    assert.equal(owner(root(n)), '0:0', 'as zfs create left it');
    assert.equal(owner(`${root(n)}/data`), '0:0', 'as mkdir left it');

    const r = await lxdops(['launch', config(n)], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    assert.match(r.stderr, new RegExp(`note: repaired: ${root(n)} belongs to 0:0`), shown(r));
    assert.match(r.stderr, new RegExp(`note: repaired: ${root(n)}/data belongs to 0:0`), shown(r));
    assert.equal(owner(root(n)), OWNER);
    assert.equal(owner(`${root(n)}/data`), OWNER);
    assert.equal(owner(`${root(n)}/etc`), OWNER, 'the missing device dir is made as on a fresh launch');
    assert.equal((await instance(name))?.status, 'Running');
    await inContainer(name, 'echo ok > /data/ok.txt');

    const again = await lxdops(['launch', '--dry-run', config(n)], { cwd: dir });
    assert.equal(again.status, 0, shown(again));
    assert.doesNotMatch(
      again.stdout + again.stderr,
      /repaired|chown/,
      'once repaired, nothing is left to repair',
    );
  });
});
