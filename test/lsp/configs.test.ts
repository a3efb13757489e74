import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  CONFIGS_CHANGED_NOTIFICATION,
  CONFIGS_REQUEST,
  type ConfigsResult,
  type ConfigSummary,
} from '../../core/src/protocol';
import { FILES } from './fixtureWorkspace';
import { TestConnection } from './testConnection';

const BROKEN = '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.19\nprofilez:\n  - default\n';
const UNRESOLVED =
  '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.19\nfilesystems:\n  data:\n    pattern: (nowhere)/data\n';

describe('LSP lxdops/configs and lxdops/configsChanged', () => {
  let t: TestConnection;
  let changes = 0;
  let waiters: (() => void)[] = [];
  /** Resolves at the next lxdops/configsChanged notification. */
  const nextChange = () => new Promise<void>((resolve) => waiters.push(resolve));

  before(async () => {
    t = new TestConnection({ ...FILES, 'containers/broken.yaml': BROKEN, 'containers/odd.yaml': UNRESOLVED });
    t.client.onNotification(CONFIGS_CHANGED_NOTIFICATION, () => {
      changes++;
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    });
    await t.start();
    await t.diagnostics('containers/broken.yaml', (d) => d.length > 0);
  });
  after(() => t.dispose());

  const configs = async () => (await t.request<ConfigsResult>(CONFIGS_REQUEST, {})).configs;
  const summary = async (rel: string): Promise<ConfigSummary> => {
    const found = (await configs()).find((c) => c.uri === t.uri(rel));
    assert.ok(found, `${rel} is not listed`);
    return found;
  };

  test('lists the root configs only (not the included fragments), sorted by path', async () => {
    const uris = (await configs()).map((c) => c.uri);
    assert.deepEqual(
      uris,
      ['containers/broken.yaml', 'containers/db.yaml', 'containers/odd.yaml', 'containers/web.yaml'].map(
        (rel) => t.uri(rel),
      ),
    );
  });

  test('a clean root: instance, project, profile, substituted filesystems, a hash, no problems', async () => {
    const web = await summary('containers/web.yaml');
    assert.equal(web.instance, 'web');
    assert.equal(web.project, 'default');
    assert.equal(web.profile, 'web.lxdops');
    assert.deepEqual(web.filesystems, [{ id: 'host', path: 'z/demo/host/web', zfs: true, destroy: true }]);
    assert.match(web.hash ?? '', /^[0-9a-f]{16}$/);
    assert.equal(web.errors, 0);
    assert.deepEqual(web.problems, []);
    assert.equal(web.unresolved, undefined);
  });

  test('a root with an error: counted, with file, 0-based line and code of the offending key', async () => {
    const broken = await summary('containers/broken.yaml');
    assert.ok(broken.errors >= 1, JSON.stringify(broken));
    const problem = broken.problems.find((p) => p.severity === 'error');
    assert.ok(problem);
    assert.equal(problem.uri, t.uri('containers/broken.yaml'));
    assert.equal(problem.line, 4, 'profilez: is on the fifth line');
    assert.equal(problem.character, 0);
    assert.match(problem.code, /^[a-z]+(-[a-z]+)*$/);
  });

  test('a root whose filesystem names an undefined property: unresolved, without instance or hash', async () => {
    const odd = await summary('containers/odd.yaml');
    assert.match(odd.unresolved ?? '', /nowhere/);
    assert.equal(odd.instance, undefined);
    assert.equal(odd.hash, undefined);
  });

  test('an unsaved edit changes the answer and is announced by lxdops/configsChanged', async () => {
    const before = await summary('containers/db.yaml');
    assert.equal(before.errors, 0);
    const onDisk = readFileSync(t.path('containers/db.yaml'), 'utf8');
    await t.open('containers/db.yaml', onDisk);
    const announced = nextChange();
    await t.change('containers/db.yaml', `${onDisk}profilez:\n  - default\n`);
    await announced;
    const after = await summary('containers/db.yaml');
    assert.ok(after.errors >= 1, JSON.stringify(after));
    assert.notEqual(after.hash, undefined);
    assert.equal(readFileSync(t.path('containers/db.yaml'), 'utf8'), onDisk, 'nothing was saved');
  });

  test('an edit of what a launch applies changes the hash (the view can say "config changed")', async () => {
    const onDisk = readFileSync(t.path('containers/web.yaml'), 'utf8');
    const before = await summary('containers/web.yaml');
    await t.open('containers/web.yaml', onDisk);
    const announced = nextChange();
    await t.change('containers/web.yaml', onDisk.replace('alpine/3.19', 'alpine/3.20'));
    await announced;
    const after = await summary('containers/web.yaml');
    assert.notEqual(after.hash, before.hash);
    assert.ok(changes >= 2);
  });

  test('a new root config on disk is announced and listed', async () => {
    const announced = nextChange();
    await t.changeOnDisk('containers/cache.yaml', '#lxdops\nos:\n  name: alpine\n  image: busybox\n', 1);
    await announced;
    const cache = await summary('containers/cache.yaml');
    assert.equal(cache.instance, 'cache');
  });
});
