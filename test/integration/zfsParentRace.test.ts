// `zfs create -p` of sibling datasets at once (launch --parallel of configs under one new parent)
// on the real zfs-fuse, through the executor's runHostCommand: run at once by hand, a create
// failed in 4 of 5 rounds ("cannot create 'PARENT': dataset already exists", or "cannot mount
// 'PARENT': Input/output error"). Through it, every create succeeds.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { runHostCommand } from '../../core/src/engine/zfsCreateRace';
import { LocalHostRunner } from '../../core/src/host/localHostRunner';
import { datasets, names, zfsDestroy } from './stack';

const N = names('zrace');
const ROUNDS = 5;
const SIBLINGS = ['a', 'b', 'c'];

describe('integration: zfs create -p of siblings at once (real zfs-fuse)', () => {
  const host = new LocalHostRunner();
  after(() => zfsDestroy(N.datasets));

  test(`${ROUNDS} rounds of ${SIBLINGS.length} siblings under a new parent: every create succeeds`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const parent = `${N.datasets}/r${round}/p`;
      const results = await Promise.all(
        SIBLINGS.map((s) =>
          runHostCommand(host, {
            argv: ['zfs', 'create', '-p', '--', `${parent}/${s}`],
            sudo: true,
          }),
        ),
      );
      for (const r of results) assert.equal(r.exitCode, 0, r.stderr);
      const made = await datasets(`${N.datasets}/r${round}`);
      for (const s of SIBLINGS) assert.ok(made.has(`${parent}/${s}`), `${parent}/${s} exists`);
    }
  });

  test('the dataset itself existing is no race: it fails as before, at once', async () => {
    const dataset = `${N.datasets}/r1/p/a`;
    const started = Date.now();
    const r = await runHostCommand(host, {
      argv: ['zfs', 'create', '-p', '--', dataset],
      sudo: true,
    });
    // `zfs create -p` of an existing dataset: OpenZFS succeeds, zfs-fuse says it exists; never a retry
    if (r.exitCode !== 0) assert.match(r.stderr, new RegExp(`'${dataset}': dataset already exists`));
    assert.ok(Date.now() - started < 2_000, 'no retries');
  });
});
