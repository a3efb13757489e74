// The language server on an `#lxops-v1` workspace (issue 12 §1): diagnostics, completion, hover
// and go to definition work from lxops' schema and key table, beside an `#lxdops` fragment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, Hover, Location } from 'vscode-languageserver';
import lxopsSchema from '../../schemas/lxops.schema.json';
import { positionOf, TestConnection } from './testConnection';

const FILES = {
  'lxops/base.yaml': '#lxops-v1\nproperties:\n  fsroot: z/demo\nostype: debian\n',
  'lxops/old.yaml': '#lxdops\nos:\n  name: alpine\nprofiles:\n  - default\n',
  'lxops/web.yaml':
    '#lxops-v1\ninclude:\n  - base.yaml\n  - old.yaml\nimage: images:alpine/3.19\nfilesystems:\n  host:\n    pattern: (fsroot)/host/(instance)\ndevices:\n  home:\n    path: /home\n    filesystem: host\n    readonly: true\n  shared:\n    path: /shared\n    dir: /srv/shared\n',
};

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
const labels = (list: CompletionItem[]) => list.map((c) => c.label);
const doc = (key: string) =>
  (lxopsSchema.properties as unknown as Record<string, { description: string }>)[key]!.description;

describe('LSP on #lxops-v1 files', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({ ...FILES, 'broken.yaml': '#lxops-v1\nos: {name: alpine}\n' });
    await t.start();
    await t.diagnostics('broken.yaml', (d) => d.length > 0);
  });
  after(() => t.dispose());

  test('a clean #lxops-v1 root with an #lxdops fragment has no diagnostics', async () => {
    await t.open('lxops/web.yaml');
    assert.deepEqual(await t.diagnostics('lxops/web.yaml'), []);
  });

  test('a key lxops dropped: removed-key at the key, with what to do (and os no longer gives the image)', async () => {
    const list = await t.diagnostics('broken.yaml', (d) => d.length > 0);
    assert.deepEqual(
      list.map((d) => `${d.code}@${r(d.range)}`),
      ['missing-image@0:0-0:9', 'removed-key@1:0-1:2'],
    );
    assert.match(String(list[1]!.message), /`ostype` \(was `os\.name`\)/);
  });

  test('an edit that gives a device no filesystem and a relative dir: device-dir-relative at the dir', async () => {
    const text = FILES['lxops/web.yaml'].replace('dir: /srv/shared', 'dir: shared');
    await t.change('lxops/web.yaml', text);
    const list = await t.diagnostics('lxops/web.yaml', (d) => d.length > 0);
    assert.deepEqual(
      list.map((d) => `${d.code}@${r(d.range)}`),
      ['device-dir-relative@15:9-15:15'],
    );
    await t.change('lxops/web.yaml', FILES['lxops/web.yaml']);
    assert.deepEqual(await t.diagnostics('lxops/web.yaml', (d) => d.length === 0), []);
  });

  test('completion of top-level keys: the lxops keys, without os, container, stop', async () => {
    const text = `${FILES['lxops/web.yaml']}\n`;
    await t.change('lxops/web.yaml', text);
    const list = await t.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: t.uri('lxops/web.yaml') },
      position: { line: text.split('\n').length - 1, character: 0 },
    });
    const got = labels(list);
    for (const k of ['ostype', 'description', 'profile-pattern', 'cloud-config-files'])
      assert.ok(got.includes(k), k);
    for (const k of ['os', 'container', 'stop', 'snapshot', 'profile-config', 'image', 'include'])
      assert.ok(!got.includes(k), `${k} is offered`);
    assert.equal(list.find((c) => c.label === 'ostype')?.documentation && true, true);
    await t.change('lxops/web.yaml', FILES['lxops/web.yaml']);
  });

  test('completion of a device key offers readonly; of ostype values, openwrt', async () => {
    const text = FILES['lxops/web.yaml'].replace('    readonly: true\n', '    \n');
    await t.change('lxops/web.yaml', text);
    const keys = await t.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: t.uri('lxops/web.yaml') },
      position: positionOf(text, '    filesystem: host\n    ', 25),
    });
    assert.ok(labels(keys).includes('readonly'), labels(keys).join(', '));
    const base = 'ostype: \n';
    await t.open('lxops/new.yaml', `#lxops-v1\n${base}`);
    const values = await t.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: t.uri('lxops/new.yaml') },
      position: { line: 1, character: 8 },
    });
    assert.deepEqual(labels(values), ['alpine', 'debian', 'ubuntu', 'openwrt']);
    await t.change('lxops/web.yaml', FILES['lxops/web.yaml']);
  });

  test('hover on image: its lxops documentation; on a pattern: the substituted value', async () => {
    const text = readFileSync(t.path('lxops/web.yaml'), 'utf8');
    const key = await t.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: t.uri('lxops/web.yaml') },
      position: positionOf(text, 'image:', 1),
    });
    assert.ok(key);
    assert.match(
      String((key.contents as { value: string }).value),
      new RegExp(
        `\\*\\*image\\*\\*: ${doc('image')
          .slice(0, 40)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
    const value = await t.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: t.uri('lxops/web.yaml') },
      position: positionOf(text, '(fsroot)/host', 2),
    });
    assert.ok(value);
    assert.match(String((value.contents as { value: string }).value), /→ `z\/demo\/host\/web`/);
  });

  test('hover on ostype in the fragment names the root where an include overrides it', async () => {
    const text = readFileSync(t.path('lxops/base.yaml'), 'utf8');
    await t.open('lxops/base.yaml');
    const h = await t.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: t.uri('lxops/base.yaml') },
      position: positionOf(text, 'ostype', 1),
    });
    assert.ok(h);
    // old.yaml (an #lxdops fragment, migrated on read) comes later in pre-order: its os.name wins
    assert.match(
      String((h.contents as { value: string }).value),
      /In \*\*web\*\* \(web\.yaml\): `alpine` set in old\.yaml:3/,
    );
  });

  test('go to definition on an include entry and on a (property)', async () => {
    const text = readFileSync(t.path('lxops/web.yaml'), 'utf8');
    const inc = await t.request<Location[]>('textDocument/definition', {
      textDocument: { uri: t.uri('lxops/web.yaml') },
      position: positionOf(text, 'base.yaml', 2),
    });
    assert.deepEqual(
      inc.map((l) => l.uri),
      [t.uri('lxops/base.yaml')],
    );
    const prop = await t.request<Location[]>('textDocument/definition', {
      textDocument: { uri: t.uri('lxops/web.yaml') },
      position: positionOf(text, '(fsroot)', 2),
    });
    assert.deepEqual(
      prop.map((l) => `${l.uri}@${r(l.range)}`),
      [`${t.uri('lxops/base.yaml')}@2:2-2:8`],
    );
  });

  test('the quick fix of removed-key on os: one edit to ostype and image', async () => {
    const text = '#lxops-v1\nos:\n  name: alpine\n  image: busybox\nprofiles: [default]\n';
    await t.open('lxops/fix.yaml', text);
    const list = await t.diagnostics('lxops/fix.yaml', (d) => d.some((x) => x.code === 'removed-key'));
    const diagnostic = list.find((d) => d.code === 'removed-key')!;
    const actions = await t.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: t.uri('lxops/fix.yaml') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.title === 'Replace os with ostype and image');
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const edits = Object.values(fix.edit?.changes ?? {}).flat();
    const docEdits = (fix.edit?.documentChanges ?? []).flatMap((c) =>
      'edits' in c ? (c.edits as { range: Range; newText: string }[]) : [],
    );
    const all = [...edits, ...docEdits];
    assert.deepEqual(
      all.map((e) => `${r(e.range)} ${e.newText}`),
      ['1:0-3:16 ostype: alpine\nimage: busybox'],
    );
  });
});
