// execute(): runs a plan through RECORDING DOUBLES of the two doors (LxdApi, HostRunner). No daemon,
// no process: the doubles journal every call and answer from the test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, type ProgressEvent, StepFailedError } from '../../../core/src/engine/executor';
import type { Plan, Step } from '../../../core/src/engine/plan';
import type { LxdRequest } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import {
  execOperation,
  execStep,
  hostStep,
  type JournalEntry,
  lxdStep,
  pushStep,
  RecordingHostDouble,
  RecordingLxdDouble,
  waitIpv4,
  waitRunning,
} from './support';

const planOf = (steps: Step[], project = 'default'): Plan => ({
  command: 'launch',
  config: '/ws/web1.yaml',
  instance: 'web1',
  container: 'web1',
  project,
  steps,
  notes: [],
});

/** Events without timings, for exact comparison. */
function recorder() {
  const events: ProgressEvent[] = [];
  const shape = () =>
    events.map((e) => {
      switch (e.type) {
        case 'start':
        case 'finished':
          return { type: e.type, plan: e.plan.command };
        case 'step':
          return { type: e.type, index: e.index, total: e.total, step: e.step.description };
        case 'output':
          return { type: e.type, index: e.index, text: e.text };
        case 'done':
          return { type: e.type, index: e.index };
        case 'failed':
          return { type: e.type, index: e.index, step: e.step.description, message: e.message };
        case 'skipped':
          return { type: e.type, index: e.index, step: e.step.description };
        case 'revert':
          return { type: e.type, index: e.index, step: e.step.description, failed: e.failed };
      }
    });
  return { onEvent: (e: ProgressEvent) => void events.push(e), events, shape };
}

const EXEC_PATH = '/1.0/instances/web1/exec';
const isExec = (r: LxdRequest) => r.method === 'POST' && r.path === EXEC_PATH;
const execBody = (command: string[]) => ({
  command,
  environment: {},
  interactive: false,
  'wait-for-websocket': false,
  'record-output': true,
});

/** LXD double answering exec with the given status and logs; everything else with {}. */
function lxdWithExec(
  journal: JournalEntry[],
  exitCode: number,
  stdout = '',
  stderr = '',
  other: (r: LxdRequest) => unknown = () => ({}),
) {
  return new RecordingLxdDouble(
    journal,
    (r) => (isExec(r) ? execOperation(exitCode) : other(r)),
    (r) =>
      r.method === 'GET' && r.path.endsWith('.stdout')
        ? { status: 200, body: stdout }
        : r.method === 'GET' && r.path.endsWith('.stderr')
          ? { status: 200, body: stderr }
          : { status: 200 },
  );
}

describe('execute: order, doors and progress events', () => {
  test('every step runs in order through the right door; events start / step / output / done / finished', async () => {
    const journal: JournalEntry[] = [];
    const lxd = lxdWithExec(journal, 0, 'OK\n');
    const host = new RecordingHostDouble(journal, (c) => ({
      exitCode: 0,
      stdout: c.argv[0] === 'zfs' ? 'created\n' : '',
      stderr: '',
    }));
    const steps: Step[] = [
      hostStep('create ZFS filesystem z/x', ['zfs', 'create', '-p', 'z/x']),
      lxdStep('create profile p', 'POST', '/1.0/profiles', 'default', { name: 'p' }),
      execStep('install curl', ['apk', 'add', 'curl']),
      hostStep('give /z/x to 1:1', ['chown', '1:1', '--', '/z/x']),
      { kind: 'sleep', description: 'wait 0 s', destructive: false, seconds: 0 },
    ];
    const plan = planOf(steps);
    const r = recorder();
    await execute(plan, { lxd, host }, { onEvent: r.onEvent });

    assert.deepEqual(
      journal.filter((e) => e.door !== 'lxd.raw'),
      [
        { door: 'host.run', command: { argv: ['zfs', 'create', '-p', 'z/x'], sudo: true } },
        {
          door: 'lxd.call',
          request: { method: 'POST', path: '/1.0/profiles', project: 'default', body: { name: 'p' } },
        },
        {
          door: 'lxd.call',
          request: {
            method: 'POST',
            path: EXEC_PATH,
            project: 'default',
            body: execBody(['apk', 'add', 'curl']),
          },
        },
        { door: 'host.run', command: { argv: ['chown', '1:1', '--', '/z/x'], sudo: true } },
      ],
    );
    // the recorded output is read, then removed, between the exec and the next step
    const raws = journal.flatMap((e, i) =>
      e.door === 'lxd.raw' ? [{ i, m: e.request.method, p: e.request.path }] : [],
    );
    assert.deepEqual(raws.map((x) => `${x.m} ${x.p}`).sort(), [
      'DELETE /1.0/instances/web1/logs/exec_1.stderr',
      'DELETE /1.0/instances/web1/logs/exec_1.stdout',
      'GET /1.0/instances/web1/logs/exec_1.stderr',
      'GET /1.0/instances/web1/logs/exec_1.stdout',
    ]);
    const execAt = journal.findIndex((e) => e.door === 'lxd.call' && isExec(e.request));
    const chownAt = journal.findIndex((e) => e.door === 'host.run' && e.command.argv[0] === 'chown');
    assert.ok(raws.every((x) => x.i > execAt && x.i < chownAt));

    assert.deepEqual(r.shape(), [
      { type: 'start', plan: 'launch' },
      { type: 'step', index: 0, total: 5, step: 'create ZFS filesystem z/x' },
      { type: 'output', index: 0, text: 'created\n' },
      { type: 'done', index: 0 },
      { type: 'step', index: 1, total: 5, step: 'create profile p' },
      { type: 'done', index: 1 },
      { type: 'step', index: 2, total: 5, step: 'install curl' },
      { type: 'output', index: 2, text: 'OK\n' },
      { type: 'done', index: 2 },
      { type: 'step', index: 3, total: 5, step: 'give /z/x to 1:1' },
      { type: 'done', index: 3 },
      { type: 'step', index: 4, total: 5, step: 'wait 0 s' },
      { type: 'done', index: 4 },
      { type: 'finished', plan: 'launch' },
    ]);
    assert.equal(r.events[0]!.type === 'start' && r.events[0]!.plan, plan);
  });

  test('an empty plan: start and finished only', async () => {
    const journal: JournalEntry[] = [];
    const r = recorder();
    await execute(
      planOf([]),
      { lxd: new RecordingLxdDouble(journal), host: new RecordingHostDouble(journal) },
      { onEvent: r.onEvent },
    );
    assert.deepEqual(r.shape(), [
      { type: 'start', plan: 'launch' },
      { type: 'finished', plan: 'launch' },
    ]);
    assert.deepEqual(journal, []);
  });
});

describe('execute: the first failing step stops the plan', () => {
  const three = (): Step[] => [
    hostStep('create ZFS filesystem z/a', ['zfs', 'create', '-p', 'z/a']),
    hostStep('create ZFS filesystem z/b', ['zfs', 'create', '-p', 'z/b']),
    hostStep('create ZFS filesystem z/c', ['zfs', 'create', '-p', 'z/c']),
  ];

  test('a host command that exits non-zero: StepFailedError naming step i of n and the reason; later steps never run', async () => {
    const journal: JournalEntry[] = [];
    const host = new RecordingHostDouble(journal, (c) =>
      c.argv.includes('z/b')
        ? { exitCode: 1, stdout: '', stderr: "cannot create 'z/b': pool is full\n" }
        : { exitCode: 0, stdout: '', stderr: '' },
    );
    const plan = planOf(three());
    const r = recorder();
    await assert.rejects(
      execute(plan, { lxd: new RecordingLxdDouble(journal), host }, { onEvent: r.onEvent }),
      (e: unknown) => {
        assert.ok(e instanceof StepFailedError);
        assert.equal(e.name, 'StepFailedError');
        assert.equal(e.index, 1);
        assert.equal(e.plan, plan);
        assert.equal(e.step, plan.steps[1]);
        assert.equal(e.reason, "zfs create -p z/b exited with 1: cannot create 'z/b': pool is full");
        assert.equal(
          e.message,
          "launch web1: step 2 of 3 failed (create ZFS filesystem z/b): zfs create -p z/b exited with 1: cannot create 'z/b': pool is full. Steps before it are done; run the same command again to continue.",
        );
        return true;
      },
    );
    assert.deepEqual(
      journal.map((e) => e.door === 'host.run' && e.command.argv.at(-1)),
      ['z/a', 'z/b'],
    );
    assert.deepEqual(r.shape(), [
      { type: 'start', plan: 'launch' },
      { type: 'step', index: 0, total: 3, step: 'create ZFS filesystem z/a' },
      { type: 'done', index: 0 },
      { type: 'step', index: 1, total: 3, step: 'create ZFS filesystem z/b' },
      {
        type: 'failed',
        index: 1,
        step: 'create ZFS filesystem z/b',
        message: "zfs create -p z/b exited with 1: cannot create 'z/b': pool is full",
      },
    ]);
  });

  test('a host failure without stderr: the exit status alone', async () => {
    const journal: JournalEntry[] = [];
    const host = new RecordingHostDouble(journal, () => ({ exitCode: 2, stdout: '', stderr: '  \n' }));
    await assert.rejects(
      execute(planOf(three()), { lxd: new RecordingLxdDouble(journal), host }),
      (e: unknown) =>
        e instanceof StepFailedError && e.index === 0 && e.reason === 'zfs create -p z/a exited with 2',
    );
  });

  test("an LXD error: the reason is LXD's message", async () => {
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(journal, (r) => {
      throw new LxdError('Profile not found', 404, r.method, r.path);
    });
    const steps = [
      lxdStep('set the profiles of web1: a', 'PATCH', '/1.0/instances/web1', 'default', { profiles: ['a'] }),
      hostStep('after', ['true']),
    ];
    await assert.rejects(
      execute(planOf(steps), { lxd, host: new RecordingHostDouble(journal) }),
      (e: unknown) => e instanceof StepFailedError && e.index === 0 && e.reason === 'Profile not found',
    );
    assert.equal(
      journal.some((e) => e.door === 'host.run'),
      false,
    );
  });
});

describe('execute: accepted statuses', () => {
  const deleting = (status: number) => {
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(journal, (r) => {
      if (r.method === 'DELETE')
        throw new LxdError(status === 404 ? 'Not Found' : 'Internal error', status, r.method, r.path);
      return {};
    });
    return { journal, lxd, host: new RecordingHostDouble(journal) };
  };
  const DELETE_STEP = lxdStep(
    'delete container web1 (its root filesystem and LXD snapshots)',
    'DELETE',
    '/1.0/instances/web1',
    'default',
    undefined,
    { destructive: true, accept: [404] },
  );

  test('404 on a step that accepts it counts as done; the plan goes on', async () => {
    const d = deleting(404);
    const r = recorder();
    await execute(planOf([DELETE_STEP, hostStep('after', ['true'])]), d, { onEvent: r.onEvent });
    assert.equal(d.journal.filter((e) => e.door === 'host.run').length, 1);
    assert.equal(r.events.at(-1)!.type, 'finished');
  });

  test('404 on a step that does not accept it fails', async () => {
    const d = deleting(404);
    const { accept: _accept, ...strict } = DELETE_STEP as Extract<Step, { kind: 'lxd' }>;
    await assert.rejects(
      execute(planOf([strict]), d),
      (e: unknown) => e instanceof StepFailedError && e.reason === 'Not Found',
    );
  });

  test('another status on a step that accepts 404 fails', async () => {
    await assert.rejects(
      execute(planOf([DELETE_STEP]), deleting(500)),
      (e: unknown) => e instanceof StepFailedError && e.reason === 'Internal error',
    );
  });
});

describe('execute: exec steps', () => {
  test('a long command and a long stderr are cut with … where they were cut, not mid-message', async () => {
    const script = `echo "${'x'.repeat(300)}"; exit 1`;
    const stderr = `first line\n${'y'.repeat(600)}\nlast line\n`;
    const journal: JournalEntry[] = [];
    await assert.rejects(
      execute(planOf([execStep('run command 1', ['sh', '-c', script])]), {
        lxd: lxdWithExec(journal, 1, '', stderr),
        host: new RecordingHostDouble(journal),
      }),
      (e: unknown) => {
        assert.ok(e instanceof StepFailedError);
        const [command, said] = e.reason.split(' exited with 1: ');
        assert.equal(command!.length, 200);
        assert.ok(command!.startsWith(`sh -c 'echo "xxx`) && command!.endsWith('…'), command);
        assert.equal(said!.length, 500);
        assert.ok(said!.startsWith('…') && said!.endsWith('last line'), said);
        return true;
      },
    );
  });

  test('a non-zero exit fails with the command and the end of stderr; the output is reported first', async () => {
    const journal: JournalEntry[] = [];
    const r = recorder();
    await assert.rejects(
      execute(
        planOf([execStep('run command 1', ['sh', '-c', 'exit 3'])]),
        { lxd: lxdWithExec(journal, 3, 'partial\n', 'boom\n'), host: new RecordingHostDouble(journal) },
        { onEvent: r.onEvent },
      ),
      (e: unknown) => e instanceof StepFailedError && e.reason === "sh -c 'exit 3' exited with 3: boom",
    );
    assert.deepEqual(
      r.shape().filter((e) => e.type === 'output'),
      [{ type: 'output', index: 0, text: 'partial\nboom\n' }],
    );
  });

  test('a secret step never shows its command, its output or its stderr', async () => {
    const journal: JournalEntry[] = [];
    const r = recorder();
    const step = execStep(
      'install the ssh keys of bob',
      ['sh', '-c', 'cat > f <<EOF\nssh-ed25519 AAAASECRET\nEOF'],
      { secret: true },
    );
    await assert.rejects(
      execute(
        planOf([step]),
        {
          lxd: lxdWithExec(journal, 1, 'AAAASECRET stdout', 'AAAASECRET in stderr'),
          host: new RecordingHostDouble(journal),
        },
        { onEvent: r.onEvent },
      ),
      (e: unknown) => {
        assert.ok(e instanceof StepFailedError);
        assert.equal(e.reason, 'install the ssh keys of bob exited with 1');
        assert.ok(!e.message.includes('AAAA'));
        return true;
      },
    );
    assert.equal(
      r.events.some((e) => e.type === 'output'),
      false,
    );
    assert.ok(!JSON.stringify(r.shape()).includes('AAAA'));
  });

  test('a secret step that succeeds reports no output either', async () => {
    const journal: JournalEntry[] = [];
    const r = recorder();
    await execute(
      planOf([execStep('install the ssh keys of bob', ['sh', '-c', 'x'], { secret: true })]),
      { lxd: lxdWithExec(journal, 0, 'AAAASECRET'), host: new RecordingHostDouble(journal) },
      { onEvent: r.onEvent },
    );
    assert.equal(
      r.events.some((e) => e.type === 'output'),
      false,
    );
  });

  test('exec in a non-default project carries the project on every request', async () => {
    const journal: JournalEntry[] = [];
    await execute(planOf([execStep('x', ['true'], { project: 'web' })], 'web'), {
      lxd: lxdWithExec(journal, 0),
      host: new RecordingHostDouble(journal),
    });
    assert.ok(journal.length > 0);
    for (const e of journal)
      assert.equal(
        e.door !== 'host.run' && e.door !== 'host.exists' && e.door !== 'host.inspect' && e.request.project,
        'web',
      );
  });
});

describe('execute: push-file', () => {
  const pushed = async (step: Step, status = 200, body = '') => {
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(
      journal,
      () => ({}),
      () => ({ status, body }),
    );
    await execute(planOf([step]), { lxd, host: new RecordingHostDouble(journal) });
    return journal;
  };
  const headers = (mode: string, write: 'overwrite' | 'append') => ({
    'content-type': 'application/octet-stream',
    'x-lxd-uid': '0',
    'x-lxd-gid': '0',
    'x-lxd-mode': mode,
    'x-lxd-type': 'file',
    'x-lxd-write': write,
    'x-incus-uid': '0',
    'x-incus-gid': '0',
    'x-incus-mode': mode,
    'x-incus-type': 'file',
    'x-incus-write': write,
  });

  test('POST to the files API with the content, LXD and Incus headers, mode 0640 as zero-padded octal', async () => {
    const journal = await pushed(pushStep('/etc/app x.conf', 'k=v\n', 0o640, { project: 'web' }));
    assert.deepEqual(journal, [
      {
        door: 'lxd.raw',
        request: {
          method: 'POST',
          path: '/1.0/instances/web1/files?path=%2Fetc%2Fapp%20x.conf',
          project: 'web',
          raw: Buffer.from('k=v\n', 'utf8'),
          headers: headers('0640', 'overwrite'),
        },
      },
    ]);
  });

  test('append mode; 0644', async () => {
    const journal = await pushed(pushStep('/etc/motd', 'hi', 0o644, { append: true }));
    assert.equal(journal.length, 1);
    const e = journal[0]!;
    assert.ok(e.door === 'lxd.raw');
    assert.deepEqual(e.request.headers, headers('0644', 'append'));
  });

  test("a refused write fails with LXD's error (or the HTTP status); the content is not in the message", async () => {
    await assert.rejects(
      pushed(
        pushStep('/etc/x', 'hunter2', 0o600),
        403,
        JSON.stringify({ type: 'error', error: 'Forbidden', error_code: 403 }),
      ),
      (e: unknown) =>
        e instanceof StepFailedError &&
        e.reason === 'writing /etc/x: Forbidden' &&
        !e.message.includes('hunter2'),
    );
    await assert.rejects(
      pushed(pushStep('/etc/x', 'hunter2', 0o600), 500, 'not json'),
      (e: unknown) => e instanceof StepFailedError && e.reason === 'writing /etc/x: HTTP 500',
    );
  });
});

describe('execute: wait steps', () => {
  const STATE = '/1.0/instances/web1/state';

  test('running: polls until a command runs in the container, then stops polling', async () => {
    const journal: JournalEntry[] = [];
    let polls = 0;
    const lxd = new RecordingLxdDouble(
      journal,
      (r) => {
        if (isExec(r)) {
          if (++polls < 3) throw new LxdError('Instance is not running', 400, r.method, r.path);
          return execOperation(0);
        }
        if (r.method === 'GET' && r.path === STATE)
          return { status: polls < 2 ? 'Stopped' : 'Running', network: null };
        throw new Error(`unexpected ${r.method} ${r.path}`);
      },
      () => ({ status: 200, body: '' }),
    );
    await execute(
      planOf([waitRunning('web1', 'default')]),
      { lxd, host: new RecordingHostDouble(journal) },
      { pollMs: 1 },
    );
    const calls = lxd.calls();
    const execs = calls.filter(isExec);
    assert.equal(execs.length, 3);
    for (const e of execs) assert.deepEqual(e.body, execBody(['true']));
    assert.ok(isExec(calls.at(-1)!), 'nothing is polled after the command ran');
  });

  test('running: a timeout names the instance and its last state', async () => {
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(journal, (r) => {
      if (isExec(r)) throw new LxdError('Instance is not running', 400, r.method, r.path);
      return { status: 'Stopped' };
    });
    await assert.rejects(
      execute(
        planOf([
          { ...(waitRunning('web1', 'default') as Extract<Step, { kind: 'wait' }>), timeoutSeconds: 0.05 },
        ]),
        { lxd, host: new RecordingHostDouble(journal) },
        { pollMs: 5 },
      ),
      (e: unknown) =>
        e instanceof StepFailedError && e.reason === 'web1 did not start within 0.05 s (state: Stopped)',
    );
  });

  test('ipv4: polls the state until a global IPv4 address appears (not lo, not IPv6, not link-local)', async () => {
    const journal: JournalEntry[] = [];
    const states = [
      { status: 'Starting', network: null },
      {
        status: 'Running',
        network: {
          lo: { addresses: [{ family: 'inet', scope: 'global', address: '127.0.0.1' }] },
          eth0: { addresses: [{ family: 'inet6', scope: 'link', address: 'fe80::1' }] },
        },
      },
      {
        status: 'Running',
        network: {
          eth0: {
            addresses: [
              { family: 'inet', scope: 'link', address: '169.254.0.2' },
              { family: 'inet6', scope: 'global', address: 'fd00::2' },
            ],
          },
        },
      },
      {
        status: 'Running',
        network: { eth0: { addresses: [{ family: 'inet', scope: 'global', address: '10.0.3.15' }] } },
      },
      { status: 'Running', network: null },
    ];
    let i = 0;
    const lxd = new RecordingLxdDouble(journal, (r) => {
      assert.deepEqual(r, { method: 'GET', path: STATE, project: 'default' });
      return states[i++];
    });
    await execute(
      planOf([waitIpv4('web1', 'default')]),
      { lxd, host: new RecordingHostDouble(journal) },
      { pollMs: 1 },
    );
    assert.equal(lxd.calls().length, 4);
  });

  test('ipv4: a timeout explains that the container needs a network', async () => {
    const journal: JournalEntry[] = [];
    const lxd = new RecordingLxdDouble(journal, () => ({ status: 'Running', network: {} }));
    await assert.rejects(
      execute(
        planOf([waitIpv4('web1', 'default', 0.05)]),
        { lxd, host: new RecordingHostDouble(journal) },
        { pollMs: 5 },
      ),
      (e: unknown) =>
        e instanceof StepFailedError &&
        e.reason ===
          'no IPv4 address after 0.05 s: the container needs a network (a NIC on a bridge with DHCP) to install packages; check its profiles',
    );
  });
});

describe('execute: cancellation', () => {
  const steps = (): Step[] => [
    hostStep('one', ['true', '1']),
    hostStep('two', ['true', '2']),
    hostStep('three', ['true', '3']),
  ];

  test('a signal aborted before the plan starts: nothing runs', async () => {
    const journal: JournalEntry[] = [];
    const c = new AbortController();
    c.abort();
    const r = recorder();
    await assert.rejects(
      execute(
        planOf(steps()),
        { lxd: new RecordingLxdDouble(journal), host: new RecordingHostDouble(journal) },
        { signal: c.signal, onEvent: r.onEvent },
      ),
      (e: unknown) => {
        assert.ok(e instanceof StepFailedError);
        assert.equal(e.index, 0);
        assert.equal(e.reason, 'cancelled before this step');
        assert.equal(
          e.message,
          'launch web1: step 1 of 3 failed (one): cancelled before this step. Steps before it are done; run the same command again to continue.',
        );
        return true;
      },
    );
    assert.deepEqual(journal, []);
    assert.equal(
      r.events.some((e) => e.type === 'step'),
      false,
    );
  });

  test('aborted while step 1 runs: step 1 completes, step 2 never starts', async () => {
    const journal: JournalEntry[] = [];
    const c = new AbortController();
    const host = new RecordingHostDouble(journal, (cmd) => {
      if (cmd.argv[1] === '1') c.abort();
      return { exitCode: 0, stdout: '', stderr: '' };
    });
    const r = recorder();
    await assert.rejects(
      execute(
        planOf(steps()),
        { lxd: new RecordingLxdDouble(journal), host },
        { signal: c.signal, onEvent: r.onEvent },
      ),
      (e: unknown) =>
        e instanceof StepFailedError &&
        e.index === 1 &&
        e.step.description === 'two' &&
        e.reason === 'cancelled before this step',
    );
    assert.deepEqual(
      journal.map((e) => e.door === 'host.run' && e.command.argv[1]),
      ['1'],
    );
    assert.deepEqual(
      r.shape().map((e) => e.type),
      ['start', 'step', 'done'],
    );
  });
});
