import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePath } from '../../../core/src/config/decodeConfigFile';
import { loadIncludeTree, type IncludeTree } from '../../../core/src/config/includeTree';
import { at, located, spanOf, workspace } from '../../helpers';

// Reference §3.1 (path resolution), §3.2 (order), §3.3 (cycles and duplicates), §1.1 (included
// files must be #lxdops).

function tree(files: Record<string, string>, root: string): IncludeTree {
  const { ws } = workspace(files);
  const t = loadIncludeTree(root, ws);
  assert.ok(t, `no include tree for ${root}`);
  return t;
}

const filesOf = (list: { file: string }[]) => list.map((m) => m.file);

describe('resolvePath (§3.1)', () => {
  const rows: { name: string; file: string; raw: string; resolved: string }[] = [
    {
      name: 'a bare name resolves in the folder of the including file',
      file: '/ws/app/web.yaml',
      raw: 'base.yaml',
      resolved: '/ws/app/base.yaml',
    },
    { name: './ is cleaned', file: '/ws/app/web.yaml', raw: './base.yaml', resolved: '/ws/app/base.yaml' },
    {
      name: 'a sub-folder',
      file: '/ws/app/web.yaml',
      raw: 'fragments/base.yaml',
      resolved: '/ws/app/fragments/base.yaml',
    },
    {
      name: '.. goes up from the including file folder',
      file: '/ws/app/web.yaml',
      raw: '../common/base.yaml',
      resolved: '/ws/common/base.yaml',
    },
    { name: 'two levels of ..', file: '/ws/a/b/c.yaml', raw: '../../x.yaml', resolved: '/ws/x.yaml' },
    {
      name: '.. in the middle is cleaned',
      file: '/ws/app/web.yaml',
      raw: 'sub/../base.yaml',
      resolved: '/ws/app/base.yaml',
    },
    {
      name: 'an absolute path is kept',
      file: '/ws/app/web.yaml',
      raw: '/etc/lxdops/base.yaml',
      resolved: '/etc/lxdops/base.yaml',
    },
    {
      name: 'an absolute path ignores the including folder',
      file: '/other/place/x.yaml',
      raw: '/ws/base.yaml',
      resolved: '/ws/base.yaml',
    },
    {
      name: 'no ~ expansion: ~ is a relative folder name',
      file: '/ws/app/web.yaml',
      raw: '~/base.yaml',
      resolved: '/ws/app/~/base.yaml',
    },
    {
      name: 'no variable expansion',
      file: '/ws/app/web.yaml',
      raw: '$HOME/base.yaml',
      resolved: '/ws/app/$HOME/base.yaml',
    },
    {
      name: 'no property substitution',
      file: '/ws/app/web.yaml',
      raw: '(fsroot)/base.yaml',
      resolved: '/ws/app/(fsroot)/base.yaml',
    },
    { name: 'an empty string stays empty', file: '/ws/app/web.yaml', raw: '', resolved: '' },
  ];
  for (const r of rows) {
    test(r.name, () => {
      assert.equal(resolvePath(r.file, r.raw), r.resolved);
    });
  }
});

describe('paths of included files resolve against that included file (§3.1)', () => {
  test('include, cloud-config-files and source-config of an included file', () => {
    const files = {
      '/ws/app/web.yaml': '#lxdops\ninclude:\n- ../common/base.yaml\n',
      '/ws/common/base.yaml':
        '#lxdops\ninclude: [os/alpine.yaml]\ncloud-config-files:\n- cc/base.cfg\n- /abs/x.cfg\nsource-config: ../tpl/tpl.yaml\n',
      '/ws/common/os/alpine.yaml': '#lxdops\nos: {name: alpine}\n',
    };
    const t = tree(files, '/ws/app/web.yaml');
    assert.deepEqual(filesOf(t.preOrder), [
      '/ws/app/web.yaml',
      '/ws/common/base.yaml',
      '/ws/common/os/alpine.yaml',
    ]);
    const base = t.preOrder[1]!;
    assert.deepEqual(
      base.include.map((e) => ({ raw: e.raw, resolved: e.resolved })),
      [{ raw: 'os/alpine.yaml', resolved: '/ws/common/os/alpine.yaml' }],
    );
    assert.deepEqual(
      base.cloudConfigFiles.map((e) => ({ raw: e.raw, resolved: e.resolved })),
      [
        { raw: 'cc/base.cfg', resolved: '/ws/common/cc/base.cfg' },
        { raw: '/abs/x.cfg', resolved: '/abs/x.cfg' },
      ],
    );
    assert.deepEqual(
      { raw: base.sourceConfig?.raw, resolved: base.sourceConfig?.resolved },
      { raw: '../tpl/tpl.yaml', resolved: '/ws/tpl/tpl.yaml' },
    );
    // The origin of an entry is the entry's own text in the file that holds it.
    const text = files['/ws/common/base.yaml'];
    assert.deepEqual(base.cloudConfigFiles[0]!.origin, {
      file: '/ws/common/base.yaml',
      ...spanOf(text, 'cc/base.cfg'),
    });
    assert.deepEqual(
      t.edges.map((e) => [e.from, e.entry.raw, e.to]),
      [
        ['/ws/app/web.yaml', '../common/base.yaml', '/ws/common/base.yaml'],
        ['/ws/common/base.yaml', 'os/alpine.yaml', '/ws/common/os/alpine.yaml'],
      ],
    );
    assert.deepEqual(t.problems, []);
  });
});

describe('order (§3.2)', () => {
  // root includes [a, b]; a includes [c, d]; c includes [e]; b includes [f].
  const files = {
    '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\n',
    '/ws/a.yaml': '#lxdops\ninclude: [c.yaml, d.yaml]\n',
    '/ws/b.yaml': '#lxdops\ninclude: [f.yaml]\n',
    '/ws/c.yaml': '#lxdops\ninclude: [e.yaml]\n',
    '/ws/d.yaml': '#lxdops\n',
    '/ws/e.yaml': '#lxdops\n',
    '/ws/f.yaml': '#lxdops\n',
  };

  test('pre-order: the root first, then includes depth-first in list order', () => {
    const t = tree(files, '/ws/root.yaml');
    assert.deepEqual(filesOf(t.preOrder), [
      '/ws/root.yaml',
      '/ws/a.yaml',
      '/ws/c.yaml',
      '/ws/e.yaml',
      '/ws/d.yaml',
      '/ws/b.yaml',
      '/ws/f.yaml',
    ]);
  });

  test('post-order: includes before the file that includes them, root last', () => {
    const t = tree(files, '/ws/root.yaml');
    assert.deepEqual(filesOf(t.postOrder), [
      '/ws/e.yaml',
      '/ws/c.yaml',
      '/ws/d.yaml',
      '/ws/a.yaml',
      '/ws/f.yaml',
      '/ws/b.yaml',
      '/ws/root.yaml',
    ]);
    assert.deepEqual(t.problems, []);
  });

  test('a root without includes is its own pre- and post-order', () => {
    const t = tree({ '/ws/x.yaml': '#lxdops\nprofiles: [default]\n' }, '/ws/x.yaml');
    assert.deepEqual(filesOf(t.preOrder), ['/ws/x.yaml']);
    assert.deepEqual(filesOf(t.postOrder), ['/ws/x.yaml']);
    assert.deepEqual(t.edges, []);
    assert.deepEqual(t.problems, []);
  });

  test('a root that does not exist gives no tree', () => {
    const { ws } = workspace({});
    assert.equal(loadIncludeTree('/ws/none.yaml', ws), undefined);
  });
});

describe('diamonds and duplicates (§3.3)', () => {
  test('a diamond include is read once, silently', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\n',
      '/ws/a.yaml': '#lxdops\ninclude: [common.yaml]\n',
      '/ws/b.yaml': '#lxdops\ninclude: [common.yaml]\n',
      '/ws/common.yaml': '#lxdops\nprofiles: [default]\n',
    };
    const t = tree(files, '/ws/root.yaml');
    assert.deepEqual(filesOf(t.preOrder), ['/ws/root.yaml', '/ws/a.yaml', '/ws/common.yaml', '/ws/b.yaml']);
    assert.deepEqual(filesOf(t.postOrder), ['/ws/common.yaml', '/ws/a.yaml', '/ws/b.yaml', '/ws/root.yaml']);
    assert.deepEqual(t.problems, []);
  });

  test('a diamond reached through two spellings of the same path is still read once', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a/a.yaml, common.yaml]\n',
      '/ws/a/a.yaml': '#lxdops\ninclude: [../common.yaml]\n',
      '/ws/common.yaml': '#lxdops\n',
    };
    const t = tree(files, '/ws/root.yaml');
    assert.deepEqual(filesOf(t.preOrder), ['/ws/root.yaml', '/ws/a/a.yaml', '/ws/common.yaml']);
    assert.deepEqual(t.problems, []);
  });

  test('a file listed twice in one include list: duplicate-include at the second entry', () => {
    const root = '#lxdops\ninclude:\n- base.yaml\n- other.yaml\n- base.yaml\n';
    const t = tree(
      { '/ws/root.yaml': root, '/ws/base.yaml': '#lxdops\n', '/ws/other.yaml': '#lxdops\n' },
      '/ws/root.yaml',
    );
    assert.deepEqual(located(t.problems), [at('duplicate-include', '/ws/root.yaml', root, 'base.yaml', 1)]);
    assert.equal(t.problems[0]!.severity, 'warning');
    assert.deepEqual(filesOf(t.preOrder), ['/ws/root.yaml', '/ws/base.yaml', '/ws/other.yaml']);
  });

  test('a file listed twice under two spellings: duplicate-include at the second spelling', () => {
    const root = '#lxdops\ninclude: [base.yaml, ./base.yaml]\n';
    const t = tree({ '/ws/root.yaml': root, '/ws/base.yaml': '#lxdops\n' }, '/ws/root.yaml');
    assert.deepEqual(located(t.problems), [at('duplicate-include', '/ws/root.yaml', root, './base.yaml')]);
  });
});

describe('cycles (§3.3)', () => {
  test('a file that includes itself: include-cycle at that entry', () => {
    const a = '#lxdops\ninclude: [a.yaml]\n';
    const t = tree({ '/ws/a.yaml': a }, '/ws/a.yaml');
    assert.deepEqual(located(t.problems), [at('include-cycle', '/ws/a.yaml', a, 'a.yaml')]);
    assert.equal(t.problems[0]!.severity, 'error');
    assert.deepEqual(filesOf(t.preOrder), ['/ws/a.yaml']);
  });

  test('a → b → a: include-cycle at the entry in b that closes the cycle', () => {
    const a = '#lxdops\ninclude: [b.yaml]\n';
    const b = '#lxdops\ninclude: [a.yaml]\n';
    const t = tree({ '/ws/a.yaml': a, '/ws/b.yaml': b }, '/ws/a.yaml');
    assert.deepEqual(located(t.problems), [at('include-cycle', '/ws/b.yaml', b, 'a.yaml')]);
    assert.deepEqual(filesOf(t.preOrder), ['/ws/a.yaml', '/ws/b.yaml']);
    assert.deepEqual(filesOf(t.postOrder), ['/ws/b.yaml', '/ws/a.yaml']);
  });

  test("a cycle below the root (root → a → b → a): reported at b's entry for a", () => {
    const root = '#lxdops\ninclude: [sub/a.yaml]\n';
    const a = '#lxdops\ninclude: [b.yaml]\n';
    const b = '#lxdops\ninclude:\n- ./a.yaml\n';
    const t = tree({ '/ws/root.yaml': root, '/ws/sub/a.yaml': a, '/ws/sub/b.yaml': b }, '/ws/root.yaml');
    assert.deepEqual(located(t.problems), [at('include-cycle', '/ws/sub/b.yaml', b, './a.yaml')]);
    assert.deepEqual(filesOf(t.preOrder), ['/ws/root.yaml', '/ws/sub/a.yaml', '/ws/sub/b.yaml']);
  });
});

describe('missing and non-lxdops includes', () => {
  test('a missing include: include-not-found at the entry', () => {
    const root = '#lxdops\ninclude:\n- present.yaml\n- ../missing.yaml\n';
    const t = tree({ '/ws/app/root.yaml': root, '/ws/app/present.yaml': '#lxdops\n' }, '/ws/app/root.yaml');
    assert.deepEqual(located(t.problems), [
      at('include-not-found', '/ws/app/root.yaml', root, '../missing.yaml'),
    ]);
    assert.equal(t.problems[0]!.severity, 'error');
    assert.match(t.problems[0]!.message, /\/ws\/missing\.yaml/);
    assert.deepEqual(filesOf(t.preOrder), ['/ws/app/root.yaml', '/ws/app/present.yaml']);
  });

  test('an included #cloud-config file: include-not-lxdops at the entry', () => {
    const root = '#lxdops\ninclude: [base.cfg]\n';
    const t = tree(
      { '/ws/root.yaml': root, '/ws/base.cfg': '#cloud-config\npackages: [curl]\n' },
      '/ws/root.yaml',
    );
    assert.deepEqual(located(t.problems), [at('include-not-lxdops', '/ws/root.yaml', root, 'base.cfg')]);
    assert.equal(t.problems[0]!.severity, 'error');
  });

  test('an included file without any header: include-not-lxdops at the entry', () => {
    const root = '#lxdops\ninclude: [plain.yaml]\n';
    const t = tree({ '/ws/root.yaml': root, '/ws/plain.yaml': 'profiles: [default]\n' }, '/ws/root.yaml');
    assert.deepEqual(located(t.problems), [at('include-not-lxdops', '/ws/root.yaml', root, 'plain.yaml')]);
  });

  test('an included #lxops-v1 file: include-not-lxdops at the entry', () => {
    const root = '#lxdops\ninclude: [new.yaml]\n';
    const t = tree({ '/ws/root.yaml': root, '/ws/new.yaml': '#lxops-v1\nostype: alpine\n' }, '/ws/root.yaml');
    assert.deepEqual(located(t.problems), [at('include-not-lxdops', '/ws/root.yaml', root, 'new.yaml')]);
  });
});
