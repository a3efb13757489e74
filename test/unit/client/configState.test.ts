import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ListedInstance } from '../../../core/src/engine/listing';
import type { ConfigSummary } from '../../../core/src/protocol';
import { configStatus, type LxdSide, stateKey } from '../../../client/src/model/configState';

const summary: ConfigSummary = {
  uri: 'file:///ws/web.yaml',
  instance: 'web',
  project: 'default',
  hash: 'aaaa',
  profile: 'web.lxdops',
  filesystems: [
    { id: 'data', path: 'tank/web', zfs: true, destroy: true },
    { id: 'logs', path: '/var/tmp/web', zfs: false, destroy: false },
  ],
  errors: 0,
  warnings: 0,
  problems: [],
};

function instance(extra: Partial<ListedInstance> = {}): ListedInstance {
  return {
    name: 'web',
    project: 'default',
    status: 'Running',
    ipv4: [],
    source: '',
    profiles: [],
    config: '/ws/web.yaml',
    hash: 'aaaa',
    devices: [],
    lxdSnapshots: [],
    filesystems: [],
    records: {},
    ...extra,
  };
}

function lxd(
  parts: { instances?: ListedInstance[]; profiles?: string[]; datasets?: string[] } = {},
): LxdSide {
  return {
    reachable: true,
    instances: parts.instances ?? [],
    profiles: new Set(parts.profiles ?? []),
    datasets: new Set(parts.datasets ?? []),
  };
}

describe('configStatus: the state of a config from its summary and the LXD listing', () => {
  test('nothing on the host: not created', () => {
    assert.equal(configStatus(summary, lxd()).state, 'not created');
  });
  test('a profile of another name and an unrelated dataset do not count', () => {
    assert.equal(
      configStatus(summary, lxd({ profiles: ['default/db.lxdops'], datasets: ['tank/db'] })).state,
      'not created',
    );
  });
  test('the dataset exists, no container: partially created, naming the dataset', () => {
    const s = configStatus(summary, lxd({ datasets: ['tank/web'] }));
    assert.equal(s.state, 'partially created');
    assert.ok(s.details.includes('dataset tank/web'), s.details.join('\n'));
  });
  test('the profile exists (in the config project), no container: partially created', () => {
    const s = configStatus(summary, lxd({ profiles: ['default/web.lxdops'] }));
    assert.equal(s.state, 'partially created');
    assert.ok(s.details.includes('profile web.lxdops'));
  });
  test('the same profile name in another project does not count', () => {
    assert.equal(configStatus(summary, lxd({ profiles: ['other/web.lxdops'] })).state, 'not created');
  });
  test('LXD unreachable: that state with the reason, not "not created"', () => {
    const s = configStatus(summary, { reachable: false, problem: 'No LXD socket found' });
    assert.equal(s.state, 'lxd unreachable');
    assert.deepEqual(s.details, ['No LXD socket found']);
  });
  test('an unresolved config cannot run, whatever LXD says', () => {
    const s = configStatus(
      { ...summary, unresolved: 'property (x) is not defined' },
      lxd({ instances: [instance()] }),
    );
    assert.equal(s.state, 'cannot run');
  });
  test('running and stopped, from the instance tied to the config', () => {
    assert.equal(configStatus(summary, lxd({ instances: [instance()] })).state, 'running');
    assert.equal(
      configStatus(summary, lxd({ instances: [instance({ status: 'Stopped' })] })).state,
      'stopped',
    );
  });
  test("an instance of the same name tied to another config is not this config's", () => {
    assert.equal(
      configStatus(summary, lxd({ instances: [instance({ config: '/elsewhere/web.yaml' })] })).state,
      'not created',
    );
  });
  test('a renamed instance stays tied to its config', () => {
    const s = configStatus(summary, lxd({ instances: [instance({ name: 'web2' })] }));
    assert.equal(s.state, 'running');
    assert.equal(s.instance?.name, 'web2');
  });
  test('another hash: config changed since launch; its menu key follows the container state', () => {
    const s = configStatus(summary, lxd({ instances: [instance({ hash: 'bbbb', status: 'Stopped' })] }));
    assert.equal(s.state, 'config changed since launch');
    assert.equal(stateKey(s), 'stopped');
  });
  test('configure failed: the failing step and the tail of its output', () => {
    const failed = instance({
      records: {
        status: 'configure-failed',
        'failed-step': 'runcmd',
        failure: 'a\nb\nexit status 3\n',
      },
    });
    const s = configStatus(summary, lxd({ instances: [failed] }));
    assert.equal(s.state, 'configure failed');
    assert.equal(stateKey(s), 'failed');
    assert.deepEqual(s.details, ['failed step: runcmd', 'output:', 'a', 'b', 'exit status 3']);
  });
  test('menu keys of the half-done states', () => {
    assert.equal(stateKey(configStatus(summary, lxd({ datasets: ['tank/web'] }))), 'partial');
    assert.equal(stateKey(configStatus(summary, { reachable: false, problem: 'x' })), 'unreachable');
    assert.equal(stateKey(configStatus(summary, lxd())), 'absent');
  });
});
