// LocalHostRunner.inspect and exists on REAL files: a temp tree with real directories, a real
// file and real symbolic links (one to a "victim" directory, one dangling). Nothing is followed:
// what lies behind a link is never reported. And `stat` (the answer through sudo, and later over
// SSH) parses to the same entries as lstat.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathComponents, reachesPath } from '../../../core/src/engine/hostPaths';
import { LocalHostRunner } from '../../../core/src/host/localHostRunner';
import { parseStat, statArgv } from '../../../core/src/host/pathEntries';

let top = '';
const host = new LocalHostRunner();
/** The types of the entries of `path` below `top` (the components above are the temp dir's). */
const typesBelowTop = async (path: string) =>
  (await host.inspect(path))
    .filter((e) => e.path.startsWith(`${top}/`))
    .map((e) => `${e.type} ${e.path.slice(top.length)}`);

describe('LocalHostRunner.inspect on real files', () => {
  before(() => {
    top = mkdtempSync(join(tmpdir(), 'hs-inspect-'));
    mkdirSync(join(top, 'data/sub'), { recursive: true });
    chmodSync(join(top, 'data'), 0o750);
    mkdirSync(join(top, 'victim/.ssh'), { recursive: true });
    writeFileSync(join(top, 'data/file'), 'x');
    symlinkSync(join(top, 'victim'), join(top, 'data/link'));
    symlinkSync(join(top, 'nowhere'), join(top, 'data/dangling'));
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  test('directories all the way: every component, with owner and mode', async () => {
    const entries = await host.inspect(join(top, 'data/sub'));
    assert.deepEqual(
      entries.map((e) => e.path),
      pathComponents(join(top, 'data/sub')),
    );
    assert.ok(entries.every((e) => e.type === 'dir'));
    const data = entries.find((e) => e.path === join(top, 'data'))!;
    assert.ok(data.type === 'dir' && data.mode === 0o750, JSON.stringify(data));
    assert.equal(data.type === 'dir' && data.uid, process.getuid!());
  });

  test('a link in the middle: reported as a link, and nothing behind it (the victim .ssh) is looked at', async () => {
    assert.deepEqual(await typesBelowTop(join(top, 'data/link/.ssh')), ['dir /data', 'link /data/link']);
  });

  test('a file in the middle ends the answer at the file', async () => {
    assert.deepEqual(await typesBelowTop(join(top, 'data/file/x')), ['dir /data', 'file /data/file']);
  });

  test('a missing component ends the answer with "missing"', async () => {
    assert.deepEqual(await typesBelowTop(join(top, 'data/new/deeper')), ['dir /data', 'missing /data/new']);
  });

  test('exists: a dangling link exists (it is not followed); behind a link nothing exists', async () => {
    assert.equal(await host.exists(join(top, 'data/dangling')), true);
    assert.equal(
      await host.exists(join(top, 'data/link/.ssh')),
      false,
      'victim/.ssh is there, but only through the link',
    );
    assert.equal(await host.exists(join(top, 'victim/.ssh')), true);
    assert.equal(await host.exists(join(top, 'data/new')), false);
  });

  test('`stat` without -L (through sudo or SSH) gives the same entries as lstat', async () => {
    for (const p of ['data/sub', 'data/link/.ssh', 'data/file/x', 'data/new/deeper', 'data/dangling']) {
      const path = join(top, p);
      const components = pathComponents(path);
      const [bin, ...args] = statArgv(components);
      let stdout = '';
      try {
        stdout = execFileSync(bin!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (e) {
        stdout = String((e as { stdout?: string }).stdout ?? ''); // exit 1 for a missing component
      }
      assert.deepEqual(parseStat(components, stdout), await host.inspect(path), p);
    }
  });
});

describe('reachesPath', () => {
  test('`/` (and `//`) always exists: a destroy of the root must be seen, and then refused', async () => {
    assert.equal(reachesPath([], '/'), true);
    assert.equal(reachesPath([], '//'), true);
    assert.equal(await host.exists('/'), true);
    assert.equal(reachesPath([], 'relative'), false);
    assert.equal(reachesPath([{ path: '/a', type: 'missing' }], '/a'), false);
    assert.equal(reachesPath([{ path: '/a', type: 'dir', uid: 0, gid: 0, mode: 0o755 }], '/a'), true);
  });
});
