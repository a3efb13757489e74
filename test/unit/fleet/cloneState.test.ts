// cloneState: every state of a clone (issue 11 §1) and why.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cloneState } from '../../../core/src/fleet/cloneState';
import { builtFrom, clone, instance, T1, T2 } from './support';

const tpl = instance('tpl', { snapshots: [['snap', T1]] });

describe('cloneState', () => {
  test('no container: not-created', () => {
    assert.deepEqual(cloneState(clone('web1'), undefined, tpl), {
      state: 'not-created',
      reason: 'no container',
      builtFrom: null,
    });
  });

  test('built from the snapshot its config names, same id: current', () => {
    const r = cloneState(clone('web1'), instance('web1', { config: builtFrom('snap', T1) }), tpl);
    assert.equal(r.state, 'current');
    assert.deepEqual(r.builtFrom, { snapshot: 'snap', id: T1 });
  });

  test('nothing recorded: stale', () => {
    const r = cloneState(clone('web1'), instance('web1'), tpl);
    assert.equal(r.state, 'stale');
    assert.equal(r.builtFrom, null);
    assert.match(r.reason!, /no template snapshot recorded/);
  });

  test('the snapshot was taken again under the same name: stale', () => {
    const again = instance('tpl', { snapshots: [['snap', T2]] });
    const r = cloneState(clone('web1'), instance('web1', { config: builtFrom('snap', T1) }), again);
    assert.equal(r.state, 'stale');
    assert.match(r.reason!, /taken again/);
  });

  test('its config now names another snapshot: stale', () => {
    const both = instance('tpl', {
      snapshots: [
        ['snap', T1],
        ['snap2', T2],
      ],
    });
    const r = cloneState(
      clone('web1', 'tpl/snap2'),
      instance('web1', { config: builtFrom('snap', T1) }),
      both,
    );
    assert.equal(r.state, 'stale');
    assert.match(r.reason!, /now names snap2/);
  });

  test('the template has no such snapshot now (or is gone): stale', () => {
    const r = cloneState(clone('web1'), instance('web1', { config: builtFrom('snap', T1) }), undefined);
    assert.equal(r.state, 'stale');
    assert.match(r.reason!, /has no snapshot snap/);
  });

  test('built from another template container: stale, the recorded value kept whole', () => {
    const other = { 'user.lxdops.built-from': 'old/snap', 'user.lxdops.built-from.id': T1 };
    const r = cloneState(clone('web1'), instance('web1', { config: other }), tpl);
    assert.equal(r.state, 'stale');
    assert.deepEqual(r.builtFrom, { snapshot: 'old/snap', id: T1 });
  });

  test('a rebuild not finished (rebuild.state pending): stale', () => {
    const config = builtFrom('snap', T1, { 'user.lxdops.rebuild.state': 'pending' });
    assert.equal(cloneState(clone('web1'), instance('web1', { config }), tpl).state, 'stale');
  });

  test('rebuild.state reverted: reverted', () => {
    const config = builtFrom('snap', T1, { 'user.lxdops.rebuild.state': 'reverted' });
    assert.equal(cloneState(clone('web1'), instance('web1', { config }), tpl).state, 'reverted');
  });

  test('status failed or configure-failed: failed, with the failed step', () => {
    for (const status of ['failed', 'configure-failed']) {
      const config = builtFrom('snap', T1, {
        'user.lxdops.status': status,
        'user.lxdops.failed-step': '3/9 start web1',
      });
      const r = cloneState(clone('web1'), instance('web1', { config }), tpl);
      assert.equal(r.state, 'failed');
      assert.equal(r.reason, '3/9 start web1');
    }
  });

  test('status ok after a failure: judged on what it was built from', () => {
    const config = builtFrom('snap', T1, { 'user.lxdops.status': 'ok' });
    assert.equal(cloneState(clone('web1'), instance('web1', { config }), tpl).state, 'current');
  });

  test('a copy of the container itself (no snapshot) or of device sources only: current once it exists', () => {
    assert.equal(cloneState(clone('web1', 'tpl'), instance('web1'), tpl).state, 'current');
    const devicesOnly = { ...clone('web1'), deviceSources: ['tpl'] };
    delete (devicesOnly as { origin?: unknown }).origin;
    assert.equal(cloneState(devicesOnly, instance('web1'), tpl).state, 'current');
  });
});
