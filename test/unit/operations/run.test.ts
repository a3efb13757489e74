// run() and its record through recording doubles: each instance's outcome, the record on the
// container, the question after a failure, and what is skipped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Plan, Step } from '../../../core/src/engine/plan';
import type { LxdRequest } from '../../../core/src/lxd/lxdClient';
import { recordRequest } from '../../../core/src/operations/record';
import { run } from '../../../core/src/operations/run';
import type { InstanceOutcome, OperationEnv, Prepared } from '../../../core/src/operations/types';
import {
  execOperation,
  execStep,
  hostStep,
  type JournalEntry,
  RecordingHostDouble,
  RecordingLxdDouble,
} from '../engine/support';
import { request } from './world';

const NOW = new Date('2026-12-01T12:00:00Z');

const planOf = (instance: string, steps: Step[], command = 'launch'): Plan => ({
  command,
  config: `/ws/${instance}.yaml`,
  instance,
  container: instance,
  project: 'default',
  steps,
  notes: [],
});

const preparedOf = (plans: Plan[]): Prepared => ({
  request: request(
    'launch',
    plans.map((p) => p.config),
  ),
  plans: plans.map((plan) => ({ root: undefined as never, plan, destructive: [], warnings: [] })),
  notes: [],
});

/** Doors where `exec` in an instance exits with `exitCodes[instance]` (0 when unset); host commands exit 0 unless their argv has `fail`. */
function doors(exitCodes: Record<string, number> = {}) {
  const journal: JournalEntry[] = [];
  const lxd = new RecordingLxdDouble(
    journal,
    (r: LxdRequest) => {
      const m = /^\/1\.0\/instances\/([^/]+)\/exec$/.exec(r.path);
      return m ? execOperation(exitCodes[m[1]!] ?? 0, m[1]) : {};
    },
    (r) => ({ status: 200, body: r.path.endsWith('.stderr') ? 'E: no such package\n' : '' }),
  );
  const host = new RecordingHostDouble(journal, (c) =>
    c.argv.includes('fail')
      ? { exitCode: 1, stdout: '', stderr: 'zfs: cannot create' }
      : { exitCode: 0, stdout: '', stderr: '' },
  );
  const env: OperationEnv = { workspace: () => undefined as never, doors: { lxd, host }, now: () => NOW };
  const records = () =>
    lxd.calls().filter((r) => r.method === 'PATCH' && (r.body as { config?: object }).config) as LxdRequest[];
  return { env, journal, lxd, records };
}

const RUNCMD = execStep('run `apt install x`', ['sh', '-c', 'apt install x'], { instance: 'web1' });
const CREATE = hostStep('create ZFS filesystem z/x', ['zfs', 'create', 'z/x']);
const FAILING_CREATE = hostStep('create ZFS filesystem z/fail', ['zfs', 'create', 'fail']);

describe('run: outcomes and records', () => {
  test('a failed runcmd records configure-failed with the step and the output tail; the outcome says failed', async () => {
    const d = doors({ web1: 100 });
    const [outcome] = await run(preparedOf([planOf('web1', [CREATE, RUNCMD])]), d.env);
    assert.equal(outcome!.status, 'failed');
    assert.match(outcome!.message ?? '', /step 2 of 2 failed/);
    assert.deepEqual(d.records(), [
      {
        method: 'PATCH',
        path: '/1.0/instances/web1',
        project: 'default',
        body: {
          config: {
            'user.lxdops.status': 'configure-failed',
            'user.lxdops.applied': 'launch (2 steps)',
            'user.lxdops.time': '2026-12-01T12:00:00.000Z',
            'user.lxdops.failed-step': '2/2 run `apt install x`',
            'user.lxdops.failure': "sh -c 'apt install x' exited with 100: E: no such package",
          },
        },
      },
    ]);
  });

  test('a success records ok and clears an earlier failure (empty values remove the keys)', async () => {
    const d = doors();
    const [outcome] = await run(preparedOf([planOf('web1', [RUNCMD])]), d.env);
    assert.equal(outcome!.status, 'done');
    const config = (d.records()[0]!.body as { config: Record<string, string> }).config;
    assert.equal(config['user.lxdops.status'], 'ok');
    assert.equal(config['user.lxdops.failed-step'], '');
    assert.equal(config['user.lxdops.failure'], '');
  });

  test('a host failure is `failed`, not `configure-failed`', () => {
    const failure = { index: 0, step: FAILING_CREATE, reason: 'zfs: cannot create' } as never;
    const r = recordRequest(planOf('web1', [FAILING_CREATE]), failure, NOW);
    assert.equal((r.body as { config: Record<string, string> }).config['user.lxdops.status'], 'failed');
  });

  test('commands that do not apply the config record nothing (snapshot)', async () => {
    const d = doors();
    await run(preparedOf([planOf('web1', [CREATE], 'snapshot')]), d.env);
    assert.deepEqual(d.records(), []);
  });
});

describe('run: several instances', () => {
  const three = () =>
    preparedOf([planOf('a', [FAILING_CREATE]), planOf('b', [CREATE]), planOf('c', [CREATE])]);

  test('after a failure the front end is asked, with the instances not started; "no" skips them', async () => {
    const d = doors();
    const asked: [string, string[]][] = [];
    const outcomes = await run(three(), d.env, {
      continueAfterFailure: async (failed: InstanceOutcome, remaining) => {
        asked.push([failed.instance, remaining]);
        return false;
      },
    });
    assert.deepEqual(asked, [['a', ['b', 'c']]]);
    assert.deepEqual(
      outcomes.map((o) => [o.instance, o.status]),
      [
        ['a', 'failed'],
        ['b', 'skipped'],
        ['c', 'skipped'],
      ],
    );
    assert.equal(d.journal.filter((e) => e.door === 'host.run').length, 1, 'b and c ran nothing');
  });

  test('"yes" goes on with the rest', async () => {
    const d = doors();
    const outcomes = await run(three(), d.env, { continueAfterFailure: async () => true });
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['failed', 'done', 'done'],
    );
  });

  test('without anyone to ask, the run stops after the failure', async () => {
    const outcomes = await run(three(), doors().env);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['failed', 'skipped', 'skipped'],
    );
  });

  test('a cancelled run stops before the next step and the rest is skipped', async () => {
    const abort = new AbortController();
    abort.abort();
    const outcomes = await run(three(), doors().env, { signal: abort.signal });
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['cancelled', 'skipped', 'skipped'],
    );
  });
});
