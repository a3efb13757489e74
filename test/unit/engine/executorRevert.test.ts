// The executor's part of safe rebuild: conditional steps, the revert block on a failure inside
// its range (and not outside it), a revert that fails, the health step, and a daemon that is busy
// with a killed run's operation. Recording doubles of the doors; no daemon.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  execute,
  RevertedError,
  StepFailedError,
  type ProgressEvent,
} from '../../../core/src/engine/executor';
import type { Plan, Step } from '../../../core/src/engine/plan';
import type { LxdRequest } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import {
  execOperation,
  hostStep,
  type JournalEntry,
  RecordingHostDouble,
  RecordingLxdDouble,
} from './support';

const lxd = (description: string, path: string, o: Partial<Step> = {}): Step =>
  ({
    kind: 'lxd',
    description,
    destructive: false,
    request: { method: 'PATCH', path, project: 'default', body: {} },
    ...o,
  }) as Step;

const instanceRecord = (name: string, config: Record<string, string> = {}, status = 'Stopped') => ({
  name,
  status,
  profiles: [],
  config,
  devices: {},
  expanded_config: {},
  expanded_devices: {},
});

function plan(steps: Step[], revert?: Plan['revert']): Plan {
  return {
    command: 'rebuild',
    config: '/ws/web1.yaml',
    instance: 'web1',
    container: 'web1',
    project: 'default',
    steps,
    notes: [],
    ...(revert ? { revert } : {}),
  };
}

/** An LXD double: `fail` paths answer 500, `exists` names are instances (with their config), others 404. */
function doors(o: { fail?: string[]; exists?: Record<string, Record<string, string>> } = {}) {
  const journal: JournalEntry[] = [];
  const respond = (r: LxdRequest) => {
    if (o.fail?.includes(r.path)) throw new LxdError('boom', 500, r.method, r.path);
    const m = /^\/1\.0\/instances\/([^/?]+)$/.exec(r.path);
    if (r.method === 'GET' && m) {
      const config = o.exists?.[decodeURIComponent(m[1]!)];
      if (!config) throw new LxdError('Instance not found', 404, r.method, r.path);
      return instanceRecord(decodeURIComponent(m[1]!), config);
    }
    return {};
  };
  return { journal, lxd: new RecordingLxdDouble(journal, respond), host: new RecordingHostDouble(journal) };
}

const changed = (journal: JournalEntry[]) =>
  journal.flatMap((e) => (e.door === 'lxd.call' && e.request.method !== 'GET' ? [e.request.path] : []));

describe('execute: conditional steps', () => {
  test('a step whose condition does not hold is skipped (reported), one whose condition holds runs', async () => {
    const d = doors({ exists: { 'web1-next': { 'user.lxdops.rebuild.state': 'pending' } } });
    const events: ProgressEvent[] = [];
    const isNew = (instance: string) => ({
      kind: 'instance' as const,
      instance,
      project: 'default',
      exists: true,
      config: { 'user.lxdops.rebuild.state': 'pending' },
    });
    await execute(
      plan([
        lxd('delete web1-next', '/1.0/instances/web1-next/x', { when: [isNew('web1-next')] }),
        lxd('delete web1', '/1.0/instances/web1/x', { when: [isNew('web1')] }),
      ]),
      d,
      { onEvent: (e) => events.push(e) },
    );
    assert.deepEqual(changed(d.journal), ['/1.0/instances/web1-next/x']);
    assert.deepEqual(
      events.filter((e) => e.type === 'skipped').map((e) => (e.type === 'skipped' ? e.index : -1)),
      [1],
    );
  });
});

describe('execute: a step with a fallback', () => {
  const stop = (o: Partial<Step> = {}) =>
    lxd('stop web1', '/1.0/instances/web1/state', {
      fallback: lxd('stop web1 (forced)', '/1.0/instances/web1/forced'),
      ...o,
    });

  test('when the step fails, its fallback runs instead and the plan goes on (the failure in the output)', async () => {
    const d = doors({ fail: ['/1.0/instances/web1/state'] });
    const outputs: string[] = [];
    await execute(plan([stop(), lxd('rename', '/1.0/c')]), d, {
      onEvent: (e) => e.type === 'output' && outputs.push(e.text),
    });
    assert.deepEqual(changed(d.journal), [
      '/1.0/instances/web1/state',
      '/1.0/instances/web1/forced',
      '/1.0/c',
    ]);
    assert.match(outputs.join('\n'), /stop web1 failed \(.*boom.*\): stop web1 \(forced\)/);
  });

  test('a step that succeeds does not run its fallback; a fallback that fails fails the step', async () => {
    const ok = doors();
    await execute(plan([stop()]), ok);
    assert.deepEqual(changed(ok.journal), ['/1.0/instances/web1/state']);
    const both = doors({ fail: ['/1.0/instances/web1/state', '/1.0/instances/web1/forced'] });
    await assert.rejects(execute(plan([stop(), lxd('rename', '/1.0/c')]), both), StepFailedError);
    assert.ok(!changed(both.journal).includes('/1.0/c'), 'nothing after the failed step ran');
  });
});

describe('execute: the revert block', () => {
  const steps = [
    lxd('create web1-next', '/1.0/a'),
    lxd('stop web1', '/1.0/b'),
    lxd('rename', '/1.0/c'),
    lxd('record success', '/1.0/d'),
  ];
  const revert = { from: 1, until: 2, steps: [lxd('undo 1', '/1.0/r1'), lxd('undo 2', '/1.0/r2')] };

  test('a failure inside the range runs every revert step, then RevertedError with the reason', async () => {
    const d = doors({ fail: ['/1.0/c'] });
    const events: string[] = [];
    await assert.rejects(
      execute(plan(steps, revert), d, {
        onEvent: (e) => void (e.type === 'revert' && events.push(`${e.index}/${e.total} after ${e.failed}`)),
      }),
      (e: unknown) =>
        e instanceof RevertedError &&
        e.index === 2 &&
        /boom/.test(e.reason) &&
        /Reverted: the old container/.test(e.message),
    );
    assert.deepEqual(changed(d.journal), ['/1.0/a', '/1.0/b', '/1.0/c', '/1.0/r1', '/1.0/r2']);
    assert.deepEqual(events, ['0/2 after 2', '1/2 after 2']);
  });

  test('a failure before the range or after it does not revert', async () => {
    for (const path of ['/1.0/a', '/1.0/d']) {
      const d = doors({ fail: [path] });
      await assert.rejects(
        execute(plan(steps, revert), d),
        (e: unknown) => e instanceof StepFailedError && !(e instanceof RevertedError),
      );
      assert.ok(!changed(d.journal).includes('/1.0/r1'), path);
    }
  });

  test('a revert step that fails stops the revert: a plain failure that says so and what to do', async () => {
    const d = doors({ fail: ['/1.0/b', '/1.0/r1'] });
    await assert.rejects(
      execute(plan(steps, revert), d),
      (e: unknown) =>
        e instanceof StepFailedError &&
        !(e instanceof RevertedError) &&
        /then its revert failed at step 1 of 2 \(undo 1\)/.test(e.message) &&
        /run the same command again/.test(e.message),
    );
    assert.ok(!changed(d.journal).includes('/1.0/r2'));
  });

  test('cancelled inside the range: reverted too, nothing is left half-done', async () => {
    const d = doors();
    const controller = new AbortController();
    await assert.rejects(
      execute(plan(steps, revert), d, {
        signal: controller.signal,
        onEvent: (e) => void (e.type === 'done' && e.index === 1 && controller.abort()),
      }),
      (e: unknown) => e instanceof RevertedError && e.reason === 'cancelled before this step',
    );
    assert.deepEqual(changed(d.journal), ['/1.0/a', '/1.0/b', '/1.0/r1', '/1.0/r2']);
  });
});

describe('execute: an instance busy with another operation', () => {
  test('the step is tried again until the operation is over', async () => {
    const journal: JournalEntry[] = [];
    let tries = 0;
    const double = new RecordingLxdDouble(journal, (r) => {
      if (++tries < 3)
        throw new LxdError(
          'Failed to create instance update operation: Instance is busy running a "stop" operation',
          400,
          r.method,
          r.path,
        );
      return {};
    });
    await execute(
      plan([lxd('record', '/1.0/instances/web1')]),
      { lxd: double, host: new RecordingHostDouble(journal) },
      { pollMs: 1 },
    );
    assert.equal(tries, 3);
  });
});

describe('execute: the health step', () => {
  const health = (command?: string, ipv4 = false): Step => ({
    kind: 'health',
    description: 'health check',
    destructive: false,
    instance: 'web1',
    project: 'default',
    ipv4,
    ...(command ? { command } : {}),
    timeoutSeconds: 1,
  });
  const state = (address: boolean) => ({
    status: 'Running',
    network: {
      eth0: { addresses: address ? [{ family: 'inet', address: '10.0.0.5', scope: 'global' }] : [] },
    },
  });

  function healthDoors(exitCode: number, address = true) {
    const journal: JournalEntry[] = [];
    const double = new RecordingLxdDouble(
      journal,
      (r) => (r.path.endsWith('/state') ? state(address) : execOperation(exitCode)),
      () => ({ status: 200, body: exitCode ? 'not ready\n' : '' }),
    );
    return { journal, lxd: double, host: new RecordingHostDouble(journal) };
  }

  test('running and the command exits 0: passes, the command ran as sh -c', async () => {
    const d = healthDoors(0);
    await execute(plan([health('test -f /ok')]), d, { pollMs: 1 });
    const exec = d.lxd.calls().find((r) => r.path.endsWith('/exec'));
    assert.deepEqual((exec?.body as { command: string[] }).command, ['sh', '-c', 'test -f /ok']);
  });

  test('a command that keeps failing: the step fails after the timeout with its exit status and output', async () => {
    await assert.rejects(
      execute(plan([hostStep('before', ['true']), health('exit 3')]), healthDoors(3), { pollMs: 1 }),
      (e: unknown) =>
        e instanceof StepFailedError &&
        /health check failed after 1 s: the health command exited with 3: not ready/.test(e.reason),
    );
  });

  test('no IPv4 address when one is asked for: fails and says so', async () => {
    await assert.rejects(
      execute(plan([health(undefined, true)]), healthDoors(0, false), { pollMs: 1 }),
      (e: unknown) =>
        e instanceof StepFailedError && /has no IPv4 address \(the old container had one\)/.test(e.reason),
    );
  });
});
