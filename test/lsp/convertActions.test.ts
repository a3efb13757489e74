import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CodeAction, CodeActionKind, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FILES } from './fixtureWorkspace';
import { TestConnection } from './testConnection';

/** Applies an action's edits to the files' texts, as a client does. */
function apply(t: TestConnection, a: CodeAction, texts: Record<string, string>): Record<string, string> {
  const out = { ...texts };
  for (const c of a.edit?.documentChanges ?? []) {
    const e = c as TextDocumentEdit;
    const f = e.textDocument.uri.slice(`${t.uri('')}/`.length);
    assert.ok(f in out, f);
    out[f] = TextDocument.applyEdits(
      TextDocument.create(e.textDocument.uri, 'x', 1, out[f]!),
      e.edits as TextEdit[],
    );
  }
  return out;
}

describe('LSP: the migration code actions on the #lxdops header', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({
      ...FILES,
      'other/tpl.yaml': '#lxdops\n# the template\nos: {name: alpine, image: x}  # pinned\nstop: true\n',
    });
    await t.start();
  });
  after(() => t.dispose());

  const actionsAt = async (rel: string, line: number): Promise<CodeAction[]> => {
    await t.open(rel);
    const at = { line, character: 0 };
    return t.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: t.uri(rel) },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
  };

  test('a root with includes: this file, and this file with the files it includes', async () => {
    const actions = await actionsAt('containers/web.yaml', 0);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [
        ['Convert to #lxops-v1 (lxops)', CodeActionKind.QuickFix],
        ['Convert to #lxops-v1 (lxops) and the files it includes', CodeActionKind.QuickFix],
      ],
    );
    const one = apply(t, actions[0]!, { ...FILES });
    assert.equal(
      one['containers/web.yaml'],
      '#lxops-v1\ninclude:\n  - ../fragments/base.yaml\n  - ../fragments/devices.yaml\nostype: alpine\nimage: images:alpine/3.19\nprofiles:\n  - default\ncloud-config-files:\n  - ../cloud/base.cfg\n',
    );
    assert.equal(one['fragments/base.yaml'], FILES['fragments/base.yaml']);
    const all = apply(t, actions[1]!, { ...FILES });
    assert.deepEqual(
      Object.keys(all)
        .filter((f) => all[f] !== FILES[f as keyof typeof FILES])
        .sort(),
      ['containers/web.yaml', 'fragments/base.yaml', 'fragments/devices.yaml'],
    );
    assert.match(
      all['fragments/base.yaml']!,
      /^#lxops-v1\nproperties:\n {2}fsroot: z\/demo\nostype: alpine\n/,
    );
  });

  test('a root without includes: one action; stop commented out, the lxdops profile name kept', async () => {
    const actions = await actionsAt('other/tpl.yaml', 0);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Convert to #lxops-v1 (lxops)'],
    );
    const text = '#lxdops\n# the template\nos: {name: alpine, image: x}  # pinned\nstop: true\n';
    assert.equal(
      apply(t, actions[0]!, { 'other/tpl.yaml': text })['other/tpl.yaml'],
      "#lxops-v1\n# the template\nostype: alpine\nimage: x  # pinned\n# lxops ignores this: lxops does not stop the container after launch; stop it yourself (`lxc stop NAME`)\n# stop: true\n# the lxdops profile name, kept: lxops' default is (instance).lxops\nprofile-pattern: (instance).lxdops\n",
    );
  });

  test('not offered away from the header, nor on a fragment with YAML errors', async () => {
    assert.deepEqual(
      (await actionsAt('containers/web.yaml', 4)).filter((a) => a.title.startsWith('Convert')),
      [],
    );
    t.write('other/bad.yaml', '#lxdops\nos:\n  name: [alpine\n');
    assert.deepEqual(
      (await actionsAt('other/bad.yaml', 0)).filter((a) => a.title.startsWith('Convert')),
      [],
    );
  });
});
