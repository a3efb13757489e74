// The pure parts of choosing a host in VS Code: the default host's memory, a node's host,
// the quick pick rows of hosts and members, and the Open Shell terminal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_HOST_KEY, DefaultHost, type HostMemory } from '../../../../client/src/hosts/defaultHost';
import { hostItems, memberItems } from '../../../../client/src/hosts/hostItems';
import { commandHost, nodeMember } from '../../../../client/src/hosts/nodeHost';
import { shellTerminal } from '../../../../client/src/hosts/shellTerminal';
import type { WireHost } from '../../../../core/src/protocol';

/** A workspaceState over a plain map (what VS Code keeps on disk between reloads). */
function memory(initial: Record<string, unknown> = {}): HostMemory & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: (key: string, value: unknown) => (data.set(key, value), Promise.resolve()),
  };
}

describe('the default host', () => {
  test('is local until chosen; a choice is written under its key and heard by listeners', async () => {
    const m = memory();
    const host = new DefaultHost(m);
    assert.equal(host.name, 'local');
    const heard: string[] = [];
    const listening = host.onDidChange((n) => heard.push(n));
    await host.choose('incus-local');
    assert.equal(m.data.get(DEFAULT_HOST_KEY), 'incus-local');
    assert.deepEqual(heard, ['incus-local']);
    listening.dispose();
    await host.choose('local');
    assert.deepEqual(heard, ['incus-local']);
  });

  test('survives a reload: a new DefaultHost over the same memory reads the choice', async () => {
    const m = memory();
    await new DefaultHost(m).choose('prod');
    assert.equal(new DefaultHost(m).name, 'prod');
  });

  test('a stored value that is not a name (an older or broken state) falls back to local', () => {
    for (const bad of [42, '', null, { name: 'x' }])
      assert.equal(new DefaultHost(memory({ [DEFAULT_HOST_KEY]: bad })).name, 'local');
  });
});

describe('the host of a command', () => {
  const node = (host: string, member?: string) => ({ host, ...(member ? { member } : {}) });
  const cases: {
    name: string;
    clicked: unknown;
    selected: unknown;
    expected: ReturnType<typeof commandHost>;
  }[] = [
    { name: 'palette: the default', clicked: undefined, selected: undefined, expected: { host: 'dflt' } },
    {
      name: 'a file URI: the default',
      clicked: { scheme: 'file', fsPath: '/a.yaml' },
      selected: undefined,
      expected: { host: 'dflt' },
    },
    {
      name: 'a node of a host',
      clicked: node('incus-local'),
      selected: undefined,
      expected: { host: 'incus-local' },
    },
    {
      name: 'a selection of one host',
      clicked: node('c'),
      selected: [node('c'), node('c', 'm2')],
      expected: { host: 'c' },
    },
    {
      name: 'a selection over two hosts',
      clicked: node('a'),
      selected: [node('a'), node('b')],
      expected: { host: 'a', mixed: ['a', 'b'] },
    },
    {
      name: 'a host that is not a string is no host',
      clicked: { host: 7 },
      selected: undefined,
      expected: { host: 'dflt' },
    },
  ];
  for (const c of cases)
    test(c.name, () => assert.deepEqual(commandHost(c.clicked, c.selected, 'dflt'), c.expected));

  test("an instance node's member is the launch target; other nodes have none", () => {
    assert.equal(nodeMember(node('c', 'm2')), 'm2');
    assert.equal(nodeMember(node('c')), undefined);
    assert.equal(nodeMember(undefined), undefined);
    assert.equal(nodeMember({ member: '' }), undefined);
  });
});

const base: WireHost = {
  name: 'local',
  kind: 'lxd',
  address: '/var/lib/lxd/unix.socket',
  source: 'local socket',
  reachable: true,
  version: '5.0.2',
  clustered: false,
  members: [],
  shell: { tool: 'lxc' },
};
const cluster: WireHost = {
  ...base,
  name: 'c3',
  address: 'https://10.250.77.11:8443',
  source: '/var/tmp/lxdops-cluster/hosts.yaml',
  clustered: true,
  members: [
    { name: 'm1', status: 'Online', roles: ['database'], message: 'Fully operational' },
    { name: 'm2', status: 'Online', roles: [], message: '' },
    { name: 'm3', status: 'Offline', roles: ['database-standby'], message: 'No heartbeat for 30s' },
  ],
};

describe('quick pick rows', () => {
  test('hosts: the current one checked, kind+version and address, cluster counts, unreachable with its reason', () => {
    const down: WireHost = {
      ...base,
      name: 'far',
      kind: undefined,
      version: undefined,
      reachable: false,
      error: 'timed out',
    };
    assert.deepEqual(hostItems([base, cluster, down], 'c3'), [
      {
        label: 'local',
        description: 'LXD 5.0.2 · /var/lib/lxd/unix.socket',
        detail: 'standalone · from local socket',
        host: 'local',
      },
      {
        label: '$(check) c3',
        description: 'LXD 5.0.2 · https://10.250.77.11:8443',
        detail: 'cluster: 3 members, 2 online · from /var/tmp/lxdops-cluster/hosts.yaml',
        host: 'c3',
      },
      {
        label: 'far',
        description: 'LXD or Incus · /var/lib/lxd/unix.socket',
        detail: 'unreachable: timed out · from local socket',
        host: 'far',
      },
    ]);
  });

  test('members: each with status and roles; the offline one is listed but refused with the reason and what to do', () => {
    const items = memberItems(cluster);
    assert.deepEqual(
      items.map((i) => [i.member, i.description, i.refusal === undefined]),
      [
        ['m1', 'Online · database', true],
        ['m2', 'Online', true],
        ['m3', 'Offline · database-standby', false],
      ],
    );
    assert.match(
      items[2]!.refusal!,
      /^member m3 of c3 is Offline \(No heartbeat for 30s\): .*choose another member$/,
    );
  });
});

describe('the Open Shell terminal', () => {
  const web = { name: 'web', project: 'default' };
  const terminal = (route: Parameters<typeof shellTerminal>[0], instance = web) => {
    const made = shellTerminal(route, instance);
    assert.ok(!('problem' in made), 'a terminal');
    return made;
  };
  test('LXD local: lxc exec NAME, argv only', () =>
    assert.deepEqual(shellTerminal({ tool: 'lxc' }, web), {
      shellPath: 'lxc',
      shellArgs: ['exec', 'web', '--', 'sh', '-l'],
    }));
  test('Incus, another project: incus exec --project P NAME', () =>
    assert.deepEqual(shellTerminal({ tool: 'incus' }, { name: 'db', project: 'prod' }), {
      shellPath: 'incus',
      shellArgs: ['exec', '--project', 'prod', 'db', '--', 'sh', '-l'],
    }));
  test('a CLI remote: REMOTE:NAME as one argument', () =>
    assert.deepEqual(terminal({ tool: 'lxc', remote: 'lab' }, web).shellArgs, [
      'exec',
      'lab:web',
      '--',
      'sh',
      '-l',
    ]));
  test('a socket entry: the socket in the environment', () =>
    assert.deepEqual(terminal({ tool: 'lxc', env: { LXD_SOCKET: '/s' } }, web).env, {
      LXD_SOCKET: '/s',
    }));
  test('a host the CLI does not know: its problem, no terminal', () =>
    assert.deepEqual(shellTerminal({ problem: 'add it' }, web), { problem: 'add it' }));
  test('a name with shell characters stays one argument (nothing is parsed by a shell)', () =>
    assert.deepEqual(terminal({ tool: 'lxc' }, { name: 'a;b', project: 'default' }).shellArgs, [
      'exec',
      'a;b',
      '--',
      'sh',
      '-l',
    ]));
});
