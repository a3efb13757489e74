// hostPaths: the components of a path, the filesystem root links are refused from, and the first
// component that is not a directory (table-driven, from hand-made host entries).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PathEntry } from '../../../core/src/engine/doors';
import { guardProblem, numericOwner, outerRoot, pathComponents } from '../../../core/src/engine/hostPaths';
import { dirEntry, linkEntry } from './support';

describe('pathComponents', () => {
  for (const [path, expected] of [
    ['/a/b/c', ['/a', '/a/b', '/a/b/c']],
    ['/a', ['/a']],
    ['/', []],
  ] as const)
    test(`${path} → ${expected.join(' ') || '(none)'}`, () =>
      assert.deepEqual(pathComponents(path), expected));
});

describe('outerRoot', () => {
  const roots = ['/z/h/web1', '/z/h/web1/nested', '/srv/web1'];
  for (const [path, expected] of [
    ['/z/h/web1/data', '/z/h/web1'],
    ['/z/h/web1/nested/x', '/z/h/web1'],
    ['/z/h/web1', '/z/h/web1'],
    ['/srv/web1/a/b', '/srv/web1'],
    ['/z/h/web10/data', '/z/h/web10/data'],
    ['/elsewhere', '/elsewhere'],
  ] as const)
    test(`${path} → ${expected}`, () => assert.equal(outerRoot(path, roots), expected));
});

describe('guardProblem', () => {
  const file = (path: string): PathEntry => ({ path, type: 'file', uid: 0, gid: 0, mode: 0o644 });
  const rows: { name: string; entries: PathEntry[]; expected?: [string, string] }[] = [
    {
      name: 'directories down to the path: fine',
      entries: [dirEntry('/z'), dirEntry('/z/h'), dirEntry('/z/h/web1'), dirEntry('/z/h/web1/data')],
    },
    {
      name: 'missing below the root: fine (nothing below it exists)',
      entries: [dirEntry('/z/h/web1'), { path: '/z/h/web1/data', type: 'missing' }],
    },
    {
      name: 'a link in the middle: refused at the link',
      entries: [dirEntry('/z/h/web1'), linkEntry('/z/h/web1/link')],
      expected: ['host-path-link', '/z/h/web1/link'],
    },
    {
      name: 'a link at the path itself: refused',
      entries: [dirEntry('/z/h/web1'), dirEntry('/z/h/web1/link'), linkEntry('/z/h/web1/link/.ssh')],
      expected: ['host-path-link', '/z/h/web1/link/.ssh'],
    },
    {
      name: 'the root itself a link: refused',
      entries: [linkEntry('/z/h/web1')],
      expected: ['host-path-link', '/z/h/web1'],
    },
    {
      name: 'a link above the root is the host layout: not looked at',
      entries: [linkEntry('/z'), dirEntry('/z/h/web1'), dirEntry('/z/h/web1/link')],
    },
    {
      name: 'a file where a directory is expected: refused',
      entries: [dirEntry('/z/h/web1'), file('/z/h/web1/link')],
      expected: ['host-path-not-directory', '/z/h/web1/link'],
    },
    { name: 'nothing known: nothing refused', entries: [] },
  ];
  for (const row of rows)
    test(row.name, () => {
      const seen = new Map(row.entries.map((e) => [e.path, e]));
      const p = guardProblem({ root: '/z/h/web1', path: '/z/h/web1/link/.ssh' }, (c) => seen.get(c));
      assert.deepEqual(p ? [p.code, p.component] : undefined, row.expected);
      if (p) assert.match(p.message, new RegExp(`^${p.component.replace(/\./g, '\\.')} is a `));
    });
});

describe('numericOwner', () => {
  for (const [owner, expected] of [
    ['100000:100000', { uid: 100000, gid: 100000 }],
    ['1000', { uid: 1000 }],
    ['root:root', undefined],
    ['', undefined],
  ] as const)
    test(`${owner || '(empty)'}`, () => assert.deepEqual(numericOwner(owner), expected));
});
