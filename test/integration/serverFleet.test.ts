// The server's lxdops/fleetStatus on the real stack, over the in-memory connection: a template and
// two clone configs, one launched; the answer has the contract's keys, file URIs, and each state;
// a host asked for that does not exist is a problem while the others are listed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FLEET_APPLY_REQUEST,
  FLEET_EVENT_NOTIFICATION,
  FLEET_PREPARE_REQUEST,
  FLEET_STATUS_REQUEST,
  type FleetApplyResult,
  type FleetEvent,
  type FleetPrepareResult,
  type FleetStatusResult,
} from '../../core/src/protocol';
import { TestConnection } from '../lsp/testConnection';
import { cloneText, fleetNames, launchFleet, templateText, renameSnapshot, takeSnapshot } from './fleetStack';
import { HOST, SOCKET, stackHooks } from './stack';

const F = fleetNames('fleet');

describe(`integration: server fleet status (${HOST.label})`, () => {
  let t: TestConnection;
  stackHooks(F.tag, { ready: () => undefined, beforeCleanup: async () => t?.dispose() });

  test('fleetStatus: the template, one clone current, one not created; an unknown host is a problem', async () => {
    t = new TestConnection({
      [`${F.template}.yaml`]: templateText(),
      [`${F.clone(1)}.yaml`]: cloneText(F.tag, F.template),
      [`${F.clone(2)}.yaml`]: cloneText(F.tag, F.template),
    });
    await launchFleet(
      t.dir,
      { template: t.path(`${F.template}.yaml`), clones: [t.path(`${F.clone(1)}.yaml`)] },
      F.tag,
    );
    // the server calls the host of its socket setting `local`; the local Incus it finds itself
    // as `incus-local` (its socket path), the name the fleet requests below ask for
    await t.start(HOST.name === 'local' ? { socket: SOCKET } : {});
    const status = await t.request<FleetStatusResult>(FLEET_STATUS_REQUEST, {
      hosts: [HOST.name, 'no-such-host'],
    });
    const mine = status.templates.filter((x) => x.instance === F.template);
    assert.equal(mine.length, 1, JSON.stringify(status));
    const [tpl] = mine;
    assert.equal(tpl!.host, HOST.name);
    assert.equal(tpl!.config, t.uri(`${F.template}.yaml`));
    assert.deepEqual(
      tpl!.snapshots.map((s) => s.name),
      ['snap'],
    );
    assert.deepEqual(
      tpl!.clones.map((c) => [c.instance, c.state, c.config]),
      [
        [F.clone(1), 'current', t.uri(`${F.clone(1)}.yaml`)],
        [F.clone(2), 'not-created', t.uri(`${F.clone(2)}.yaml`)],
      ],
    );
    assert.deepEqual(tpl!.clones[0]!.builtFrom, { snapshot: 'snap', id: tpl!.snapshots[0]!.id });
    assert.deepEqual(
      status.problems?.map((p) => p.host),
      ['no-such-host'],
    );
  });

  test('fleetPrepare then fleetApply: the stale clone rebuilt with live events, the other skipped', async () => {
    await renameSnapshot(F.template, 'snap', 'snap-old');
    await takeSnapshot(F.template, 'snap');
    const events: FleetEvent[] = [];
    t.client.onNotification(FLEET_EVENT_NOTIFICATION, (e: FleetEvent) => void events.push(e));
    const params = { uri: t.uri(`${F.template}.yaml`), hosts: [HOST.name], parallel: 2 };
    const prepared = await t.request<FleetPrepareResult>(FLEET_PREPARE_REQUEST, params);
    assert.deepEqual(prepared.blockers, []);
    assert.ok(prepared.id);
    assert.deepEqual(
      prepared.clones.map((c) => [c.instance, c.host, c.uri]),
      [[F.clone(1), HOST.name, t.uri(`${F.clone(1)}.yaml`)]],
    );
    // a safe rebuild deletes nothing the first time: it keeps the old container, and says so
    assert.deepEqual(prepared.clones[0]!.destructive, []);
    assert.equal(prepared.kept.length, 1, prepared.kept.join('\n'));
    assert.match(prepared.kept[0]!, new RegExp(`^${HOST.name}/${F.clone(1)}: .*${F.clone(1)}-kept-`));
    assert.deepEqual(prepared.skipped, [{ instance: F.clone(2), host: HOST.name, reason: 'not created' }]);
    assert.match(prepared.planText, new RegExp(`rebuild ${F.clone(1)}`));

    const applied = await t.request<FleetApplyResult>(FLEET_APPLY_REQUEST, { id: prepared.id });
    assert.deepEqual(applied.summary, { done: 1, reverted: 0, failed: 0, skipped: 1 });
    const mine = events.filter((e) => e.id === prepared.id && e.instance === F.clone(1)).map((e) => e.status);
    assert.equal(mine[0], 'queued');
    assert.ok(mine.includes('running'));
    assert.equal(mine.at(-1), 'done');
    const status = await t.request<FleetStatusResult>(FLEET_STATUS_REQUEST, { hosts: [HOST.name] });
    const tpl = status.templates.find((x) => x.instance === F.template)!;
    assert.deepEqual(
      tpl.clones.map((c) => c.state),
      ['current', 'not-created'],
    );
    await assert.rejects(t.request(FLEET_APPLY_REQUEST, { id: prepared.id }), /prepare it again/);
  });
});
