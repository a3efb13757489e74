/**
 * core/src/lxd/eventStream.ts against the real LXD and Incus: a lifecycle event arrives over the
 * unix socket and over HTTPS on loopback (remotes added by `lxc remote add` / `incus remote add`)
 * when an instance is created; a server certificate that is not the pinned one is refused, and the
 * reason names both fingerprints; nothing listening is said too. Names: `lxdops-ex-ev*`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { LxdEndpoint } from '../../core/src/lxd/endpoint';
import { EventStream, type EventStreamState } from '../../core/src/lxd/eventStream';
import { LxdClient } from '../../core/src/lxd/lxdClient';
import { UnusedAnswer } from '../../core/src/lxd/records/envelope';
import type { EventRecord } from '../../core/src/lxd/records/event';
import { addRemote, type AddedRemote, fingerprintOf, INCUS_HTTPS, LXD_HTTPS, removeTrust } from './remotes';
import { must, requireStack, run } from './stack';

const LXD_SOCKET = '/var/lib/lxd/unix.socket';
const INCUS_SOCKET = '/var/lib/incus/unix.socket';
let lxc: AddedRemote | undefined;
let incus: AddedRemote | undefined;

function https(url: string, remote: AddedRemote, serverCert?: string): LxdEndpoint {
  return {
    kind: 'https',
    url,
    serverCert: serverCert ?? join(remote.conf, 'servercerts/loop.crt'),
    clientCert: join(remote.conf, 'client.crt'),
    clientKey: join(remote.conf, 'client.key'),
  };
}

/** Resolves with the first state accepted by `want`, or rejects after `seconds`. */
function waitFor<T>(
  subscribe: (take: (value: T) => void) => void,
  seconds: number,
  what: string,
): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${what} within ${seconds} s`)), seconds * 1000);
    subscribe((value) => {
      clearTimeout(timer);
      done(value);
    });
  });
}

/** Opens a stream, creates an empty instance through `socket` once it is open, waits for its event. */
async function createdEventOver(endpoint: LxdEndpoint, socket: string, name: string): Promise<EventRecord> {
  let onOpen: () => void = () => undefined;
  let onCreated: (e: EventRecord) => void = () => undefined;
  const stream = new EventStream(endpoint, {
    onState: (s) => s.state === 'open' && onOpen(),
    onEvent: (e) =>
      e.metadata?.['source'] === `/1.0/instances/${name}` &&
      e.metadata?.['action'] === 'instance-created' &&
      onCreated(e),
  });
  const opened = waitFor<void>((take) => (onOpen = take), 10, 'open stream');
  const created = waitFor<EventRecord>((take) => (onCreated = take), 20, `instance-created event of ${name}`);
  stream.start();
  const client = new LxdClient(socket);
  try {
    await opened;
    await client.call(
      { method: 'POST', path: '/1.0/instances', body: { name, type: 'container', source: { type: 'none' } } },
      UnusedAnswer,
    );
    return await created;
  } finally {
    stream.close();
    await client
      .call({ method: 'DELETE', path: `/1.0/instances/${name}` }, UnusedAnswer)
      .catch(() => undefined);
    await client.close();
  }
}

describe('the events stream over the socket and HTTPS (real LXD and Incus)', () => {
  before(async () => {
    await requireStack();
    await must('incus', ['info']); // Incus must run: fail, never skip
    lxc = await addRemote('lxc', 'loop', 'lxdops-ex-events');
    incus = await addRemote('incus', 'loop', 'lxdops-ex-events');
  });
  after(async () => {
    await removeTrust('lxc', lxc);
    await removeTrust('incus', incus);
    for (const name of ['lxdops-ex-ev1', 'lxdops-ex-ev2', 'lxdops-ex-ev3']) {
      await run('lxc', ['delete', '--force', name]);
      await run('incus', ['delete', '--force', name]);
    }
  });

  it('LXD over the unix socket: instance-created arrives', async () => {
    const event = await createdEventOver({ kind: 'socket', path: LXD_SOCKET }, LXD_SOCKET, 'lxdops-ex-ev1');
    assert.equal(event.type, 'lifecycle');
    assert.equal(event.project, 'default');
  });

  it('LXD over HTTPS (:18443, pinned certificate): instance-created arrives', async () => {
    const event = await createdEventOver(https(LXD_HTTPS, lxc!), LXD_SOCKET, 'lxdops-ex-ev2');
    assert.equal(event.type, 'lifecycle');
  });

  it('Incus over HTTPS (:18444, pinned certificate): instance-created arrives', async () => {
    const event = await createdEventOver(https(INCUS_HTTPS, incus!), INCUS_SOCKET, 'lxdops-ex-ev3');
    assert.equal(event.type, 'lifecycle');
  });

  it('a server certificate that is not the pinned one is refused; the reason names both fingerprints', async () => {
    // LXD's remote pinned to Incus' certificate: LXD presents its own
    const states: EventStreamState[] = [];
    let events = 0;
    const stream = new EventStream(https(LXD_HTTPS, lxc!, '/var/lib/incus/server.crt'), {
      onEvent: () => events++,
      onState: (s) => states.push(s),
      retrySeconds: 60,
    });
    const closed = waitFor<Extract<EventStreamState, { state: 'closed' }>>(
      (take) => {
        const poll = setInterval(() => {
          const c = states.find((s) => s.state === 'closed');
          if (c && c.state === 'closed') {
            clearInterval(poll);
            take(c);
          }
        }, 50);
      },
      10,
      'refusal',
    );
    stream.start();
    try {
      const state = await closed;
      assert.ok(state.reason.includes(fingerprintOf('/var/lib/lxd/server.crt')), state.reason);
      assert.ok(
        state.reason.includes(`not the pinned ${fingerprintOf('/var/lib/incus/server.crt')}`),
        state.reason,
      );
      assert.equal(
        states.some((s) => s.state === 'open'),
        false,
        'never opened',
      );
      assert.equal(events, 0);
    } finally {
      stream.close();
    }
  });

  it('nothing listening: the reason says so, and a retry is scheduled', async () => {
    let closed: (s: EventStreamState) => void = () => undefined;
    const stream = new EventStream(https('https://127.0.0.1:1', lxc!), {
      onEvent: () => undefined,
      onState: (s) => s.state === 'closed' && closed(s),
      retrySeconds: 60,
    });
    const state = waitFor<EventStreamState>((take) => (closed = take), 10, 'refusal');
    stream.start();
    try {
      const s = await state;
      assert.ok(
        s.state === 'closed' && /nothing listens at https:\/\/127\.0\.0\.1:1/.test(s.reason),
        JSON.stringify(s),
      );
      assert.ok(s.state === 'closed' && s.retrySeconds === 60);
    } finally {
      stream.close();
    }
  });
});
