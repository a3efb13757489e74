import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import lxdopsSchema from '../../schemas/lxdops.schema.json';
import cloudSchema from '../../schemas/cloud-config.schema.json';
import { FILES } from './fixtureWorkspace';
import { positionOf, TestConnection } from './testConnection';

/** base.yaml, devices.yaml, web.yaml and db.yaml, plus a root whose devices and filesystems live in two sibling fragments. */
const WS = {
  ...FILES,
  'fragments/fs.yaml':
    '#lxdops\nfilesystems:\n  data:\n    pattern: (fsroot)/data/(instance)\n  logs:\n    pattern: (fsroot)/log/(instance)\n',
  'fragments/dev.yaml':
    '#lxdops\ndevices:\n  data:\n    path: /data\n    filesystem: data\n  log:\n    path: /var/log\n    filesystem: logs\n',
  'containers/app.yaml':
    '#lxdops\ninclude:\n  - ../fragments/base.yaml\n  - ../fragments/fs.yaml\n  - ../fragments/dev.yaml\nproperties:\n  site: example\nos:\n  name: alpine\n  image: images:alpine/3.19\nprofile-pattern: (instance).app\n',
  'props/global.yaml': 'zone: eu-west\n',
};

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
const edit = (c: CompletionItem) => {
  const te = c.textEdit as { range: Range; newText: string };
  return `${r(te.range)} ${te.newText}`;
};
const labels = (list: CompletionItem[]) => list.map((c) => c.label);
const byLabel = (list: CompletionItem[]) =>
  [...list].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
const find = (list: CompletionItem[], label: string) => {
  const c = list.find((x) => x.label === label);
  assert.ok(c, `no completion ${label} in ${labels(list).join(', ')}`);
  return c;
};
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

describe('LSP completion', () => {
  let t: TestConnection;
  before(async () => {
    t = await started(WS, { propertiesFile: 'props/global.yaml' });
  });
  after(() => t.dispose());

  /** Opens `rel` with `text` and asks for completions at `needle` + `delta`. */
  /**
   * Opens `rel` with `text` and asks for completions at `needle` + `delta`. A document that is not
   * on disk is closed again, so that it does not stay a root of the fragments it includes.
   */
  const complete = async (
    rel: string,
    text: string,
    needle: string,
    delta: number,
    nth = 0,
  ): Promise<CompletionItem[]> => {
    await t.open(rel, text);
    const list = await t.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: t.uri(rel) },
      position: positionOf(text, needle, delta, nth),
    });
    if (!(rel in WS)) {
      await t.client.sendNotification('textDocument/didClose', { textDocument: { uri: t.uri(rel) } });
      await t.request('textDocument/completion', {
        textDocument: { uri: t.uri('containers/app.yaml') },
        position: { line: 0, character: 0 },
      });
    }
    return list;
  };
  /** Puts the text of a workspace file back (and lets the server take it in before the next step). */
  const restore = async (rel: keyof typeof WS) => {
    await t.change(rel, WS[rel]);
    await t.request('textDocument/completion', {
      textDocument: { uri: t.uri(rel) },
      position: { line: 0, character: 0 },
    });
  };

  test('top-level keys at an empty line: every key not yet present, in schema order, with its documentation', async () => {
    const text = `${WS['containers/app.yaml']}\n`;
    const list = await complete('containers/app-top.yaml', text, '.app\n', 5);
    assert.deepEqual(labels(list), [
      'description',
      'stop',
      'snapshot',
      'project',
      'container',
      'profile-config',
      'origin',
      'device-template',
      'device-origin',
      'source-config',
      'lxc-options',
      'filesystems',
      'devices',
      'device-owner',
      'profiles',
      'profiles-config',
      'profiles-run',
      'cloud-config-files',
    ]);
    for (const c of list) {
      assert.equal(c.kind, CompletionItemKind.Property, c.label);
      assert.deepEqual(c.documentation, { kind: 'markdown', value: schemaDoc(c.label) }, c.label);
      assert.equal(c.insertTextFormat, InsertTextFormat.Snippet, c.label);
      assert.equal(r((c.textEdit as { range: Range }).range), '11:0-11:0', c.label);
    }
  });

  test('keys already present are not offered (include, properties, os, profile-pattern)', async () => {
    const list = await complete('containers/app-top2.yaml', `${WS['containers/app.yaml']}\n`, '.app\n', 5);
    for (const k of ['include', 'properties', 'os', 'profile-pattern'])
      assert.ok(!labels(list).includes(k), k);
  });

  test('snippets where the value has a shape: filesystems (a named block), profiles (a list), stop (a choice)', async () => {
    const list = await complete('containers/app-top3.yaml', `${WS['containers/app.yaml']}\n`, '.app\n', 5);
    assert.equal(edit(find(list, 'filesystems')), '11:0-11:0 filesystems:\n  ${1:name}:\n    $0');
    assert.equal(edit(find(list, 'devices')), '11:0-11:0 devices:\n  ${1:name}:\n    $0');
    assert.equal(edit(find(list, 'profiles')), '11:0-11:0 profiles:\n  - $0');
    assert.equal(edit(find(list, 'stop')), '11:0-11:0 stop: ${1|true,false|}');
    assert.equal(edit(find(list, 'description')), '11:0-11:0 description: $0');
  });

  test('a word being typed at the top level is replaced: `fi` → its range', async () => {
    const text = '#lxdops\nos:\n  name: alpine\nfi\n';
    const list = await complete('containers/typing.yaml', text, '\nfi', 3);
    assert.equal(edit(find(list, 'filesystems')), '3:0-3:2 filesystems:\n  ${1:name}:\n    $0');
    assert.ok(!labels(list).includes('os'));
  });

  test('keys inside os: typing `na` under `os:` offers name, image, version, replacing `na`', async () => {
    const text = '#lxdops\nos:\n  na\n';
    const list = await complete('containers/os1.yaml', text, '  na', 4);
    assert.deepEqual(labels(list), ['name', 'image', 'version']);
    assert.equal(edit(list[0]!), '2:2-2:4 name: ${1:alpine}');
    assert.equal(list[0]!.kind, CompletionItemKind.Property);
    assert.match(
      String((list[0]!.documentation as { value: string }).value),
      /^OS type; lxdops supports alpine, debian and ubuntu/,
    );
  });

  test('keys inside os on a blank line: only those not yet present', async () => {
    const text = '#lxdops\nos:\n  name: alpine\n  \n';
    const list = await complete('containers/os2.yaml', text, 'alpine\n  ', 9);
    assert.deepEqual(list.map(edit), [
      '3:2-3:2 image: ${1:images:alpine/3.19}',
      '3:2-3:2 version: ${1:3.19}',
    ]);
  });

  test('enum values for os.name after `name: `: alpine, debian, ubuntu', async () => {
    const text = '#lxdops\nos:\n  name: \n';
    const list = await complete('containers/os3.yaml', text, 'name: ', 6);
    assert.deepEqual(
      list.map((c) => [c.label, c.kind, edit(c)]),
      [
        ['alpine', CompletionItemKind.EnumMember, '2:8-2:8 alpine'],
        ['debian', CompletionItemKind.EnumMember, '2:8-2:8 debian'],
        ['ubuntu', CompletionItemKind.EnumMember, '2:8-2:8 ubuntu'],
      ],
    );
  });

  test('enum values replace the partial value: `name: al|`', async () => {
    const text = '#lxdops\nos:\n  name: al\n';
    const list = await complete('containers/os4.yaml', text, 'name: al', 8);
    assert.deepEqual(list.map(edit), ['2:8-2:10 alpine', '2:8-2:10 debian', '2:8-2:10 ubuntu']);
  });

  test('filesystem ids in devices.X.filesystem come from a sibling include (fs.yaml, seen through app.yaml)', async () => {
    const text = WS['fragments/dev.yaml'].replace('filesystem: logs', 'filesystem: ');
    const list = await complete('fragments/dev.yaml', text, 'filesystem: ', 12, 1);
    assert.deepEqual(
      list.map((c) => ({ label: c.label, kind: c.kind, detail: c.detail, edit: edit(c) })),
      [
        {
          label: 'data',
          kind: CompletionItemKind.Reference,
          detail: '(fsroot)/data/(instance)',
          edit: '7:16-7:16 data',
        },
        {
          label: 'logs',
          kind: CompletionItemKind.Reference,
          detail: '(fsroot)/log/(instance)',
          edit: '7:16-7:16 logs',
        },
      ],
    );
    assert.deepEqual(list[1]!.documentation, {
      kind: 'markdown',
      value: 'Filesystem `logs`: `(fsroot)/log/(instance)`',
    });
    await restore('fragments/dev.yaml');
  });

  test('property names right after `(`: config (own and included), built-ins and the global properties file', async () => {
    const text = WS['containers/app.yaml'].replace('profile-pattern: (instance).app', 'profile-pattern: (');
    const list = await complete('containers/app.yaml', text, 'pattern: (', 10);
    assert.deepEqual(
      byLabel(list).map((c) => ({ label: c.label, kind: c.kind, detail: c.detail, edit: edit(c) })),
      [
        {
          label: 'fsroot',
          kind: CompletionItemKind.Variable,
          detail: 'z/demo (config)',
          edit: '10:18-10:18 fsroot',
        },
        {
          label: 'instance',
          kind: CompletionItemKind.Variable,
          detail: 'app (built-in)',
          edit: '10:18-10:18 instance',
        },
        {
          label: 'project',
          kind: CompletionItemKind.Variable,
          detail: 'default (built-in)',
          edit: '10:18-10:18 project',
        },
        {
          label: 'project/',
          kind: CompletionItemKind.Variable,
          detail: ' (built-in)',
          edit: '10:18-10:18 project/',
        },
        {
          label: 'project_instance',
          kind: CompletionItemKind.Variable,
          detail: 'app (built-in)',
          edit: '10:18-10:18 project_instance',
        },
        {
          label: 'site',
          kind: CompletionItemKind.Variable,
          detail: 'example (config)',
          edit: '10:18-10:18 site',
        },
        {
          label: 'zone',
          kind: CompletionItemKind.Variable,
          detail: 'eu-west (global)',
          edit: '10:18-10:18 zone',
        },
      ],
    );
    assert.deepEqual(find(list, 'zone').documentation, {
      kind: 'markdown',
      value: '`(zone)` = `eu-west` — from the global properties file',
    });
    assert.deepEqual(find(list, 'instance').documentation, {
      kind: 'markdown',
      value: '`(instance)` = `app` — built-in property',
    });
    assert.deepEqual(find(list, 'fsroot').documentation, {
      kind: 'markdown',
      value: '`(fsroot)` = `z/demo` — from `properties`',
    });
    // user properties sort before the built-ins
    assert.ok(find(list, 'site').sortText! < find(list, 'instance').sortText!);
    assert.ok(find(list, 'zone').sortText! < find(list, 'project').sortText!);
    await restore('containers/app.yaml');
  });

  test('a property name being typed inside `( )` is replaced up to the `)`', async () => {
    const text = WS['containers/app.yaml'].replace(
      'profile-pattern: (instance).app',
      'profile-pattern: (si).app',
    );
    const list = await complete('containers/app.yaml', text, '(si', 3);
    assert.equal(edit(find(list, 'site')), '10:18-10:20 site');
    await restore('containers/app.yaml');
  });

  test('in a fragment, property names come from the roots that include it', async () => {
    const text = WS['fragments/fs.yaml'].replace('(fsroot)/data', '(fs)/data');
    const list = await complete('fragments/fs.yaml', text, '(fs)', 3);
    assert.deepEqual(labels(byLabel(list)), [
      'fsroot',
      'instance',
      'project',
      'project/',
      'project_instance',
      'site',
      'zone',
    ]);
    assert.equal(edit(find(list, 'fsroot')), '3:14-3:16 fsroot');
    assert.equal(find(list, 'instance').detail, 'app (built-in, app.yaml)');
    await restore('fragments/fs.yaml');
  });
});

describe('LSP completion of paths', () => {
  let t: TestConnection;
  const ROOT = '#lxdops\ninclude:\n  - \ncloud-config-files:\n  - cfg/\n';
  before(async () => {
    t = await started({
      'paths/root.yaml': ROOT,
      'paths/frag.yaml': '#lxdops\n',
      'paths/other.yml': '#lxdops\n',
      'paths/readme.md': '# notes\n',
      'paths/.hidden.yaml': '#lxdops\n',
      'paths/sub/inner.yaml': '#lxdops\n',
      'paths/cfg/a.cfg': '#cloud-config\n',
      'paths/cfg/b.yaml': '#cloud-config\n',
      'paths/cfg/c.txt': 'text\n',
      'paths/cfg/deep/x.cfg': '#cloud-config\n',
    });
  });
  after(() => t.dispose());

  const complete = async (text: string, needle: string, delta: number): Promise<CompletionItem[]> => {
    await t.open('paths/root.yaml', text);
    return t.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: t.uri('paths/root.yaml') },
      position: positionOf(text, needle, delta),
    });
  };

  test('include, at `- `: .yaml/.yml files of the folder (not itself, not hidden, not .md), folders with `/`, and `../`', async () => {
    const list = await complete(ROOT, '  - \n', 4);
    assert.deepEqual(
      byLabel(list).map((c) => ({ label: c.label, kind: c.kind, edit: edit(c) })),
      [
        { label: '../', kind: CompletionItemKind.Folder, edit: '2:4-2:4 ../' },
        { label: 'cfg/', kind: CompletionItemKind.Folder, edit: '2:4-2:4 cfg/' },
        { label: 'frag.yaml', kind: CompletionItemKind.File, edit: '2:4-2:4 frag.yaml' },
        { label: 'other.yml', kind: CompletionItemKind.File, edit: '2:4-2:4 other.yml' },
        { label: 'sub/', kind: CompletionItemKind.Folder, edit: '2:4-2:4 sub/' },
      ],
    );
    // choosing a folder asks for suggestions again
    assert.deepEqual(find(list, 'sub/').command, {
      title: 'Suggest',
      command: 'editor.action.triggerSuggest',
    });
    // files sort before folders
    assert.ok(find(list, 'frag.yaml').sortText! < find(list, 'sub/').sortText!);
  });

  test('include, after `sub/`: the files of that folder, replacing only what follows the slash', async () => {
    const text = ROOT.replace('include:\n  - \n', 'include:\n  - sub/in\n');
    const list = await complete(text, 'sub/in', 6);
    assert.deepEqual(
      list.map((c) => [c.label, edit(c)]),
      [['inner.yaml', '2:8-2:10 inner.yaml']],
    );
  });

  test('cloud-config-files, after `cfg/`: .cfg and .yaml files (not .txt) and sub-folders', async () => {
    const list = await complete(ROOT, 'cfg/\n', 4);
    assert.deepEqual(
      byLabel(list).map((c) => ({ label: c.label, kind: c.kind, edit: edit(c) })),
      [
        { label: 'a.cfg', kind: CompletionItemKind.File, edit: '4:8-4:8 a.cfg' },
        { label: 'b.yaml', kind: CompletionItemKind.File, edit: '4:8-4:8 b.yaml' },
        { label: 'deep/', kind: CompletionItemKind.Folder, edit: '4:8-4:8 deep/' },
      ],
    );
  });
});

describe('LSP completion in #cloud-config files', () => {
  let t: TestConnection;
  before(async () => {
    t = await started({ 'cloud/base.cfg': '#cloud-config\ntimezone: UTC\n' });
  });
  after(() => t.dispose());

  const complete = async (
    rel: string,
    text: string,
    needle: string,
    delta: number,
  ): Promise<CompletionItem[]> => {
    await t.open(rel, text, 'cloud-config');
    return t.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: t.uri(rel) },
      position: positionOf(text, needle, delta),
    });
  };
  const moduleDoc = (m: string) =>
    (cloudSchema.properties as unknown as Record<string, { description: string }>)[m]!.description;

  test('module names at the top of an empty #cloud-config file, as modules with their docs and snippets', async () => {
    const list = await complete('cloud/new.cfg', '#cloud-config\n\n', '\n\n', 1);
    assert.deepEqual(
      list.map((c) => [c.label, c.kind, edit(c)]),
      [
        ['packages', CompletionItemKind.Module, '1:0-1:0 packages:\n  - $0'],
        ['write_files', CompletionItemKind.Module, '1:0-1:0 write_files:\n  - $0'],
        ['users', CompletionItemKind.Module, '1:0-1:0 users:\n  - $0'],
        ['timezone', CompletionItemKind.Module, '1:0-1:0 timezone: ${1:UTC}'],
        ['runcmd', CompletionItemKind.Module, '1:0-1:0 runcmd:\n  - $0'],
      ],
    );
    for (const c of list) assert.deepEqual(c.documentation, { kind: 'markdown', value: moduleDoc(c.label) });
  });

  test('modules already present are not offered', async () => {
    const list = await complete('cloud/base.cfg', '#cloud-config\ntimezone: UTC\n\n', 'UTC\n', 4);
    assert.deepEqual(labels(list), ['packages', 'write_files', 'users', 'runcmd']);
  });

  test('fields inside a write_files item while typing: `co` → content, owner, ... (path is present)', async () => {
    const text = '#cloud-config\nwrite_files:\n  - path: /etc/motd\n    co\n';
    const list = await complete('cloud/wf1.cfg', text, '    co', 6);
    assert.deepEqual(labels(list), [
      'content',
      'owner',
      'permissions',
      'encoding',
      'source',
      'append',
      'defer',
    ]);
    assert.equal(edit(find(list, 'content')), '3:4-3:6 content: $0');
    assert.equal(edit(find(list, 'permissions')), '3:4-3:6 permissions: ${1:0644}');
    assert.equal(edit(find(list, 'defer')), '3:4-3:6 defer: ${1|true,false|}');
    assert.match(
      String((find(list, 'content').documentation as { value: string }).value),
      /^File content, written byte for byte/,
    );
  });

  test('fields inside a write_files item on a blank line of the item', async () => {
    const text = '#cloud-config\nwrite_files:\n  - path: /etc/motd\n    \n';
    const list = await complete('cloud/wf2.cfg', text, 'motd\n    ', 9);
    assert.deepEqual(labels(list), [
      'content',
      'owner',
      'permissions',
      'encoding',
      'source',
      'append',
      'defer',
    ]);
    assert.equal(edit(find(list, 'content')), '3:4-3:4 content: $0');
  });

  test('fields of a new write_files item right after `- `', async () => {
    const text = '#cloud-config\nwrite_files:\n  - \n';
    const list = await complete('cloud/wf3.cfg', text, '  - ', 4);
    assert.deepEqual(labels(list), [
      'path',
      'content',
      'owner',
      'permissions',
      'encoding',
      'source',
      'append',
      'defer',
    ]);
    assert.equal(edit(find(list, 'path')), '2:4-2:4 path: ${1:/etc/motd}');
  });
});

describe('LSP completion settings', () => {
  test('completion.enable = false: an empty list where there would be keys', async () => {
    const t = await started({ 'c1.yaml': '#lxdops\nos:\n  na\n' }, { completion: { enable: false } });
    try {
      await t.open('c1.yaml');
      const list = await t.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: t.uri('c1.yaml') },
        position: { line: 2, character: 4 },
      });
      assert.deepEqual(list, []);
      // switched back on through didChangeConfiguration
      t.settings = {};
      const rechecked = t.nextDiagnostics('broken.yaml');
      await t.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await rechecked;
      const again = await t.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: t.uri('c1.yaml') },
        position: { line: 2, character: 4 },
      });
      assert.deepEqual(labels(again), ['name', 'image', 'version']);
    } finally {
      t.dispose();
    }
  });
});
