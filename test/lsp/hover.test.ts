import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import lxdopsSchema from '../../schemas/lxdops.schema.json';
import { FILES } from './fixtureWorkspace';
import { positionOf, TestConnection } from './testConnection';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const r = (x: Range | undefined) =>
  x ? `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}` : 'none';
const schemaDoc = (key: string) =>
  (lxdopsSchema.properties as unknown as Record<string, { description: string }>)[key]!.description;

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

/** Hover at the nth `needle` (+ delta) of a workspace file, as on disk. */
async function hoverAt(
  t: TestConnection,
  rel: string,
  needle: string,
  delta: number,
  nth = 0,
): Promise<Hover | null> {
  const text = readFileSync(t.path(rel), 'utf8');
  return t.request<Hover | null>('textDocument/hover', {
    textDocument: { uri: t.uri(rel) },
    position: positionOf(text, needle, delta, nth),
  });
}

const markdown = (h: Hover | null): string => {
  assert.ok(h, 'no hover');
  const c = h.contents as { kind: string; value: string };
  assert.equal(c.kind, 'markdown');
  return c.value;
};

describe('LSP hover (two roots share the fragments)', () => {
  let t: TestConnection;
  before(async () => {
    t = await started(
      {
        ...FILES,
        'props/global.yaml': 'other: 1\nzone: eu-west\n',
        'containers/tpl.yaml':
          '#lxdops\ninclude:\n  - ../fragments/base.yaml\nos:\n  name: alpine\n  image: images:alpine/3.19\ndevice-origin: (zone)@copy\nprofile-pattern: (project_instance)-(zone)\n',
      },
      { propertiesFile: 'props/global.yaml' },
    );
  });
  after(() => t.dispose());

  test("a key's description from the schema: device-origin, over the key", async () => {
    const h = await hoverAt(t, 'containers/tpl.yaml', 'device-origin', 3);
    assert.equal(markdown(h), `**device-origin**: ${schemaDoc('device-origin')}`);
    assert.match(markdown(h), /takes priority over device-template/);
    assert.equal(r(h!.range), '6:0-6:13');
  });

  test("a pattern's value for the instance, with where each property came from (built-in, global file)", async () => {
    const h = await hoverAt(t, 'containers/tpl.yaml', '(project_instance)', 4);
    assert.equal(
      markdown(h),
      [
        '`(project_instance)-(zone)` → `tpl-eu-west`',
        '- `(project_instance)` = `tpl` (built-in)',
        '- `(zone)` = `eu-west` (global properties, global.yaml:2)',
      ].join('\n'),
    );
    assert.equal(r(h!.range), '7:17-7:42');
  });

  test('in a fragment included by two roots: the value of the pattern per root', async () => {
    const h = await hoverAt(t, 'fragments/devices.yaml', '(fsroot)/host', 3);
    const md = markdown(h);
    assert.equal(
      md,
      [
        '`(fsroot)/host/(instance)` → `z/demo/host/db` for **db** (db.yaml)',
        '- `(fsroot)` = `z/demo` (properties, base.yaml:3)',
        '- `(instance)` = `db` (built-in)',
        '`(fsroot)/host/(instance)` → `z/demo/host/web` for **web** (web.yaml)',
        '- `(fsroot)` = `z/demo` (properties, base.yaml:3)',
        '- `(instance)` = `web` (built-in)',
      ].join('\n'),
    );
    assert.equal(r(h!.range), '3:13-3:37');
  });

  test('a key of a fragment that a root overrides: "overriding this file", in that root only', async () => {
    const h = await hoverAt(t, 'fragments/base.yaml', 'profile-pattern', 3);
    assert.equal(
      markdown(h),
      `**profile-pattern**: ${schemaDoc('profile-pattern')}\n\nIn **tpl** (tpl.yaml): \`(project_instance)-(zone)\` set in tpl.yaml:8, overriding this file.`,
    );
    assert.equal(r(h!.range), '5:0-5:15');
  });

  test('os.name in a fragment: each root that sets it says so', async () => {
    const md = markdown(await hoverAt(t, 'fragments/base.yaml', '  name', 3));
    assert.match(md, /^\*\*name\*\*: OS type;/);
    assert.ok(
      md.endsWith(
        [
          'In **db** (db.yaml): `alpine` set in db.yaml:6, overriding this file.',
          'In **tpl** (tpl.yaml): `alpine` set in tpl.yaml:5, overriding this file.',
          'In **web** (web.yaml): `alpine` set in web.yaml:6, overriding this file.',
        ].join('\n\n'),
      ),
      md,
    );
  });

  test('a key that no other file sets: the description only', async () => {
    const h = await hoverAt(t, 'containers/tpl.yaml', 'profile-pattern', 3);
    assert.equal(markdown(h), `**profile-pattern**: ${schemaDoc('profile-pattern')}`);
  });

  test('an include entry: a summary of what the included file brings', async () => {
    const h = await hoverAt(t, 'containers/web.yaml', '../fragments/devices.yaml', 5);
    assert.equal(
      markdown(h),
      `**../fragments/devices.yaml** (${t.path('fragments/devices.yaml')})\n- filesystems: \`host\`\n- devices: \`home\``,
    );
    assert.equal(r(h!.range), '3:4-3:29');
    const base = await hoverAt(t, 'containers/web.yaml', '../fragments/base.yaml', 5);
    assert.equal(
      markdown(base),
      `**../fragments/base.yaml** (${t.path('fragments/base.yaml')})\n- properties: \`fsroot=z/demo\`\n- also sets: \`os\`, \`profile-pattern\``,
    );
    assert.equal(r(base!.range), '2:4-2:26');
  });

  test('an include entry whose file is missing says so', async () => {
    const text = `${FILES['containers/db.yaml']}`.replace(
      '../fragments/devices.yaml',
      '../fragments/nope.yaml',
    );
    await t.open('containers/db.yaml', text);
    const h = await t.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: t.uri('containers/db.yaml') },
      position: positionOf(text, 'nope', 1),
    });
    assert.equal(markdown(h), `\`../fragments/nope.yaml\`: not found (${t.path('fragments/nope.yaml')})`);
    await t.change('containers/db.yaml', FILES['containers/db.yaml']);
    await hoverAt(t, 'containers/db.yaml', 'include', 1);
  });

  test('a module and a module field of a #cloud-config file', async () => {
    t.write(
      'cloud/motd.cfg',
      '#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: hi\ntimezone: UTC\n',
    );
    const tz = await hoverAt(t, 'cloud/motd.cfg', 'timezone', 2);
    assert.match(markdown(tz), /^\*\*timezone\*\*: Time zone, step 4/);
    assert.equal(r(tz!.range), '4:0-4:8');
    const path = await hoverAt(t, 'cloud/motd.cfg', 'path', 2);
    assert.match(markdown(path), /^\*\*path\*\*: Absolute path of the file in the container/);
    assert.equal(r(path!.range), '2:4-2:8');
  });

  test('a pattern in an unsaved document: the open text is what counts', async () => {
    const text = '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.19\ncontainer: (instance)-x\n';
    await t.open('containers/fresh.yaml', text);
    const h = await t.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: t.uri('containers/fresh.yaml') },
      position: positionOf(text, '(instance)-x', 2),
    });
    assert.equal(markdown(h), '`(instance)-x` → `fresh-x`\n- `(instance)` = `fresh` (built-in)');
  });
});

describe('LSP hover (one root)', () => {
  test('(fsroot)/host/(instance) in a fragment of web.yaml only → z/demo/host/web, with the property sources', async () => {
    const t = await started({
      'fragments/base.yaml': FILES['fragments/base.yaml'],
      'fragments/devices.yaml': FILES['fragments/devices.yaml'],
      'containers/web.yaml': FILES['containers/web.yaml'],
      'cloud/base.cfg': FILES['cloud/base.cfg'],
    });
    try {
      const h = await hoverAt(t, 'fragments/devices.yaml', '(fsroot)/host', 1);
      assert.equal(
        markdown(h),
        '`(fsroot)/host/(instance)` → `z/demo/host/web` for **web** (web.yaml)\n- `(fsroot)` = `z/demo` (properties, base.yaml:3)\n- `(instance)` = `web` (built-in)',
      );
      assert.equal(r(h!.range), '3:13-3:37');
    } finally {
      t.dispose();
    }
  });

  test('a property set in the root: its file and line; lxdops.project changes the built-ins', async () => {
    const t = await started(
      {
        'fragments/devices.yaml': FILES['fragments/devices.yaml'],
        'containers/web.yaml':
          '#lxdops\ninclude:\n  - ../fragments/devices.yaml\nproperties:\n  fsroot: tank/web\nos:\n  name: alpine\n  image: images:alpine/3.19\ncontainer: (project_instance)\n',
      },
      { project: 'demo' },
    );
    try {
      const h = await hoverAt(t, 'fragments/devices.yaml', '(fsroot)/host', 1);
      assert.equal(
        markdown(h),
        '`(fsroot)/host/(instance)` → `tank/web/host/web` for **web** (web.yaml)\n- `(fsroot)` = `tank/web` (properties, web.yaml:5)\n- `(instance)` = `web` (built-in)',
      );
      const c = await hoverAt(t, 'containers/web.yaml', '(project_instance)', 1);
      assert.equal(
        markdown(c),
        '`(project_instance)` → `demo_web`\n- `(project_instance)` = `demo_web` (built-in)',
      );
    } finally {
      t.dispose();
    }
  });
});

describe('LSP hover settings', () => {
  test('hover.enable = false: null where there would be a description', async () => {
    const t = await started({ 'c1.yaml': '#lxdops\nstop: true\n' }, { hover: { enable: false } });
    try {
      assert.equal(await hoverAt(t, 'c1.yaml', 'stop', 1), null);
      t.settings = {};
      const rechecked = t.nextDiagnostics('broken.yaml');
      await t.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await rechecked;
      assert.match(markdown(await hoverAt(t, 'c1.yaml', 'stop', 1)), /^\*\*stop\*\*: If true/);
    } finally {
      t.dispose();
    }
  });
});
