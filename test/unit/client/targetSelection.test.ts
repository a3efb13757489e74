import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  configPathsOf,
  instancesOf,
  selectedTargets,
  type Target,
} from '../../../client/src/model/targetSelection';

const web: Target = { kind: 'config', path: '/ws/web.yaml', instance: { name: 'web', project: 'default' } };
const db: Target = { kind: 'instance', name: 'db', project: 'default', configPath: '/ws/db.yaml' };
const bare: Target = { kind: 'instance', name: 'bare', project: 'p1', configPath: null };
const node = (target: Target) => ({ nodeType: target.kind, target });
const fileUri = (fsPath: string) => ({ scheme: 'file', fsPath, path: fsPath });

describe('selectedTargets: exactly what the user selected', () => {
  const cases: { name: string; clicked: unknown; selected: unknown; expected: Target[] }[] = [
    {
      name: 'palette, no arguments: nothing (the command asks; no active-editor fallback)',
      clicked: undefined,
      selected: undefined,
      expected: [],
    },
    { name: 'one tree row', clicked: node(web), selected: undefined, expected: [web] },
    {
      name: 'tree multi-select: the selection, not only the clicked row',
      clicked: node(db),
      selected: [node(web), node(db)],
      expected: [web, db],
    },
    { name: 'an empty selection array: the clicked row', clicked: node(db), selected: [], expected: [db] },
    {
      name: 'explorer multi-select of files',
      clicked: fileUri('/ws/a.yaml'),
      selected: [fileUri('/ws/a.yaml'), fileUri('/ws/b.yaml')],
      expected: [
        { kind: 'config', path: '/ws/a.yaml' },
        { kind: 'config', path: '/ws/b.yaml' },
      ],
    },
    {
      name: 'editor context (the document URI)',
      clicked: fileUri('/ws/web.yaml'),
      selected: undefined,
      expected: [{ kind: 'config', path: '/ws/web.yaml' }],
    },
    {
      name: 'non-file URIs and other values are no targets',
      clicked: { scheme: 'untitled', fsPath: 'Untitled-1' },
      selected: [{ scheme: 'git', fsPath: '/x' }, 42, null, 'web'],
      expected: [],
    },
    {
      name: 'the same target twice counts once',
      clicked: node(web),
      selected: [node(web), node(web)],
      expected: [web],
    },
    {
      name: 'folder and message rows (no target) are left out',
      clicked: { nodeType: 'folder' },
      selected: [{ nodeType: 'folder' }, node(bare)],
      expected: [bare],
    },
  ];
  for (const c of cases)
    test(c.name, () => assert.deepEqual(selectedTargets(c.clicked, c.selected), c.expected));
});

describe('configPathsOf and instancesOf', () => {
  test('configs of config rows and of tied instances; instances without a config are named as missing', () => {
    assert.deepEqual(configPathsOf([web, db, bare]), {
      paths: ['/ws/web.yaml', '/ws/db.yaml'],
      missing: ['bare'],
    });
  });
  test('a config reached twice (its row and its instance) is one path', () => {
    const again: Target = { kind: 'instance', name: 'web', project: 'default', configPath: '/ws/web.yaml' };
    assert.deepEqual(configPathsOf([web, again]).paths, ['/ws/web.yaml']);
  });
  test('instances of instance rows and of resolved config rows; an unresolved config has none', () => {
    const unresolved: Target = { kind: 'config', path: '/ws/odd.yaml' };
    assert.deepEqual(instancesOf([web, bare, unresolved]), [
      { name: 'web', project: 'default' },
      { name: 'bare', project: 'p1' },
    ]);
  });
});
