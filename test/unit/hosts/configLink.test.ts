import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigSummary } from '../../../core/src/protocol';
import { configLookup, renamedPath, uriPath } from '../../../core/src/hosts/configLink';

const web: ConfigSummary = {
  uri: 'file:///ws/my%20configs/web.yaml',
  instance: 'web',
  project: 'default',
  filesystems: [
    { id: 'data', path: 'tank/host/web', zfs: true, destroy: true },
    { id: 'tmp', path: '/var/tmp/web/cache', zfs: false, destroy: false },
  ],
  errors: 0,
  warnings: 0,
  problems: [],
};

describe('configLookup: which config an LXD instance belongs to', () => {
  const lookup = configLookup([web]);
  test('by name and project', () => {
    const spec = lookup({ name: 'web', project: 'default', config: {} });
    assert.equal(spec?.config, '/ws/my configs/web.yaml');
    assert.deepEqual(spec?.filesystems, [
      { id: 'data', dataset: 'tank/host/web', dir: '/tank/host/web' },
      { id: 'tmp', dir: '/var/tmp/web/cache' },
    ]);
  });
  test('the same name in another project is not it', () => {
    assert.equal(lookup({ name: 'web', project: 'p2', config: {} }), undefined);
  });
  test('a renamed instance, by the config it records: its filesystems carry its new name', () => {
    const spec = lookup({
      name: 'web2',
      project: 'default',
      config: { 'user.lxdops.config': '/ws/my configs/web.yaml' },
    });
    assert.equal(spec?.config, '/ws/my configs/web.yaml');
    assert.deepEqual(
      spec?.filesystems.map((f) => f.dataset ?? f.dir),
      ['tank/host/web2', '/var/tmp/web2/cache'],
    );
  });
  test('an instance recording a config that is not in the workspace falls back to its name', () => {
    assert.equal(
      lookup({ name: 'db', project: 'default', config: { 'user.lxdops.config': '/gone.yaml' } }),
      undefined,
    );
  });
});

describe('renamedPath and uriPath', () => {
  test('only whole path segments equal to the old name change', () => {
    assert.equal(renamedPath('tank/webby/web/x', 'web', 'api'), 'tank/webby/api/x');
    assert.equal(renamedPath('tank/web', 'web', 'web'), 'tank/web');
  });
  test('file URIs decode; other strings stay', () => {
    assert.equal(uriPath('file:///a/b%20c.yaml'), '/a/b c.yaml');
    assert.equal(uriPath('/a/b.yaml'), '/a/b.yaml');
  });
});
