import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type CodeAction,
  CodeActionKind,
  type CreateFile,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FILES } from './fixtureWorkspace';
import { TestConnection } from './testConnection';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;

/** The document changes of an action, with ranges as text and URIs relative to the workspace. */
function changes(t: TestConnection, a: CodeAction): unknown[] {
  const rel = (uri: string) => uri.slice(`${t.uri('')}/`.length);
  return (a.edit?.documentChanges ?? []).map((c) =>
    'kind' in c
      ? { create: rel((c as CreateFile).uri), options: (c as CreateFile).options }
      : {
          file: rel((c as TextDocumentEdit).textDocument.uri),
          version: (c as TextDocumentEdit).textDocument.version,
          edits: (c as TextDocumentEdit).edits.map((e) => [r(e.range), (e as TextEdit).newText]),
        },
  );
}

/** Applies an action's document changes to `texts` (relative path → text), as a client does. */
function apply(t: TestConnection, a: CodeAction, texts: Record<string, string>): Record<string, string> {
  const out = { ...texts };
  const rel = (uri: string) => uri.slice(`${t.uri('')}/`.length);
  for (const c of a.edit?.documentChanges ?? []) {
    if ('kind' in c) {
      const f = rel((c as CreateFile).uri);
      if (!(f in out)) out[f] = '';
      continue;
    }
    const e = c as TextDocumentEdit;
    const f = rel(e.textDocument.uri);
    assert.ok(f in out, `edit of ${f}, which neither exists nor is created`);
    out[f] = TextDocument.applyEdits(
      TextDocument.create(e.textDocument.uri, 'lxdops', 1, out[f]!),
      e.edits as TextEdit[],
    );
  }
  return out;
}

describe('LSP code actions', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({ ...FILES });
    await t.start();
  });
  after(() => t.dispose());

  /** Writes and opens `rel`, waits for a diagnostic `code`, and asks for the actions over its range. */
  const actionsFor = async (
    rel: string,
    text: string,
    code: string,
    languageId = 'lxdops',
  ): Promise<{ actions: CodeAction[]; diagnostic: Diagnostic }> => {
    t.write(rel, text);
    await t.open(rel, text, languageId);
    const list = await t.diagnostics(rel, (d) => d.some((x) => x.code === code));
    const diagnostic = list.find((x) => x.code === code)!;
    const actions = await t.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: t.uri(rel) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return { actions, diagnostic };
  };

  test('header near miss: `# lxdops` → replace the first line with `#lxdops`', async () => {
    const text = '# lxdops\nos: {name: alpine, image: x}\n';
    const { actions, diagnostic } = await actionsFor('other/near.yaml', text, 'header');
    assert.equal(r(diagnostic.range), '0:0-0:8');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Replace the first line with #lxdops', CodeActionKind.QuickFix, true]],
    );
    assert.deepEqual(actions[0]!.diagnostics, [diagnostic]);
    assert.deepEqual(changes(t, actions[0]!), [
      { file: 'other/near.yaml', version: null, edits: [['0:0-0:8', '#lxdops']] },
    ]);
    assert.equal(
      apply(t, actions[0]!, { 'other/near.yaml': text })['other/near.yaml'],
      '#lxdops\nos: {name: alpine, image: x}\n',
    );
  });

  test('a fragment without a header (included by a root): insert `#lxdops` as the first line', async () => {
    t.write('other/nohead.yaml', 'properties:\n  a: b\n');
    const root = '#lxdops\ninclude:\n  - nohead.yaml\nos: {name: alpine, image: x}\n';
    t.write('other/root.yaml', root);
    await t.changeOnDisk('other/root.yaml', root, 1);
    const list = await t.diagnostics('other/nohead.yaml', (d) => d.some((x) => x.code === 'header'));
    const diagnostic = list.find((x) => x.code === 'header')!;
    const actions = await t.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: t.uri('other/nohead.yaml') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Insert #lxdops as the first line'],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { file: 'other/nohead.yaml', version: null, edits: [['0:0-0:0', '#lxdops\n']] },
    ]);
  });

  test('unknown key `profile` → replace it with `profiles`', async () => {
    const text = '#lxdops\nos: {name: alpine, image: x}\nprofile:\n  - default\n';
    const { actions, diagnostic } = await actionsFor('other/uk.yaml', text, 'unknown-key');
    assert.equal(r(diagnostic.range), '2:0-2:7');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Change to `profiles`', CodeActionKind.QuickFix, true]],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { file: 'other/uk.yaml', version: null, edits: [['2:0-2:7', 'profiles']] },
    ]);
    assert.equal(
      apply(t, actions[0]!, { 'other/uk.yaml': text })['other/uk.yaml'],
      '#lxdops\nos: {name: alpine, image: x}\nprofiles:\n  - default\n',
    );
  });

  test('the same action for a cursor (empty range) inside the diagnostic', async () => {
    const text = '#lxdops\nos: {name: alpine, image: x}\nprofile:\n  - default\n';
    const { diagnostic } = await actionsFor('other/uk.yaml', text, 'unknown-key');
    const actions = await t.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: t.uri('other/uk.yaml') },
      range: { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } },
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to `profiles`'],
    );
  });

  test('include not found → create the file with `#lxdops`', async () => {
    const text = '#lxdops\nos: {name: alpine, image: x}\ninclude:\n  - missing/frag.yaml\n';
    const { actions, diagnostic } = await actionsFor('other/inc.yaml', text, 'include-not-found');
    assert.equal(r(diagnostic.range), '3:4-3:21');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Create missing/frag.yaml', CodeActionKind.QuickFix, true]],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { create: 'other/missing/frag.yaml', options: { ignoreIfExists: true } },
      { file: 'other/missing/frag.yaml', version: null, edits: [['0:0-0:0', '#lxdops\n']] },
    ]);
    assert.equal(apply(t, actions[0]!, { 'other/inc.yaml': text })['other/missing/frag.yaml'], '#lxdops\n');
  });

  test('cloud-config file not found → create it with `#cloud-config`', async () => {
    const text = '#lxdops\nos: {name: alpine, image: x}\ncloud-config-files:\n  - cloud/app.cfg\n';
    const { actions, diagnostic } = await actionsFor('other/ccf.yaml', text, 'cloud-config-not-found');
    assert.equal(r(diagnostic.range), '3:4-3:17');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Create cloud/app.cfg', CodeActionKind.QuickFix, true]],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { create: 'other/cloud/app.cfg', options: { ignoreIfExists: true } },
      { file: 'other/cloud/app.cfg', version: null, edits: [['0:0-0:0', '#cloud-config\n']] },
    ]);
  });

  test('undefined property, file with a `properties:` block → a new entry at the end of the block', async () => {
    const text = '#lxdops\nproperties:\n  a: 1\nos: {name: alpine, image: x}\ncontainer: (site)-c\n';
    const { actions, diagnostic } = await actionsFor('other/up.yaml', text, 'undefined-property');
    assert.equal(r(diagnostic.range), '4:11-4:17');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Define property `site` in up.yaml', CodeActionKind.QuickFix]],
    );
    assert.deepEqual(actions[0]!.diagnostics, [diagnostic]);
    assert.deepEqual(changes(t, actions[0]!), [
      { file: 'other/up.yaml', version: null, edits: [['3:0-3:0', '  site: ""\n']] },
    ]);
    assert.equal(
      apply(t, actions[0]!, { 'other/up.yaml': text })['other/up.yaml'],
      '#lxdops\nproperties:\n  a: 1\n  site: ""\nos: {name: alpine, image: x}\ncontainer: (site)-c\n',
    );
  });

  test('undefined property, file without `properties` → a new `properties:` block at the end', async () => {
    const text = '#lxdops\nos: {name: alpine, image: x}\ncontainer: (site)-c\n';
    const { actions } = await actionsFor('other/un.yaml', text, 'undefined-property');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Define property `site` in un.yaml'],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { file: 'other/un.yaml', version: null, edits: [['3:0-3:0', 'properties:\n  site: ""\n']] },
    ]);
    assert.equal(
      apply(t, actions[0]!, { 'other/un.yaml': text })['other/un.yaml'],
      `${text}properties:\n  site: ""\n`,
    );
  });

  test('undefined property with a near miss: the "Change to" fix comes first, then "Define"', async () => {
    const text = '#lxdops\nproperties:\n  site: x\nos: {name: alpine, image: x}\ncontainer: (stie)-c\n';
    const { actions } = await actionsFor('other/near-prop.yaml', text, 'undefined-property');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to (site)', 'Define property `stie` in near-prop.yaml'],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { file: 'other/near-prop.yaml', version: null, edits: [['4:11-4:17', '(site)']] },
    ]);
  });

  test('removed v1 key `packages` → a new cloud-config file with them, the key removed, a cloud-config-files entry added', async () => {
    const text =
      '#lxdops\nos: {name: alpine, image: x}\npackages:\n  - curl\n  - git\ncloud-config-files:\n  - ../cloud/base.cfg\n';
    const { actions, diagnostic } = await actionsFor('other/pk.yaml', text, 'removed-key');
    assert.equal(r(diagnostic.range), '2:0-2:8');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Move `packages` to a new cloud-config file pk-packages.cfg', CodeActionKind.QuickFix]],
    );
    assert.deepEqual(changes(t, actions[0]!), [
      { create: 'other/pk-packages.cfg', options: { ignoreIfExists: true } },
      {
        file: 'other/pk-packages.cfg',
        version: null,
        edits: [['0:0-0:0', '#cloud-config\npackages:\n  - curl\n  - git\n']],
      },
      {
        file: 'other/pk.yaml',
        version: null,
        edits: [
          ['7:0-7:0', '  - pk-packages.cfg\n'],
          ['2:0-5:0', ''],
        ],
      },
    ]);
    const after = apply(t, actions[0]!, { 'other/pk.yaml': text });
    assert.equal(
      after['other/pk.yaml'],
      '#lxdops\nos: {name: alpine, image: x}\ncloud-config-files:\n  - ../cloud/base.cfg\n  - pk-packages.cfg\n',
    );
    assert.equal(after['other/pk-packages.cfg'], '#cloud-config\npackages:\n  - curl\n  - git\n');
  });

  test('removed `packages` in a file without cloud-config-files: the key is added; a taken name gets -2', async () => {
    t.write('other/pk2-packages.cfg', '#cloud-config\n');
    const text = '#lxdops\nos: {name: alpine, image: x}\npackages:\n  - curl\n';
    const { actions } = await actionsFor('other/pk2.yaml', text, 'removed-key');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Move `packages` to a new cloud-config file pk2-packages-2.cfg'],
    );
    const after = apply(t, actions[0]!, { 'other/pk2.yaml': text });
    assert.equal(
      after['other/pk2.yaml'],
      '#lxdops\nos: {name: alpine, image: x}\ncloud-config-files:\n  - pk2-packages-2.cfg\n',
    );
    assert.equal(after['other/pk2-packages-2.cfg'], '#cloud-config\npackages:\n  - curl\n');
  });

  test('no action where there is no diagnostic', async () => {
    const actions = await t.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: t.uri('containers/web.yaml') },
      range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
  });
});

describe('LSP code action settings', () => {
  test('codeActions.enable = false: no actions for a diagnostic that has a fix', async () => {
    const t = new TestConnection({ 'c1.yaml': '#lxdops\nos: {name: alpine, image: x}\nprofile: [x]\n' });
    try {
      await t.start({ codeActions: { enable: false } });
      const [d] = await t.diagnostics('c1.yaml', (l) => l.length > 0);
      const actions = await t.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: t.uri('c1.yaml') },
        range: d!.range,
        context: { diagnostics: [d] },
      });
      assert.deepEqual(actions, []);
    } finally {
      t.dispose();
    }
  });
});
