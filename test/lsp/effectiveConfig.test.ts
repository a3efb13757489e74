import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EFFECTIVE_CONFIG_REQUEST, type EffectiveConfigResult } from '../../core/src/protocol';
import { FILES } from './fixtureWorkspace';
import { TestConnection } from './testConnection';

/** Starts a server on `files` and waits for its first check (published for broken.yaml), so that settings are in. */
async function started(
  files: Record<string, string>,
  settings: Record<string, unknown> = {},
): Promise<TestConnection> {
  const t = new TestConnection({ ...files, 'broken.yaml': '#lxdops\nprofile: [x]\n' });
  await t.start(settings);
  await t.diagnostics('broken.yaml', (d) => d.length > 0);
  return t;
}

const WEB_BODY = [
  'properties:',
  '  fsroot: z/demo # from: ../fragments/base.yaml:3',
  'os:',
  '  name: alpine # from: web.yaml:6',
  '  image: images:alpine/3.19 # from: web.yaml:7',
  'profile-pattern: (instance).lxdops # from: ../fragments/base.yaml:6',
  'filesystems:',
  '  # from: ../fragments/devices.yaml:3',
  '  host:',
  '    pattern: (fsroot)/host/(instance)',
  '    destroy: true',
  'devices:',
  '  # from: ../fragments/devices.yaml:7',
  '  home:',
  '    path: /home',
  '    filesystem: host',
  'profiles:',
  '  - default # from: web.yaml:9',
  'cloud-config-files:',
  '  - ../cloud/base.cfg # from: web.yaml:11',
];

describe('LSP lxdops/effectiveConfig', () => {
  let t: TestConnection;
  before(async () => {
    t = await started({ ...FILES });
  });
  after(() => t.dispose());

  const effective = (rel: string) =>
    t.request<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, { uri: t.uri(rel) });

  test('the request name is lxdops/effectiveConfig', () => {
    assert.equal(EFFECTIVE_CONFIG_REQUEST, 'lxdops/effectiveConfig');
  });

  test('a root: the merged config, starting with #lxdops, with `# from:` comments naming files and lines', async () => {
    const { text } = await effective('containers/web.yaml');
    assert.ok(text, 'no text');
    assert.ok(text.startsWith('#lxdops\n'), text);
    assert.match(text, /# from: \.\.\/fragments\/base\.yaml:3/);
    assert.match(text, /# from: \.\.\/fragments\/devices\.yaml:3/);
    assert.equal(
      text,
      [
        '#lxdops',
        '# Effective config of instance web (web.yaml), project default.',
        '# Read-only: edit the files named in the `from:` comments.',
        ...WEB_BODY,
        '',
      ].join('\n'),
    );
  });

  test('a fragment: its first root’s config, with a note naming every root', async () => {
    const { text } = await effective('fragments/devices.yaml');
    assert.ok(text, 'no text');
    assert.ok(text.startsWith('#lxdops\n'), text);
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      '#lxdops',
      '# Effective config of instance db (db.yaml), project default.',
      '# devices.yaml is included by db.yaml, web.yaml; shown for db.yaml.',
      '# Read-only: edit the files named in the `from:` comments.',
    ]);
    assert.ok(lines.includes('  # from: ../fragments/devices.yaml:3'), text);
    assert.ok(lines.includes('  name: alpine # from: db.yaml:6'), text);
  });

  test('unsaved edits of an open fragment are in the merged config', async () => {
    await t.open('fragments/base.yaml', FILES['fragments/base.yaml'].replace('z/demo', 'tank/demo'));
    const { text } = await effective('containers/web.yaml');
    assert.ok(text?.includes('  fsroot: tank/demo # from: ../fragments/base.yaml:3\n'), text);
    await t.change('fragments/base.yaml', FILES['fragments/base.yaml']);
    const again = await effective('containers/web.yaml');
    assert.ok(again.text?.includes('  fsroot: z/demo # from: ../fragments/base.yaml:3\n'), again.text);
  });

  test('a #cloud-config file or a file that does not exist: no text', async () => {
    assert.deepEqual(await effective('cloud/base.cfg'), {});
    assert.deepEqual(await effective('nothing/here.yaml'), {});
  });
});

describe('LSP lxdops/effectiveConfig settings', () => {
  test('lxdops.project names the project in the header', async () => {
    const t = await started({ ...FILES }, { project: 'demo' });
    try {
      const { text } = await t.request<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, {
        uri: t.uri('containers/web.yaml'),
      });
      assert.equal(text?.split('\n')[1], '# Effective config of instance web (web.yaml), project demo.');
    } finally {
      t.dispose();
    }
  });
});
