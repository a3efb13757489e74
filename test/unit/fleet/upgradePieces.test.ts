// The pure pieces of fleet upgrade: the template snapshot plan (renamed aside, then taken), what
// an interrupted upgrade left to do, the scope's blockers, the CLI flags, and the live status.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveStatus, progressLine } from '../../../core/src/cli/fleetLive';
import { UsageError } from '../../../core/src/cli/cliOptions';
import { upgradeRequestOf, type UpgradeFlags } from '../../../core/src/cli/fleetUpgradeFlags';
import { progressOf, statusOf, summaryOf } from '../../../core/src/fleet/cloneProgress';
import { templateSnapshotPlan, upgradeInProgress } from '../../../core/src/fleet/templateSnapshot';
import { clonesToRebuild, templateEntry, upgradeScope } from '../../../core/src/fleet/upgradePrepare';
import type { FleetUpgradeRequest } from '../../../core/src/fleet/upgradeTypes';
import { builtFrom, clone, instance, T1, T2, templateConfig } from './support';

const target = { config: '/ws/tpl.yaml', container: 'tpl', project: 'default' };
const NOW = new Date('2026-03-04T05:06:07Z');
const request = (o: Partial<FleetUpgradeRequest> = {}): FleetUpgradeRequest => ({
  template: '/ws/tpl.yaml',
  configs: [templateConfig, clone('web1'), clone('web2')],
  parallel: 1,
  rebuild: {},
  check: {},
  ...o,
});

describe('templateSnapshotPlan', () => {
  test('an existing snapshot is renamed aside, then the new one taken; the record is said', () => {
    const plan = templateSnapshotPlan(target, instance('tpl', { snapshots: [['snap', T1]] }), 'snap', NOW);
    assert.deepEqual(
      plan.steps.map((s) => (s.kind === 'lxd' ? [s.request.method, s.request.path, s.request.body] : s.kind)),
      [
        ['POST', '/1.0/instances/tpl/snapshots/snap', { name: 'snap-20260304050607' }],
        ['POST', '/1.0/instances/tpl/snapshots', { name: 'snap' }],
      ],
    );
    assert.match(plan.notes[0]!, /user\.lxdops\.fleet\.upgrade records snap@<its created_at>/);
  });

  test('marks of an earlier upgrade are removed first; an aside name that is taken gets -2', () => {
    const t = instance('tpl', {
      snapshots: [
        ['snap', T1],
        ['snap-20260304050607', T2],
      ],
      config: { 'user.lxdops.fleet.upgrade': `snap@old`, 'user.lxdops.fleet.upgrade.clones': 'web1' },
    });
    const plan = templateSnapshotPlan(target, t, 'snap', NOW);
    const bodies = plan.steps.map((s) => (s.kind === 'lxd' ? s.request.body : undefined));
    assert.deepEqual(bodies[0], {
      config: { 'user.lxdops.fleet.upgrade': '', 'user.lxdops.fleet.upgrade.clones': '' },
    });
    assert.deepEqual(bodies[1], { name: 'snap-20260304050607-2' });
  });

  test('no snapshot of that name: only taken', () => {
    const plan = templateSnapshotPlan(target, instance('tpl'), 'snap', NOW);
    assert.equal(plan.steps.length, 1);
  });

  test('an upgrade in progress is the record that names the snapshot as it is now', () => {
    const t = (key: string) =>
      instance('tpl', { snapshots: [['snap', T1]], config: { 'user.lxdops.fleet.upgrade': key } });
    assert.equal(upgradeInProgress(t(`snap@${T1}`), 'snap'), true);
    assert.equal(upgradeInProgress(t(`snap@${T2}`), 'snap'), false);
    assert.equal(upgradeInProgress(instance('tpl', { snapshots: [['snap', T1]] }), 'snap'), false);
  });
});

describe('what to rebuild', () => {
  const scope = upgradeScope(request());
  assert.ok(!('code' in scope));
  test('stale, failed and reverted clones, and those an interrupted upgrade left (even current or gone)', () => {
    const tpl = instance('tpl', {
      snapshots: [['snap', T1]],
      config: { 'user.lxdops.fleet.upgrade.clones': 'web2' },
    });
    const instances = [tpl, instance('web1', { config: builtFrom('snap', T1) })];
    const entry = templateEntry(scope, 'local', instances)!;
    assert.deepEqual(clonesToRebuild(entry, tpl), {
      rebuild: ['/ws/web2.yaml'],
      skipped: [{ instance: 'web1', reason: 'current' }],
    });
    const stale = [tpl, instance('web1'), instance('web2', { config: builtFrom('snap', T1) })];
    const noList = instance('tpl', { snapshots: [['snap', T1]] });
    assert.deepEqual(clonesToRebuild(templateEntry(scope, 'local', stale)!, noList), {
      rebuild: ['/ws/web1.yaml'],
      skipped: [{ instance: 'web2', reason: 'current' }],
    });
  });

  test('a clone without a container that nothing left to do is skipped as not created', () => {
    const tpl = instance('tpl', { snapshots: [['snap', T1]] });
    const entry = templateEntry(scope, 'local', [tpl])!;
    assert.deepEqual(
      clonesToRebuild(entry, tpl).skipped.map((s) => s.reason),
      ['not created', 'not created'],
    );
  });
});

describe('upgradeScope blockers', () => {
  test('a config that no other names in origin: fleet-no-clones', () => {
    const r = upgradeScope(request({ configs: [templateConfig] }));
    assert.equal('code' in r && r.code, 'fleet-no-clones');
  });
  test('clones naming several snapshots: fleet-snapshot-unnamed, unless --snapshot names one', () => {
    const configs = [templateConfig, clone('web1', 'tpl/a'), clone('web2', 'tpl/b')];
    const r = upgradeScope(request({ configs, snapshot: true }));
    assert.equal('code' in r && r.code, 'fleet-snapshot-unnamed');
    const named = upgradeScope(request({ configs, snapshot: 'b' }));
    assert.ok(!('code' in named) && named.snapshot === 'b');
  });
  test('the template config not among those read: config-unreadable', () => {
    const r = upgradeScope(request({ template: '/elsewhere/tpl.yaml' }));
    assert.equal('code' in r && r.code, 'config-unreadable');
  });
});

describe('fleet upgrade flags', () => {
  const flags = (o: Partial<UpgradeFlags>): UpgradeFlags => ({ host: [], property: [], configs: [], ...o });
  const usage = (o: Partial<UpgradeFlags>, re: RegExp) =>
    assert.throws(
      () => upgradeRequestOf('/ws/tpl.yaml', [], flags(o), {}),
      (e: unknown) => e instanceof UsageError && re.test(e.message),
    );
  test('conflicts and bad numbers are usage errors', () => {
    usage({ stopOnFailure: true, maxFailures: '2' }, /cannot be used together/);
    usage({ rebuildTemplate: true, configureTemplate: true }, /cannot be used together/);
    usage({ parallel: '0' }, /--parallel 0: a whole number ≥ 1/);
    usage({ unsafe: true, healthCmd: 'true' }, /--unsafe/);
    usage({ snapshot: 'a/b' }, /--snapshot a\/b/);
  });
  test('the request: stop-on-failure is one failure; health options go to every rebuild', () => {
    const r = upgradeRequestOf(
      '/ws/tpl.yaml',
      [],
      flags({
        stopOnFailure: true,
        healthCmd: 'test -e /ok',
        parallel: '3',
        snapshot: true,
        rebuildTemplate: true,
      }),
      {},
    );
    assert.deepEqual(
      [r.maxFailures, r.parallel, r.snapshot, r.templateCommand, r.rebuild],
      [1, 3, true, 'rebuild', { healthCommand: 'test -e /ok' }],
    );
  });
});

describe('live status', () => {
  const p = {
    instance: 'web1',
    host: 'local',
    status: 'running' as const,
    step: 2,
    steps: 9,
    message: 'start web1',
  };
  test('without a terminal: a plain line whenever a clone changes, none when nothing does', () => {
    const out: string[] = [];
    const live = liveStatus((s) => out.push(s), { isTTY: false });
    live.update(p);
    live.update(p);
    live.update({ instance: 'web1', host: 'local', status: 'done' });
    assert.deepEqual(out, ['local/web1  running [2/9] start web1\n', 'local/web1  done\n']);
  });
  test('on a terminal: one line per clone, redrawn in place', () => {
    const out: string[] = [];
    const live = liveStatus((s) => out.push(s), { isTTY: true, columns: 80 });
    live.update({ ...p, instance: 'web1' });
    live.update({ ...p, instance: 'web2' });
    live.update({ instance: 'web1', host: 'local', status: 'done' });
    assert.equal(out[2], '\x1b[2A\x1b[2Klocal/web1  done\n\x1b[2Klocal/web2  running [2/9] start web1\n');
    assert.equal(progressLine({ instance: 'a', host: 'h', status: 'queued' }), 'h/a  queued');
  });
});

describe('clone progress', () => {
  test("a step is running; the safe rebuild's health step is health-check", () => {
    const step = { kind: 'sleep', description: 'wait', destructive: false, seconds: 1 } as const;
    assert.equal(progressOf('h', 'a', { type: 'step', index: 0, total: 3, step })!.status, 'running');
    const health = { ...step, kind: 'health' } as unknown as typeof step;
    assert.equal(
      progressOf('h', 'a', { type: 'step', index: 2, total: 3, step: health })!.status,
      'health-check',
    );
    assert.equal(progressOf('h', 'a', { type: 'done', index: 0, ms: 1 }), undefined);
  });
  test('outcomes: cancelled counts as failed; the summary counts each', () => {
    assert.equal(statusOf({ instance: 'a', config: '/a', status: 'cancelled' }), 'failed');
    assert.deepEqual(
      summaryOf([
        { instance: 'a', host: 'h', status: 'done' },
        { instance: 'b', host: 'h', status: 'skipped' },
        { instance: 'c', host: 'h', status: 'failed' },
      ]),
      { done: 1, reverted: 0, failed: 1, skipped: 1 },
    );
  });
});
