import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FILES } from './fixtureWorkspace';
import { TestConnection } from './testConnection';

const summary = (
  list: {
    code?: string | number;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[],
) =>
  list.map(
    (d) =>
      `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  );

describe('LSP diagnostics', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({ ...FILES });
    await t.start();
  });
  after(() => t.dispose());

  test('an opened document with a misspelt key gets unknown-key at the key, with its code and source', async () => {
    await t.open('containers/web.yaml', `${FILES['containers/web.yaml']}profile: [x]\n`);
    const list = await t.diagnostics('containers/web.yaml', (d) => d.length > 0);
    assert.deepEqual(summary(list), ['unknown-key@11:0-11:7']);
    assert.equal(list[0]!.source, 'lxdops');
    assert.match(String(list[0]!.message), /did you mean `profiles`\?/);
  });

  test('fixing the key clears the diagnostics', async () => {
    await t.change('containers/web.yaml', FILES['containers/web.yaml']);
    assert.deepEqual(await t.diagnostics('containers/web.yaml', (d) => d.length === 0), []);
  });

  test('an edit of an open fragment re-checks both roots; the problem shows in the fragment', async () => {
    await t.open('fragments/base.yaml');
    await t.change(
      'fragments/base.yaml',
      '#lxdops\nproperties:\n  root: z/demo\nos:\n  name: alpine\nprofile-pattern: (instance).lxdops\n',
    );
    const list = await t.diagnostics('fragments/devices.yaml', (d) => d.length > 0);
    assert.deepEqual(summary(list), ['undefined-property@3:13-3:21']);
    assert.match(String(list[0]!.message), /Property `fsroot`.*did you mean `root`\?/);
    await t.change('fragments/base.yaml', FILES['fragments/base.yaml']);
    assert.deepEqual(await t.diagnostics('fragments/devices.yaml', (d) => d.length === 0), []);
  });

  test('a change on disk of a file that is not open (file watcher) re-publishes its dependents', async () => {
    await t.changeOnDisk(
      'fragments/devices.yaml',
      '#lxdops\nfilesystems:\n  host:\n    pattern: (fsroot)/host/(instance)\ndevices:\n  home:\n    path: /home\n    filesystem: hots\n',
    );
    const list = await t.diagnostics('fragments/devices.yaml', (d) => d.length > 0);
    assert.deepEqual(summary(list), ['unknown-filesystem@7:16-7:20']);
    await t.changeOnDisk('fragments/devices.yaml', FILES['fragments/devices.yaml']);
    assert.deepEqual(await t.diagnostics('fragments/devices.yaml', (d) => d.length === 0), []);
  });

  test('a cloud-config file created on disk clears cloud-config-not-found in the config that lists it', async () => {
    await t.changeOnDisk(
      'containers/db.yaml',
      `${FILES['containers/db.yaml']}cloud-config-files:\n  - ../cloud/db.cfg\n`,
    );
    const list = await t.diagnostics('containers/db.yaml', (d) => d.length > 0);
    assert.deepEqual(summary(list), ['cloud-config-not-found@8:4-8:19']);
    await t.changeOnDisk('cloud/db.cfg', '#cloud-config\nbootcmd: [x]\n', 1);
    assert.deepEqual(await t.diagnostics('containers/db.yaml', (d) => d.length === 0), []);
    assert.deepEqual(summary(await t.diagnostics('cloud/db.cfg', (d) => d.length > 0)), [
      'unsupported-module@1:0-1:7',
    ]);
  });

  test('an open cloud-config file: sudo-rule-not-doas at the rule that doas cannot express', async () => {
    const text =
      '#cloud-config\nusers:\n  - name: bob\n    sudo: [ALL=(ALL) ALL, "ALL=(ALL) NOPASSWD: /usr/bin/*"]\n';
    t.write('cloud/doas.cfg', text);
    await t.open('cloud/doas.cfg', text, 'cloud-config');
    const list = await t.diagnostics('cloud/doas.cfg', (d) => d.length > 0);
    assert.deepEqual(summary(list), ['sudo-rule-not-doas@3:26-3:58']);
    assert.equal(list[0]!.severity, 2); // warning
    assert.match(String(list[0]!.message), /doas has no wildcards/);
  });

  test('a near-miss header in an open document gets the header diagnostic', async () => {
    t.write('other/near.yaml', '# lxdops\nos: {name: alpine, image: x}\n');
    await t.open('other/near.yaml', undefined, 'lxdops');
    assert.deepEqual(summary(await t.diagnostics('other/near.yaml', (d) => d.length > 0)), [
      'header@0:0-0:8',
    ]);
  });
});

describe('LSP settings', () => {
  test('lxdops.properties defines properties; diagnostics.enable=false clears everything', async () => {
    const t = new TestConnection({ 'c1.yaml': '#lxdops\nos: {name: alpine, image: "(img)"}\n' });
    try {
      await t.start({});
      assert.deepEqual(summary(await t.diagnostics('c1.yaml', (d) => d.length > 0)), [
        'undefined-property@1:27-1:32',
      ]);
      t.settings = { properties: { img: 'images:alpine/3.19' } };
      await t.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.deepEqual(await t.diagnostics('c1.yaml', (d) => d.length === 0), []);
      t.settings = { properties: {}, diagnostics: { enable: false } };
      const cleared = t.nextDiagnostics('c1.yaml');
      await t.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // with diagnostics off nothing new is published for the file (it had none): check a broken one
      t.settings = { properties: {} };
      await t.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.equal((await cleared).length, 1);
    } finally {
      t.dispose();
    }
  });

  test('the global properties file (lxdops.propertiesFile) is watched: editing it re-checks', async () => {
    const t = new TestConnection({
      'c1.yaml': '#lxdops\nos: {name: alpine, image: "(img)"}\n',
      'props/global.yaml': 'other: 1\n',
    });
    try {
      await t.start({ propertiesFile: 'props/global.yaml' });
      assert.equal((await t.diagnostics('c1.yaml', (d) => d.length > 0)).length, 1);
      t.write('props/global.yaml', 'img: images:alpine/3.19\n');
      assert.deepEqual(await t.diagnostics('c1.yaml', (d) => d.length === 0), []);
    } finally {
      t.dispose();
    }
  });
});
