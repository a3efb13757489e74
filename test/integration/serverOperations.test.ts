// The server's lxdops/prepare and lxdops/apply on the real stack, over the in-memory connection:
// apply runs the prepared plan with progress events; after an external change it re-plans.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  APPLY_REQUEST,
  type ApplyResult,
  OPERATION_EVENT_NOTIFICATION,
  type OperationEvent,
  PREPARE_REQUEST,
  type PrepareResult,
} from '../../core/src/protocol';
import { TestConnection } from '../lsp/testConnection';
import { datasets, must, names, SOCKET, stackHooks, standardConfig } from './stack';

const N = names('ops2');

describe('integration: server operations', () => {
  let t: TestConnection;
  const events: OperationEvent[] = [];
  stackHooks(N.tag, {
    ready: () => undefined,
    beforeCleanup: async () => t?.dispose(),
  });

  const prepare = (rel: string) =>
    t.request<PrepareResult>(PREPARE_REQUEST, { command: 'create-devices', uris: [t.uri(rel)] });

  test('prepare, then apply: the datasets are made, with events for each step', async () => {
    t = new TestConnection({
      [`${N.name(1)}.yaml`]: standardConfig(N.tag),
      [`${N.name(2)}.yaml`]: standardConfig(N.tag),
    });
    t.client.onNotification(OPERATION_EVENT_NOTIFICATION, (e: OperationEvent) => void events.push(e));
    await t.start({ socket: SOCKET });
    const prepared = await prepare(`${N.name(1)}.yaml`);
    assert.deepEqual(prepared.blockers, []);
    assert.ok(prepared.id);
    assert.equal(prepared.instances[0]!.instance, N.name(1));
    assert.match(prepared.instances[0]!.planText, /create ZFS filesystem/);

    const applied = await t.request<ApplyResult>(APPLY_REQUEST, { id: prepared.id });
    assert.equal(applied.replanned, undefined);
    assert.deepEqual(
      applied.outcomes.map((o) => [o.instance, o.status]),
      [[N.name(1), 'done']],
    );
    assert.ok((await datasets(N.datasets)).has(`${N.datasets}/host/${N.name(1)}`));
    const steps = events.filter((e) => e.id === prepared.id && e.type === 'step');
    assert.equal(steps.length, prepared.instances[0]!.steps);
    assert.ok(events.some((e) => e.id === prepared.id && e.type === 'finished'));
  });

  test('a change in ZFS between prepare and apply: nothing runs, a new plan under a new id', async () => {
    const prepared = await prepare(`${N.name(2)}.yaml`);
    assert.ok(prepared.id, JSON.stringify(prepared.blockers));
    await must('zfs', ['create', '-p', `${N.datasets}/host/${N.name(2)}`]);
    const applied = await t.request<ApplyResult>(APPLY_REQUEST, { id: prepared.id });
    assert.deepEqual(applied.outcomes, []);
    assert.ok(applied.replanned?.id && applied.replanned.id !== prepared.id);
    assert.ok(applied.replanned.instances[0]!.steps < prepared.instances[0]!.steps, 'the new plan does less');
    assert.equal((await datasets(N.datasets)).has(`${N.datasets}/keep/${N.name(2)}`), false, 'nothing ran');
  });
});
