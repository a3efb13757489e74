// apply(): a plan prepared earlier runs only when a new preparation gives the same steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply } from '../../../core/src/operations/apply';
import { prepare } from '../../../core/src/operations/prepare';
import { lx } from '../engine/support';
import { request, world } from './world';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'os: {name: alpine, image: busybox}',
  'filesystems:',
  '  host: {pattern: "z/demo/host/(instance)"}',
  'devices:',
  '  data: {path: /data, filesystem: host}',
);

async function prepared(w: ReturnType<typeof world>) {
  const r = await prepare(request('create-devices', [ROOT]), w.env);
  assert.ok(r.ok, JSON.stringify(r));
  return r.prepared;
}

test('unchanged state: apply runs the prepared steps', async () => {
  const w = world({ [ROOT]: CONFIG });
  const p = await prepared(w);
  const result = await apply(p, w.env);
  assert.equal(result.kind, 'ran');
  assert.deepEqual(result.kind === 'ran' && result.outcomes.map((o) => o.status), ['done']);
  assert.ok(w.changes().some((e) => e.door === 'host.run' && e.command.argv[1] === 'create'));
});

test('the dataset appeared since: nothing runs, and the new plan comes back', async () => {
  const w = world({ [ROOT]: CONFIG });
  const p = await prepared(w);
  w.state.datasets.set('z/demo/host/web1', 'default/web1');
  const result = await apply(p, w.env);
  assert.equal(result.kind, 'replanned');
  assert.deepEqual(w.changes(), [], 'nothing ran');
  assert.ok(result.kind === 'replanned');
  assert.ok(
    !result.prepared.plans[0]!.plan.steps.some((s) => s.kind === 'host' && s.command.argv[1] === 'create'),
    'the new plan does not create the dataset again',
  );
});

test('the config got an error since: apply is blocked by the check and runs nothing', async () => {
  const w = world({ [ROOT]: CONFIG });
  const p = await prepared(w);
  w.fs.set(ROOT, `${CONFIG}profilez: [x]\n`);
  const result = await apply(p, w.env);
  assert.equal(result.kind, 'blocked');
  assert.deepEqual(result.kind === 'blocked' && result.blockers.map((b) => b.code), ['unknown-key']);
  assert.deepEqual(w.changes(), []);
});
