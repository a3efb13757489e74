// Safe rebuild plans (issue 11 §4, §5): the shape for every state a previous safe rebuild may
// have left, the revert block, retention, names too long, lxdops revert and cleanup of kept ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LaunchOptions } from '../../../core/src/engine/launchPlan';
import type { Plan, Step } from '../../../core/src/engine/plan';
import { PlanError } from '../../../core/src/engine/planError';
import { unfinished } from '../../../core/src/engine/safe/leftovers';
import { revertPlan } from '../../../core/src/engine/safe/revertPlan';
import type { KeptContainer, SafeState } from '../../../core/src/engine/safe/safeObserve';
import { safeRebuildPlan, type SafeOptions } from '../../../core/src/engine/safe/safeRebuildPlan';
import { stampTime } from '../../../core/src/engine/safe/safeNames';
import { cleanupPlan } from '../../../core/src/operations/cleanupPlan';
import { inst, lx, observed, specOf } from './support';

const ROOT = '/ws/web1.yaml';
const STAMP = '20261202101500';
const KEPT = `web1-kept-${STAMP}`;
const SAFETY = `lxdops-safe-${STAMP}`;
const HW = { 'volatile.eth0.hwaddr': '00:16:3e:aa:bb:cc', 'user.lxdops.config': ROOT };
const CONFIG = lx(
  'os:',
  '  name: alpine',
  '  image: busybox',
  'profiles: [default]',
  'filesystems:',
  '  host:',
  '    pattern: z/demo/host/(instance)',
  '  tmp:',
  '    pattern: z/demo/tmp/(instance)',
  '    transient: true',
  'devices:',
  '  home:',
  '    path: /home',
  '    filesystem: host',
  '  cache:',
  '    path: /var/cache',
  '    filesystem: tmp',
);
const spec = (name?: string) => specOf({ [ROOT]: CONFIG }, ROOT, name ? { name } : {});
const SAFE: SafeOptions = { stamp: STAMP, retention: 1, healthTimeoutSeconds: 60 };
const OPTIONS: LaunchOptions & { safe: SafeOptions } = { cloudConfigs: new Map(), safe: SAFE };

function world(o: { status?: string; config?: Record<string, string>; none?: boolean } = {}) {
  return observed({
    ...(o.none
      ? {}
      : {
          instance: inst('web1', o.status ?? 'Running', {
            profiles: ['default', 'web1.lxdops'],
            config: { ...HW, ...o.config },
          }),
        }),
    profiles: ['default', 'web1.lxdops'],
    datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
    paths: ['/z/demo/host/web1/home', '/z/demo/tmp/web1/cache'],
  });
}

function kept(
  name: string,
  state: string,
  o: { time?: string; safety?: string; status?: string } = {},
): KeptContainer {
  const safety = o.safety ?? `lxdops-safe-${name.slice(-14)}`;
  const time = o.time ?? stampTime(name.slice(-14));
  return {
    name,
    status: o.status ?? 'Stopped',
    time,
    safety,
    state,
    profiles: ['default', 'web1.lxdops'],
    config: {
      ...HW,
      'user.lxdops.kept.for': 'web1',
      'user.lxdops.kept.safety': safety,
      'user.lxdops.kept.state': state,
    },
  };
}

function safe(o: Partial<SafeState> = {}): SafeState {
  return { kept: [], safety: new Map(), ipv4: false, ...o };
}

const described = (list: readonly Step[]) => list.map((s) => s.description);
const lxdBody = (s: Step | undefined) => (s?.kind === 'lxd' ? s.request.body : undefined);

/** The rebuild proper of the old container `web1`, as a fresh safe rebuild lays it out. */
const FRESH = [
  'update profile web1.lxdops (2 disk devices)',
  'create container web1-next from busybox',
  'stop web1',
  `snapshot z/demo/host/web1@${SAFETY}`,
  'record on web1 that it is kept (user.lxdops.kept.state=pending)',
  `rename the old container web1 to ${KEPT} (kept)`,
  'rename the new container web1-next to web1',
  'start web1',
  'wait until web1 runs and accepts commands',
  'health check: web1 runs (within 60 s)',
  `${KEPT} is kept (user.lxdops.kept.state=kept)`,
  'the rebuild of web1 is done (user.lxdops.rebuild.state removed)',
];

describe('safe rebuild: a fresh one', () => {
  const plan = safeRebuildPlan(spec(), world(), safe(), OPTIONS);

  test('new container first under web1-next, then stop, safety snapshot of the non-transient dataset only, swap, start, health', () => {
    assert.deepEqual(described(plan.steps), FRESH);
    assert.deepEqual(lxdBody(plan.steps[1]), {
      name: 'web1-next',
      type: 'container',
      profiles: ['default', 'web1.lxdops'],
      config: {
        'volatile.eth0.hwaddr': '00:16:3e:aa:bb:cc',
        'user.lxdops.config': ROOT,
        'user.lxdops.next.for': 'web1',
        'user.lxdops.rebuild.state': 'pending',
      },
      devices: {},
      source: { type: 'image', alias: 'busybox' },
    });
    assert.deepEqual(lxdBody(plan.steps[4]), {
      config: {
        'user.lxdops.kept.for': 'web1',
        'user.lxdops.kept.time': '2026-12-02T10:15:00.000Z',
        'user.lxdops.kept.safety': SAFETY,
        'user.lxdops.kept.state': 'pending',
      },
    });
    // the temporary-name record goes with the pending state, once the rebuild is done
    assert.deepEqual(lxdBody(plan.steps.at(-1)), {
      config: {
        'user.lxdops.rebuild.state': '',
        'user.lxdops.rebuild.failure': '',
        'user.lxdops.next.for': '',
      },
    });
    assert.equal(plan.steps.filter((s) => s.destructive).length, 0, 'nothing is deleted');
  });

  test('the revert block covers the stop through the health check, and says what it does', () => {
    assert.equal(plan.revert?.from, 2);
    assert.equal(plan.revert?.until, 9);
    assert.deepEqual(described(plan.revert!.steps), [
      'stop web1-next (forced)',
      'delete the new container web1-next, if it is there (its root filesystem)',
      'stop web1 (forced)',
      'delete the new container web1, if it is there (its root filesystem)',
      `roll back to z/demo/host/web1@${SAFETY} (later snapshots of it are destroyed)`,
      `rename the kept container ${KEPT} back to web1`,
      'mark web1 reverted (user.lxdops.rebuild.state=reverted), its kept records removed',
      `remove the safety snapshot z/demo/host/web1@${SAFETY} (the data is back to it)`,
      'start web1',
    ]);
    // the new container is removed only where it carries its pending mark: never the old one
    assert.deepEqual(plan.revert!.steps[3]!.when, [
      {
        kind: 'instance',
        instance: 'web1',
        project: 'default',
        exists: true,
        config: { 'user.lxdops.rebuild.state': 'pending' },
      },
    ]);
    assert.deepEqual(plan.revert!.steps[5]!.when, [
      { kind: 'instance', instance: KEPT, project: 'default', exists: true },
      { kind: 'instance', instance: 'web1', project: 'default', exists: false },
    ]);
  });

  test('the confirmation says what is kept and until when', () => {
    assert.deepEqual(plan.keeps, [
      `the old container as ${KEPT} (stopped) and safety snapshots @${SAFETY} of z/demo/host/web1 until lxdops cleanup or the next rebuild beyond retention 1; lxdops revert brings it back`,
    ]);
  });

  test('the old container had an IPv4 address: the health check asks for one; a health command is run', () => {
    const p = safeRebuildPlan(spec(), world(), safe({ ipv4: true }), {
      ...OPTIONS,
      safe: { ...SAFE, healthCommand: 'wget -q -O- localhost', healthTimeoutSeconds: 5 },
    });
    const health = p.steps.find((s) => s.kind === 'health');
    assert.deepEqual(health, {
      kind: 'health',
      description: 'health check: web1 runs, has an IPv4 address, passes the health command (within 5 s)',
      destructive: false,
      instance: 'web1',
      project: 'default',
      ipv4: true,
      command: 'wget -q -O- localhost',
      timeoutSeconds: 5,
    });
  });

  test('a stopped old container is not stopped again, and the revert does not start it', () => {
    const p = safeRebuildPlan(spec(), world({ status: 'Stopped' }), safe(), OPTIONS);
    assert.ok(!described(p.steps).includes('stop web1'));
    assert.ok(!described(p.revert!.steps).includes('start web1'));
  });

  test('retention: older kept generations beyond it are removed after the success, listed as destructive', () => {
    const older = [kept('web1-kept-20261201000000', 'kept'), kept('web1-kept-20261130000000', 'kept')];
    const state = safe({
      kept: older,
      safety: new Map([
        ['lxdops-safe-20261201000000', ['z/demo/host/web1']],
        ['lxdops-safe-20261130000000', ['z/demo/host/web1']],
      ]),
    });
    const one = safeRebuildPlan(spec(), world(), state, OPTIONS);
    assert.deepEqual(described(one.steps.filter((s) => s.destructive)), [
      'delete the kept container web1-kept-20261201000000 (kept 2026-12-01T00:00:00.000Z, with its root filesystem and LXD snapshots)',
      'destroy the safety snapshot z/demo/host/web1@lxdops-safe-20261201000000',
      'delete the kept container web1-kept-20261130000000 (kept 2026-11-30T00:00:00.000Z, with its root filesystem and LXD snapshots)',
      'destroy the safety snapshot z/demo/host/web1@lxdops-safe-20261130000000',
    ]);
    assert.ok(
      one.revert!.until < one.steps.findIndex((s) => s.destructive),
      'removing old generations never reverts',
    );
    const two = safeRebuildPlan(spec(), world(), state, { ...OPTIONS, safe: { ...SAFE, retention: 2 } });
    assert.deepEqual(
      described(two.steps.filter((s) => s.destructive)).map((d) => d.split(' (')[0]),
      [
        'delete the kept container web1-kept-20261130000000',
        'destroy the safety snapshot z/demo/host/web1@lxdops-safe-20261130000000',
      ],
    );
  });

  test('names too long: refused before planning, with a code and what to do', () => {
    const long = `w${'x'.repeat(43)}`;
    assert.throws(
      () =>
        safeRebuildPlan(
          spec(long),
          observed({ instance: inst(long, 'Running'), profiles: ['default'] }),
          safe(),
          OPTIONS,
        ),
      (e: unknown) =>
        e instanceof PlanError &&
        e.code === 'rebuild-name-too-long' &&
        /at most 43/.test(e.message) &&
        /--unsafe/.test(e.message),
    );
    const fits = 'w'.repeat(43);
    assert.doesNotThrow(() =>
      safeRebuildPlan(
        spec(fits),
        observed({ instance: inst(fits, 'Running'), profiles: ['default'] }),
        safe(),
        OPTIONS,
      ),
    );
  });

  test('no container under the name and nothing kept: it is launched', () => {
    const p = safeRebuildPlan(spec(), world({ none: true }), safe(), OPTIONS);
    assert.equal(p.revert, undefined);
    assert.ok(described(p.steps).includes('create container web1 from busybox'));
    assert.match(p.notes.join('\n'), /web1 does not exist: nothing to keep/);
  });
});

describe('safe rebuild: what an interrupted one left is undone or finished first', () => {
  const next = {
    name: 'web1-next',
    status: 'Stopped',
    config: { 'user.lxdops.next.for': 'web1', 'user.lxdops.rebuild.state': 'pending' },
  };
  /** The steps before the rebuild proper (which starts with the profile update). */
  const prefixOf = (p: Plan) => described(p.steps.slice(0, described(p.steps).indexOf(FRESH[0]!)));

  test('a web1-next left (killed before the old one was touched): removed, then the rebuild', () => {
    const p = safeRebuildPlan(spec(), world(), safe({ next }), OPTIONS);
    assert.deepEqual(described(p.steps.slice(-FRESH.length)), FRESH);
    assert.deepEqual(prefixOf(p), [
      'stop web1-next (forced)',
      'delete the new container web1-next, if it is there (its root filesystem)',
      'stop web1 (forced)',
      'delete the new container web1, if it is there (its root filesystem)',
      'remove the kept records of web1',
    ]);
    assert.equal(p.revert!.from, 5 + 2, 'the revert block is counted in the whole plan');
    assert.match(p.notes[0]!, /web1-next is left from a safe rebuild that did not finish/);
  });

  test('web1 carries its kept records but was not renamed: undone with its safety snapshot', () => {
    const config = {
      'user.lxdops.kept.for': 'web1',
      'user.lxdops.kept.state': 'pending',
      'user.lxdops.kept.safety': 'lxdops-safe-20261202090000',
    };
    const p = safeRebuildPlan(spec(), world({ status: 'Stopped', config }), safe({ next }), OPTIONS);
    assert.deepEqual(prefixOf(p).slice(4), [
      'roll back to z/demo/host/web1@lxdops-safe-20261202090000 (later snapshots of it are destroyed)',
      'remove the kept records of web1',
      'remove the safety snapshot z/demo/host/web1@lxdops-safe-20261202090000 (the data is back to it)',
    ]);
    assert.ok(!described(p.steps).includes('stop web1'), 'the old one is stopped already');
  });

  test('no web1 at all, a pending kept one (killed between the two renames): it comes back, then the rebuild', () => {
    const pending = kept('web1-kept-20261202090000', 'pending');
    const p = safeRebuildPlan(spec(), world({ none: true }), safe({ next, kept: [pending] }), OPTIONS);
    assert.ok(prefixOf(p).includes('rename the kept container web1-kept-20261202090000 back to web1'));
    assert.ok(!prefixOf(p).includes('start web1'), 'not started: the rebuild follows');
    // the new container gets the kept one's MAC and profiles, as it would have got the old one's
    const create = p.steps.find((s) => s.description === 'create container web1-next from busybox');
    assert.deepEqual(lxdBody(create), lxdBody(safeRebuildPlan(spec(), world(), safe(), OPTIONS).steps[1]));
    assert.ok(!described(p.steps).includes('stop web1'), 'the kept one is stopped');
  });

  test('web1 is the new, pending container and the old is kept pending (killed before the health check passed): undone', () => {
    const pending = kept('web1-kept-20261202090000', 'pending');
    const p = safeRebuildPlan(
      spec(),
      world({ config: { 'user.lxdops.rebuild.state': 'pending' } }),
      safe({ kept: [pending], safety: new Map([['lxdops-safe-20261202090000', ['z/demo/host/web1']]]) }),
      OPTIONS,
    );
    assert.deepEqual(prefixOf(p).slice(2), [
      'stop web1 (forced)',
      'delete the new container web1, if it is there (its root filesystem)',
      'roll back to z/demo/host/web1@lxdops-safe-20261202090000 (later snapshots of it are destroyed)',
      'rename the kept container web1-kept-20261202090000 back to web1',
      'remove the kept records of web1',
      'remove the safety snapshot z/demo/host/web1@lxdops-safe-20261202090000 (the data is back to it)',
    ]);
  });

  test('web1 pending but its kept one already kept (killed after the health check passed): only finished', () => {
    const done = kept('web1-kept-20261202090000', 'kept');
    const p = safeRebuildPlan(
      spec(),
      world({ config: { 'user.lxdops.rebuild.state': 'pending' } }),
      safe({ kept: [done] }),
      OPTIONS,
    );
    assert.deepEqual(described(p.steps), ['the rebuild of web1 is done (user.lxdops.rebuild.state removed)']);
    assert.equal(p.revert, undefined);
  });

  test('leftover safety snapshots no kept container refers to are destroyed (listed)', () => {
    const p = safeRebuildPlan(
      spec(),
      world(),
      safe({ safety: new Map([['lxdops-safe-20261202080000', ['z/demo/host/web1']]]) }),
      OPTIONS,
    );
    assert.deepEqual(described(p.steps.filter((s) => s.destructive)), [
      'destroy the leftover safety snapshot z/demo/host/web1@lxdops-safe-20261202080000 (no kept container refers to it)',
    ]);
  });

  test('a web1-next lxdops did not make, and a pending kept one beside a web1 that is not the new one: refused', () => {
    const foreign = { name: 'web1-next', status: 'Running', config: {} };
    assert.throws(
      () => safeRebuildPlan(spec(), world(), safe({ next: foreign }), OPTIONS),
      /no safe rebuild of web1 made/,
    );
    assert.throws(
      () =>
        safeRebuildPlan(
          spec(),
          world(),
          safe({ kept: [kept('web1-kept-20261202090000', 'pending')] }),
          OPTIONS,
        ),
      (e: unknown) => e instanceof PlanError && e.code === 'rebuild-unfinished',
    );
  });

  test('unfinished: what rebuild --unsafe refuses to take over', () => {
    assert.equal(unfinished(world(), safe()), false);
    assert.equal(unfinished(world(), safe({ next })), true);
    assert.equal(unfinished(world({ config: { 'user.lxdops.rebuild.state': 'pending' } }), safe()), true);
    assert.equal(unfinished(world(), safe({ kept: [kept('web1-kept-20261202090000', 'pending')] })), true);
    assert.equal(unfinished(world(), safe({ kept: [kept('web1-kept-20261202090000', 'kept')] })), false);
  });
});

describe('lxdops revert', () => {
  const last = kept('web1-kept-20261202090000', 'kept');
  const older = kept('web1-kept-20261201090000', 'kept');
  const snaps = new Map([
    ['lxdops-safe-20261202090000', ['z/demo/host/web1']],
    ['lxdops-safe-20261201090000', ['z/demo/host/web1']],
  ]);

  test('the newest kept container comes back; the current one and the newer data are listed as lost', () => {
    const p = revertPlan(spec(), world(), safe({ kept: [last, older], safety: snaps }));
    assert.deepEqual(described(p.steps.filter((s) => s.destructive)), [
      'delete the current container web1 (the rebuilt one: its root filesystem and LXD snapshots)',
      'delete the new container web1-next, if it is there (its root filesystem)',
      'delete the new container web1, if it is there (its root filesystem)',
      'roll back to z/demo/host/web1@lxdops-safe-20261202090000 (later snapshots of it are destroyed): what was written since the rebuild is lost',
    ]);
    assert.ok(described(p.steps).includes('rename the kept container web1-kept-20261202090000 back to web1'));
    assert.equal(described(p.steps).at(-1), 'start web1');
    assert.match(p.notes.join('\n'), /older kept containers stay: web1-kept-20261201090000/);
  });

  test('nothing kept: refused with nothing-to-revert; a missing safety snapshot: refused', () => {
    assert.throws(
      () => revertPlan(spec(), world(), safe()),
      (e: unknown) => e instanceof PlanError && e.code === 'nothing-to-revert',
    );
    assert.throws(
      () => revertPlan(spec(), world(), safe({ kept: [last] })),
      /safety snapshot lxdops-safe-20261202090000 of web1-kept-20261202090000 is missing on z\/demo\/host\/web1/,
    );
  });
});

describe('cleanup of what safe rebuilds kept', () => {
  const base = {
    datasets: new Map<string, string | undefined>(),
    containerStatus: 'Running',
    recordedStatus: 'ok',
  };

  test('a healthy instance: only the kept containers whose rebuild finished and their safety snapshots; a pending one stays', () => {
    const p = cleanupPlan(spec(), {
      ...base,
      kept: [kept('web1-kept-20261202090000', 'kept'), kept('web1-kept-20261202100000', 'pending')],
      safety: new Map([
        ['lxdops-safe-20261202090000', ['z/demo/host/web1']],
        ['lxdops-safe-20261202100000', ['z/demo/host/web1']],
        ['lxdops-safe-20261202080000', ['z/demo/host/web1']],
      ]),
    });
    assert.deepEqual(described(p.steps), [
      'delete the kept container web1-kept-20261202090000 (kept 2026-12-02T09:00:00.000Z, with its root filesystem and LXD snapshots)',
      'destroy the safety snapshot z/demo/host/web1@lxdops-safe-20261202090000',
      'destroy the leftover safety snapshot z/demo/host/web1@lxdops-safe-20261202080000 (no kept container refers to it)',
    ]);
    assert.match(p.notes.join('\n'), /web1-kept-20261202100000 is kept: its rebuild did not finish/);
  });

  test('a healthy instance with nothing kept: refused as before', () => {
    assert.throws(
      () => cleanupPlan(spec(), { ...base, kept: [], safety: new Map() }),
      /cleanup is for a launch that did not finish/,
    );
  });
});
