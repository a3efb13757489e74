import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type DocumentLink, type DocumentSymbol, type Location, SymbolKind } from 'vscode-languageserver';
import { FILES } from './fixtureWorkspace';
import { positionOf, TestConnection } from './testConnection';

/**
 * FILES (web.yaml and db.yaml include base.yaml and devices.yaml) plus app.yaml, whose filesystems
 * (fs.yaml) and devices (dev.yaml) live in two sibling fragments, and a global properties file.
 */
const WS = {
  ...FILES,
  'fragments/fs.yaml':
    '#lxdops\nfilesystems:\n  data:\n    pattern: (fsroot)/data/(instance)\n  logs:\n    pattern: (fsroot)/log/(instance)\n',
  'fragments/dev.yaml':
    '#lxdops\ndevices:\n  data:\n    path: /data\n    filesystem: data\n  log:\n    path: /var/log\n    filesystem: logs\n    dir: (site)/log\n',
  'containers/app.yaml':
    '#lxdops\ninclude:\n  - ../fragments/base.yaml\n  - ../fragments/fs.yaml\n  - ../fragments/dev.yaml\nproperties:\n  site: example\nos:\n  name: alpine\n  image: images:alpine/3.19\ndevice-template: tpl-(zone)\ncloud-config-files:\n  - ../cloud/base.cfg\n',
  'props/global.yaml': 'zone: eu-west\n',
};

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;

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

describe('LSP navigation', () => {
  let t: TestConnection;
  before(async () => {
    t = await started(WS, { propertiesFile: 'props/global.yaml' });
  });
  after(() => t.dispose());

  /** `relative-path@range` for each location, in a stable order. */
  const where = (list: Location[]) =>
    list.map((l) => `${l.uri.slice(`${t.uri('')}/`.length)}@${r(l.range)}`).sort();
  const at = async <R>(
    method: string,
    rel: string,
    needle: string,
    delta: number,
    nth = 0,
    extra: Record<string, unknown> = {},
  ): Promise<R> => {
    const text = readFileSync(t.path(rel), 'utf8');
    return t.request<R>(method, {
      textDocument: { uri: t.uri(rel) },
      position: positionOf(text, needle, delta, nth),
      ...extra,
    });
  };
  const definition = (rel: string, needle: string, delta: number, nth = 0) =>
    at<Location[]>('textDocument/definition', rel, needle, delta, nth);
  const references = (rel: string, needle: string, delta: number, includeDeclaration = false) =>
    at<Location[]>('textDocument/references', rel, needle, delta, 0, { context: { includeDeclaration } });

  test('definition of an include entry: the included file', async () => {
    const list = await definition('containers/app.yaml', '../fragments/dev.yaml', 5);
    assert.deepEqual(list, [
      {
        uri: t.uri('fragments/dev.yaml'),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ]);
  });

  test('definition of a cloud-config-files entry: the cloud-config file', async () => {
    assert.deepEqual(where(await definition('containers/app.yaml', '../cloud/base.cfg', 3)), [
      'cloud/base.cfg@0:0-0:0',
    ]);
  });

  test("definition of a device's filesystem: the filesystems.<id> key in the sibling fragment", async () => {
    assert.deepEqual(where(await definition('fragments/dev.yaml', 'filesystem: logs', 14)), [
      'fragments/fs.yaml@4:2-4:6',
    ]);
    assert.deepEqual(where(await definition('fragments/dev.yaml', 'filesystem: data', 12)), [
      'fragments/fs.yaml@2:2-2:6',
    ]);
  });

  test('definition of a filesystem seen from two roots is given once', async () => {
    assert.deepEqual(where(await definition('fragments/devices.yaml', 'filesystem: host', 13)), [
      'fragments/devices.yaml@2:2-2:6',
    ]);
  });

  test("definition of (key) in a fragment's pattern: the property key in the including file's properties", async () => {
    const list = await definition('fragments/dev.yaml', '(site)', 2);
    assert.deepEqual(
      list.map((l) => l.uri),
      [t.uri('containers/app.yaml')],
    );
    assert.deepEqual(where(list), ['containers/app.yaml@6:2-6:6']);
  });

  test('definition of (key) defined in a sibling fragment: the property key there', async () => {
    assert.deepEqual(where(await definition('fragments/fs.yaml', '(fsroot)', 2)), [
      'fragments/base.yaml@2:2-2:8',
    ]);
  });

  test('definition of (key) from the global properties file (lxdops.propertiesFile): its entry there', async () => {
    const list = await definition('containers/app.yaml', '(zone)', 2);
    assert.deepEqual(
      list.map((l) => l.uri),
      [t.uri('props/global.yaml')],
    );
    assert.deepEqual(where(list), ['props/global.yaml@0:0-0:4']);
  });

  test('definition of a built-in property: none (it is written nowhere)', async () => {
    assert.deepEqual(await definition('fragments/fs.yaml', '(instance)', 2), []);
  });

  test('references of a fragment: the include entries of both roots', async () => {
    assert.deepEqual(where(await references('fragments/devices.yaml', 'devices:', 1)), [
      'containers/db.yaml@3:4-3:29',
      'containers/web.yaml@3:4-3:29',
    ]);
    assert.deepEqual(where(await references('fragments/base.yaml', 'os:', 1)), [
      'containers/app.yaml@2:4-2:26',
      'containers/db.yaml@2:4-2:26',
      'containers/web.yaml@2:4-2:26',
    ]);
  });

  test('references of a cloud-config file: the cloud-config-files entries that list it', async () => {
    assert.deepEqual(where(await references('cloud/base.cfg', 'timezone', 1)), [
      'containers/app.yaml@12:4-12:21',
      'containers/web.yaml@10:4-10:21',
    ]);
  });

  test('references of a filesystems id: the devices that use it', async () => {
    assert.deepEqual(where(await references('fragments/fs.yaml', 'logs:', 1)), [
      'fragments/dev.yaml@7:16-7:20',
    ]);
    assert.deepEqual(where(await references('fragments/devices.yaml', 'host:', 1)), [
      'fragments/devices.yaml@8:16-8:20',
    ]);
  });

  test('references of a filesystems id with includeDeclaration: the id itself too', async () => {
    assert.deepEqual(where(await references('fragments/fs.yaml', 'logs:', 1, true)), [
      'fragments/dev.yaml@7:16-7:20',
      'fragments/fs.yaml@4:2-4:6',
    ]);
  });

  test('references of a property key: the patterns that use it', async () => {
    assert.deepEqual(where(await references('containers/app.yaml', 'site:', 1)), [
      'fragments/dev.yaml@8:9-8:15',
    ]);
  });

  test('document links for every include and cloud-config-files entry', async () => {
    const links = await t.request<DocumentLink[]>('textDocument/documentLink', {
      textDocument: { uri: t.uri('containers/app.yaml') },
    });
    assert.deepEqual(
      links.map((l) => [r(l.range), l.target]),
      [
        ['2:4-2:26', t.uri('fragments/base.yaml')],
        ['3:4-3:24', t.uri('fragments/fs.yaml')],
        ['4:4-4:25', t.uri('fragments/dev.yaml')],
        ['12:4-12:21', t.uri('cloud/base.cfg')],
      ],
    );
  });

  test('no link for an entry whose file does not exist', async () => {
    const text = `${FILES['containers/web.yaml']}  - ../cloud/missing.cfg\n`;
    await t.open('containers/web.yaml', text);
    const links = await t.request<DocumentLink[]>('textDocument/documentLink', {
      textDocument: { uri: t.uri('containers/web.yaml') },
    });
    assert.deepEqual(
      links.map((l) => [r(l.range), l.target]),
      [
        ['2:4-2:26', t.uri('fragments/base.yaml')],
        ['3:4-3:29', t.uri('fragments/devices.yaml')],
        ['10:4-10:21', t.uri('cloud/base.cfg')],
      ],
    );
    await t.change('containers/web.yaml', FILES['containers/web.yaml']);
    await definition('containers/web.yaml', 'include', 1);
  });

  test('document symbols: top-level keys, filesystems and devices with their entries', async () => {
    type S = { name: string; kind: SymbolKind; range: string; sel: string; detail?: string; children: S[] };
    const simple = (s: DocumentSymbol): S => ({
      name: s.name,
      kind: s.kind,
      range: r(s.range),
      sel: r(s.selectionRange),
      ...(s.detail ? { detail: s.detail } : {}),
      children: (s.children ?? []).map(simple),
    });
    const list = await t.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: t.uri('fragments/devices.yaml') },
    });
    assert.deepEqual(list.map(simple), [
      {
        name: 'filesystems',
        kind: SymbolKind.Object,
        range: '1:0-5:0',
        sel: '1:0-1:11',
        children: [
          {
            name: 'host',
            kind: SymbolKind.Struct,
            range: '2:2-5:0',
            sel: '2:2-2:6',
            children: [
              {
                name: 'pattern',
                kind: SymbolKind.Property,
                range: '3:4-3:37',
                sel: '3:4-3:11',
                detail: '(fsroot)/host/(instance)',
                children: [],
              },
              {
                name: 'destroy',
                kind: SymbolKind.Property,
                range: '4:4-4:17',
                sel: '4:4-4:11',
                detail: 'true',
                children: [],
              },
            ],
          },
        ],
      },
      {
        name: 'devices',
        kind: SymbolKind.Object,
        range: '5:0-9:0',
        sel: '5:0-5:7',
        children: [
          {
            name: 'home',
            kind: SymbolKind.Field,
            range: '6:2-9:0',
            sel: '6:2-6:6',
            children: [
              {
                name: 'path',
                kind: SymbolKind.Property,
                range: '7:4-7:15',
                sel: '7:4-7:8',
                detail: '/home',
                children: [],
              },
              {
                name: 'filesystem',
                kind: SymbolKind.Property,
                range: '8:4-8:20',
                sel: '8:4-8:14',
                detail: 'host',
                children: [],
              },
            ],
          },
        ],
      },
    ]);
  });

  test('document symbols of a root: every top-level key, properties and list entries as children', async () => {
    const list = await t.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: t.uri('containers/app.yaml') },
    });
    assert.deepEqual(
      list.map((s) => [
        s.name,
        s.kind,
        r(s.selectionRange),
        (s.children ?? []).map((c) => `${c.name}:${c.kind}`),
      ]),
      [
        [
          'include',
          SymbolKind.Array,
          '1:0-1:7',
          [
            `../fragments/base.yaml:${SymbolKind.File}`,
            `../fragments/fs.yaml:${SymbolKind.File}`,
            `../fragments/dev.yaml:${SymbolKind.File}`,
          ],
        ],
        ['properties', SymbolKind.Object, '5:0-5:10', [`site:${SymbolKind.Variable}`]],
        ['os', SymbolKind.Object, '7:0-7:2', [`name:${SymbolKind.Property}`, `image:${SymbolKind.Property}`]],
        ['device-template', SymbolKind.Property, '10:0-10:15', []],
        ['cloud-config-files', SymbolKind.Array, '11:0-11:18', [`../cloud/base.cfg:${SymbolKind.File}`]],
      ],
    );
    assert.equal(list[3]!.detail, 'tpl-(zone)');
  });
});

describe('LSP navigation settings', () => {
  test('navigation.enable = false: no definition, references, links or symbols', async () => {
    const t = await started({ ...FILES }, { navigation: { enable: false } });
    try {
      const text = FILES['containers/web.yaml'];
      const uri = t.uri('containers/web.yaml');
      assert.deepEqual(
        await t.request('textDocument/definition', {
          textDocument: { uri },
          position: positionOf(text, '../fragments/base.yaml', 3),
        }),
        [],
      );
      assert.deepEqual(
        await t.request('textDocument/references', {
          textDocument: { uri: t.uri('fragments/base.yaml') },
          position: { line: 1, character: 1 },
          context: { includeDeclaration: false },
        }),
        [],
      );
      assert.deepEqual(await t.request('textDocument/documentLink', { textDocument: { uri } }), []);
      assert.deepEqual(await t.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    } finally {
      t.dispose();
    }
  });
});
