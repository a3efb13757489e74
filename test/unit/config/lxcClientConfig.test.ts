// The lxc client's config.yml: the current project when it says one, and a problem (not a silent
// `default`) when it exists but cannot be used.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { currentLxcProject, type LxcProject } from '../../../core/src/config/lxcClientConfig';
import { DiskFileSystem } from '../../../core/src/fs/diskFileSystem';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';

const FILE = '/home/u/.config/lxc/config.yml';
const DIRS = ['/conf', '/home/u/.config/lxc'];
const DEFAULT =
  ': the current LXD project is taken as "default" (fix the file, or use --project / lxdops.project)';

const CASES: { name: string; input: string; expected: LxcProject }[] = [
  {
    name: 'remotes.local.project',
    input: 'default-remote: local\nremotes:\n  local: {addr: "unix://", project: web}\n',
    expected: { file: FILE, project: 'web' },
  },
  {
    name: 'no project: none, no problem',
    input: 'remotes:\n  local: {addr: "unix://"}\n',
    expected: { file: FILE },
  },
  { name: 'an empty file: none, no problem', input: '', expected: { file: FILE } },
  {
    name: 'a numeric project name',
    input: 'remotes:\n  local: {project: 2024}\n',
    expected: { file: FILE, project: '2024' },
  },
  {
    name: 'YAML that does not parse',
    input: 'remotes:\n  local: {addr: "unix://"\n',
    expected: {
      file: FILE,
      problem: `${FILE} is not valid YAML (line 3): Flow map in block collection must be sufficiently indented and end with a }${DEFAULT}`,
    },
  },
  {
    name: 'a list instead of settings',
    input: '- local\n',
    expected: { file: FILE, problem: `${FILE} is not a mapping of settings${DEFAULT}` },
  },
  {
    name: 'a project that is a mapping',
    input: 'remotes:\n  local: {project: {name: web}}\n',
    expected: { file: FILE, problem: `${FILE} has a remotes.local.project that is not a name${DEFAULT}` },
  },
];

describe('currentLxcProject', () => {
  for (const c of CASES)
    test(c.name, () => {
      assert.deepEqual(currentLxcProject(new MemoryFileSystem({ [FILE]: c.input }), DIRS), c.expected);
    });

  test('the first folder that has a config.yml wins', () => {
    const fs = new MemoryFileSystem({
      '/conf/config.yml': 'remotes: {local: {project: a}}',
      [FILE]: 'remotes: {local: {project: b}}',
    });
    assert.equal(currentLxcProject(fs, DIRS).project, 'a');
  });

  test('no config.yml anywhere: no project, no problem', () => {
    assert.deepEqual(currentLxcProject(new MemoryFileSystem(), DIRS), {});
  });

  test('a config.yml that cannot be read (a folder, on disk) is a problem, not skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxdops-lxc-'));
    try {
      mkdirSync(join(dir, 'config.yml'));
      const r = currentLxcProject(new DiskFileSystem(), [dir, '/nonexistent']);
      assert.equal(r.project, undefined);
      assert.match(
        r.problem ?? '',
        new RegExp(
          `^${dir}/config.yml cannot be read \\(.+\\): the current LXD project is taken as "default"`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
