// The server's host resolution without a daemon: which doors an operation gets (or the
// unknown-host blocker), the Open Shell route of each kind of host, and reporting of bad entries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostEntry, HostList } from '../../../core/src/hosts/hostEntry';
import { doorsOfHost } from '../../../server/src/hosts/operationDoors';
import { HostProblemsReporter, SETTING_SOURCE } from '../../../server/src/hosts/settingProblems';
import { shellRoute } from '../../../server/src/hosts/shellRoute';

const local: HostEntry = {
  name: 'local',
  endpoint: { kind: 'socket', path: '/x/lxd.sock' },
  source: 'local socket',
};
const incusLocal: HostEntry = {
  ...local,
  name: 'incus-local',
  kind: 'incus',
  endpoint: { kind: 'socket', path: '/x/incus.sock' },
};
const https = (
  name: string,
  url: string,
  cert: string,
  source: string,
  kind?: 'lxd' | 'incus',
): HostEntry => ({
  name,
  endpoint: { kind: 'https', url, serverCert: cert, clientCert: '/c.crt', clientKey: '/c.key' },
  source,
  ...(kind ? { kind } : {}),
});
const lxcRemote = https(
  'lab',
  'https://10.0.0.5:8443',
  '/h/.config/lxc/servercerts/lab.crt',
  '/h/.config/lxc/config.yml',
  'lxd',
);
// an incus remote `lab` renamed because lxc's took the name: its remote is still `lab`
const incusRemote = https(
  'incus-lab',
  'https://10.0.0.6:8443',
  '/h/.config/incus/servercerts/lab.crt',
  '/h/.config/incus/config.yml',
  'incus',
);

describe('the Open Shell route of a host', () => {
  const remotes = [lxcRemote, incusRemote];
  test('local LXD: lxc; local Incus: incus, each on its own socket', () => {
    assert.deepEqual(shellRoute(local, 'lxd', remotes), { tool: 'lxc' });
    assert.deepEqual(shellRoute(incusLocal, 'incus', remotes), { tool: 'incus' });
  });
  test('a CLI remote: its own name, from the pinned certificate (a renamed incus remote keeps it)', () => {
    assert.deepEqual(shellRoute(lxcRemote, 'lxd', remotes), { tool: 'lxc', remote: 'lab' });
    assert.deepEqual(shellRoute(incusRemote, 'incus', remotes), { tool: 'incus', remote: 'lab' });
  });
  test("a hosts.yaml entry at a remote's address: that remote", () => {
    const same = https('lab2', 'https://10.0.0.5:8443', '/pem', 'hosts.yaml');
    assert.deepEqual(shellRoute(same, 'lxd', remotes), { tool: 'lxc', remote: 'lab' });
  });
  test('the probed kind decides the CLI: an entry that turns out Incus is not reached through an lxc remote', () => {
    const same = https('lab2', 'https://10.0.0.5:8443', '/pem', 'hosts.yaml');
    const route = shellRoute(same, 'incus', remotes);
    assert.ok('problem' in route);
    assert.match(route.problem, /incus remote add lab2 https:\/\/10\.0\.0\.5:8443/);
  });
  test('a hosts.yaml host the CLI does not know: how to add it', () => {
    const far = https('far', 'https://192.0.2.1:8443', '/pem', 'setting lxdops.hosts');
    assert.deepEqual(shellRoute(far, 'lxd', remotes), {
      problem:
        'the lxc CLI has no remote for far (https://192.0.2.1:8443), so Open Shell cannot reach it: add it with `lxc remote add far https://192.0.2.1:8443` (with a trust token), then try again',
    });
  });
  test('a hosts.yaml socket entry: the CLI with that socket in its environment', () => {
    const sock: HostEntry = {
      name: 's',
      endpoint: { kind: 'socket', path: '/run/other.sock' },
      source: 'hosts.yaml',
    };
    assert.deepEqual(shellRoute(sock, 'incus', remotes), {
      tool: 'incus',
      env: { INCUS_SOCKET: '/run/other.sock' },
    });
    assert.deepEqual(shellRoute(sock, 'lxd', remotes), {
      tool: 'lxc',
      env: { LXD_SOCKET: '/run/other.sock' },
    });
  });
});

describe('the doors of the host an operation names', () => {
  const list: HostList = { hosts: [local, incusLocal], problems: [] };
  const settings = { socket: '/nonexistent/lxd.sock', hosts: [] };
  let discovered = 0;
  const discover = () => (discovered++, list);

  test('an unknown host is the unknown-host blocker, naming the hosts there are and what to do', () => {
    const opened = doorsOfHost('prod', settings, discover, {});
    assert.ok(!opened.ok);
    assert.equal(opened.blocker.code, 'unknown-host');
    assert.equal(opened.blocker.stage, 'pre-flight');
    assert.match(
      opened.blocker.message,
      /^no host "prod" \(hosts: local, incus-local\): pick another in the status bar/,
    );
  });

  test('no host or `local`: lxdops.socket, as before (a missing socket: doors that fail with the reason)', async () => {
    const before = discovered;
    for (const name of [undefined, 'local']) {
      const opened = doorsOfHost(name, settings, discover, {});
      assert.ok(opened.ok);
      assert.equal(opened.host, 'local');
      await assert.rejects(
        opened.doors.lxd.call({ method: 'GET', path: '/1.0' }, undefined as never),
        /no LXD socket found \(tried \/nonexistent\/lxd\.sock\)/,
      );
    }
    assert.equal(discovered, before, 'local needs no discovery');
  });

  test('a discovered host: doors on its endpoint, named for the locks', async () => {
    const opened = doorsOfHost('incus-local', settings, discover, {});
    assert.ok(opened.ok);
    assert.equal(opened.host, 'incus-local');
    await assert.rejects(
      opened.doors.lxd.call({ method: 'GET', path: '/1.0' }, undefined as never),
      /incus\.sock/,
    );
    await opened.doors.close();
  });

  test('an HTTPS host whose certificate files are missing: doors that fail with that reason, not a crash', async () => {
    const broken = https('b', 'https://127.0.0.1:1', '/nonexistent/b.crt', 'hosts.yaml');
    const opened = doorsOfHost('b', settings, () => ({ hosts: [broken], problems: [] }), {});
    assert.ok(opened.ok);
    await assert.rejects(
      opened.doors.lxd.call({ method: 'GET', path: '/1.0' }, undefined as never),
      /cannot read .*nonexistent/,
    );
  });
});

describe('problems of the sources of hosts', () => {
  test("every problem is logged once per change; only the setting's own become a warning", () => {
    const logged: string[] = [];
    const warned: string[] = [];
    const reporter = new HostProblemsReporter({ log: (l) => logged.push(l), warn: (w) => warned.push(w) });
    const list: HostList = {
      hosts: [local],
      problems: [
        { source: SETTING_SOURCE, message: 'entry 2: needs exactly one of `url` and `socket`' },
        { source: '/h/.config/lxc/config.yml', message: 'is not valid YAML (line 3)' },
      ],
    };
    reporter.report(list);
    reporter.report(list);
    assert.equal(logged.length, 2);
    assert.deepEqual(warned, [
      'lxdops.hosts: entry 2: needs exactly one of `url` and `socket`. The other hosts are used; fix the entry in the settings (see the lxdops log).',
    ]);
    reporter.report({ hosts: [local], problems: [] });
    assert.equal(warned.length, 1, 'a fixed setting warns no more');
  });
});
