// The retry of a `zfs create -p` that lost the race for a parent (zfsCreateRace.ts). The race
// itself is produced for real in test/integration/zfsParentRace.test.ts; here the decision.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostResult, HostRunner } from '../../../core/src/engine/doors';
import { lostParentRace, runHostCommand } from '../../../core/src/engine/zfsCreateRace';

const create = (dataset: string) => ({ argv: ['zfs', 'create', '-p', '--', dataset], sudo: true });
const failed = (stderr: string): HostResult => ({ exitCode: 1, stdout: '', stderr });
const OK: HostResult = { exitCode: 0, stdout: '', stderr: '' };
/** A runner that answers `run` with `answer` (the other doors are not used here). */
const runner = (answer: () => Promise<HostResult>): HostRunner => ({
  run: answer,
  exists: () => Promise.reject(new Error('not used')),
  inspect: () => Promise.reject(new Error('not used')),
});

describe('zfs create -p: the race for a parent', () => {
  test('lost: a proper ancestor "already exists"; not lost: the dataset itself, another error, another command, success', () => {
    assert.equal(
      lostParentRace(create('z/a/b'), failed("cannot create 'z/a': dataset already exists")),
      true,
    );
    assert.equal(
      lostParentRace(create('z/a/b'), failed("cannot create 'z/a/b': dataset already exists")),
      false,
    );
    assert.equal(
      lostParentRace(create('z/ab/c'), failed("cannot create 'z/a': dataset already exists")),
      false,
    );
    assert.equal(lostParentRace(create('z/a/b'), failed('cannot create: out of space')), false);
    assert.equal(lostParentRace(create('z/a/b'), OK), false);
    const noP = { argv: ['zfs', 'create', '--', 'z/a/b'], sudo: true };
    assert.equal(lostParentRace(noP, failed("cannot create 'z/a': dataset already exists")), false);
  });

  test('tried again while it loses the race, at most 4 times in all; other failures are not tried again', async () => {
    const answers = [failed("cannot create 'z/a': dataset already exists"), OK];
    let calls = 0;
    const r = await runHostCommand(
      runner(async () => answers[calls++]!),
      create('z/a/b'),
    );
    assert.deepEqual([r.exitCode, calls], [0, 2]);
    calls = 0;
    const always = await runHostCommand(
      runner(async () => {
        calls++;
        return failed("cannot create 'z/a': dataset already exists");
      }),
      create('z/a/b'),
    );
    assert.deepEqual([always.exitCode, calls], [1, 4]);
    calls = 0;
    await runHostCommand(
      runner(async () => {
        calls++;
        return failed('permission denied');
      }),
      create('z/a/b'),
    );
    assert.equal(calls, 1);
  });

  test("one runner's creates go one at a time, other commands do not wait; a failed one does not stop the next", async () => {
    let running = 0;
    let most = 0;
    const log: string[] = [];
    const host = runner(async () => OK);
    host.run = async (c) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      log.push(c.argv.at(-1)!);
      return c.argv.at(-1) === 'z/p/b' ? failed('no space') : OK;
    };
    const creates = ['z/p/a', 'z/p/b', 'z/p/c'].map((d) => runHostCommand(host, create(d)));
    const results = await Promise.all(creates);
    assert.equal(most, 1, 'never two creates at once');
    assert.deepEqual(log, ['z/p/a', 'z/p/b', 'z/p/c']);
    assert.deepEqual(
      results.map((r) => r.exitCode),
      [0, 1, 0],
    );
    most = 0;
    await Promise.all([
      runHostCommand(host, create('z/q/a')),
      runHostCommand(host, { argv: ['mkdir', '-p', '--', '/x'], sudo: true }),
    ]);
    assert.equal(most, 2, 'a mkdir runs beside a create');
  });
});
