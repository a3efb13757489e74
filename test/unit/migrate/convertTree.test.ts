import assert from 'node:assert/strict';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import { parseFile } from '../../../core/src/document/parsedFile';
import { DiskFileSystem } from '../../../core/src/fs/diskFileSystem';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';
import { scanPaths } from '../../../core/src/fs/scanPaths';
import { convertTree } from '../../../core/src/migrate/convertTree';
import { comments, expectedData } from './convertExpect';

const TREE = resolve(__dirname, '../../fixtures/convert/tree');
const rel = (f: string) => relative(TREE, f);

function convertFixture() {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  return convertTree(scanPaths([TREE]).files, ws);
}

type Json = Record<string, unknown>;

describe('convertTree over a realistic lxdops tree (reference §7)', () => {
  const tree = convertFixture();
  const byName = new Map(tree.files.map((f) => [rel(f.file), f]));

  test('every #lxdops file is converted once, the cloud-config files are left alone', () => {
    assert.equal(new Set(tree.files.map((f) => f.file)).size, tree.files.length);
    const converted = tree.files.filter((f) => f.status === 'converted').map((f) => rel(f.file));
    assert.deepEqual(converted.sort(), [
      'alpine/container.yaml',
      'alpine/containers/nginx-template.yaml',
      'alpine/containers/nginx.yaml',
      'device/host.yaml',
      'device/log.yaml',
      'device/standard.yaml',
      'device/tmp.yaml',
    ]);
    for (const f of tree.files.filter((x) => x.file.endsWith('.cfg'))) {
      assert.equal(f.status, 'skipped');
      assert.equal(f.output, f.text);
    }
  });

  test('every comment of every input is still in its output, and every output starts with #lxops-v1', () => {
    for (const f of tree.files.filter((x) => x.status === 'converted')) {
      assert.ok(f.output.startsWith('#lxops-v1'), rel(f.file));
      const kept = comments(f.output);
      for (const c of comments(f.text))
        assert.ok(
          kept.some((k) => k.includes(c)),
          `${rel(f.file)}: ${c}`,
        );
    }
  });

  test('each dropped key is commented out and reported with its file and line', () => {
    const got = tree.files.flatMap((f) => f.dropped.map((d) => `${rel(d.file)}:${d.line}:${d.key}`));
    assert.deepEqual(got.sort(), [
      'alpine/container.yaml:11:profile-config',
      'alpine/containers/nginx-template.yaml:11:os.version',
      'alpine/containers/nginx-template.yaml:12:stop',
      'alpine/containers/nginx-template.yaml:13:snapshot',
      'alpine/containers/nginx-template.yaml:14:profiles-config',
      'alpine/containers/nginx-template.yaml:16:profiles-run',
      'device/host.yaml:3:container',
    ]);
    for (const f of tree.files)
      for (const d of f.dropped) assert.ok(f.output.includes(`# lxops ignores this: ${d.instead}`));
  });

  test('the data of each file is the same but for os and the dropped keys; the YAML is clean', () => {
    for (const f of tree.files.filter((x) => x.status === 'converted')) {
      const after = parseFile(f.file, f.output);
      assert.deepEqual([...after.syntaxErrors, ...after.duplicateKeys], [], rel(f.file));
      const before = (parseFile(f.file, f.text).doc.toJSON() ?? {}) as Json;
      const dropped = f.dropped.map((d) => d.key);
      const want = expectedData(
        before,
        dropped,
        f.notes.some((n) => n.code === 'profile-pattern-kept'),
      );
      assert.deepEqual(after.doc.toJSON() ?? {}, want, rel(f.file));
    }
  });

  test('only the root that relied on the lxdops default gets profile-pattern', () => {
    const kept = tree.files.filter((f) => f.notes.some((n) => n.code === 'profile-pattern-kept'));
    assert.deepEqual(
      kept.map((f) => rel(f.file)),
      ['alpine/containers/nginx-template.yaml'],
    );
    assert.deepEqual(tree.roots.map(rel).sort(), [
      'alpine/containers/nginx-template.yaml',
      'alpine/containers/nginx.yaml',
    ]);
  });

  test('the CRLF fragment stays CRLF', () => {
    const f = byName.get('device/standard.yaml')!;
    assert.ok(f.text.includes('\r\n'));
    assert.equal(f.output, f.text.replace('#lxdops', '#lxops-v1'));
  });
});

describe('convertTree: trees', () => {
  const ws = (files: Record<string, string>) => new ConfigWorkspace(new MemoryFileSystem(files));

  test('given one root, its includes are converted too, a diamond fragment once', () => {
    const files = {
      '/w/a.yaml': '#lxdops\ninclude: [b.yaml, c.yaml]\n',
      '/w/b.yaml': '#lxdops\ninclude: [d.yaml]\n',
      '/w/c.yaml': '#lxdops\ninclude: [d.yaml]\n',
      '/w/d.yaml': '#lxdops\nstop: true\n',
    };
    const t = convertTree(['/w/a.yaml'], ws(files));
    assert.deepEqual(
      t.files.map((f) => [f.file, f.status]),
      ['a', 'b', 'c', 'd'].map((n) => [`/w/${n}.yaml`, 'converted']),
    );
    assert.deepEqual(t.roots, ['/w/a.yaml']);
  });

  test('a file already #lxops-v1 is left, its #lxdops includes are still converted (a second run completes)', () => {
    const files = {
      '/w/a.yaml': '#lxops-v1\ninclude: [b.yaml]\nprofile-pattern: (instance).lxdops\n',
      '/w/b.yaml': '#lxdops\nos:\n  name: alpine\n',
    };
    const t = convertTree(['/w/a.yaml'], ws(files));
    assert.deepEqual(
      t.files.map((f) => f.status),
      ['already', 'converted'],
    );
    assert.equal(t.files[1]!.output, '#lxops-v1\nostype: alpine\n');
  });

  test('an include that cannot be read is noted, the rest converted', () => {
    const t = convertTree(['/w/a.yaml'], ws({ '/w/a.yaml': '#lxdops\ninclude:\n  - gone.yaml\n' }));
    assert.deepEqual(
      t.notes.map((n) => [n.code, n.line]),
      [['include-not-read', 3]],
    );
    assert.equal(t.files[0]!.status, 'converted');
  });

  test('an include that overrides the root image in lxops is noted on the root', () => {
    const files = {
      '/w/a.yaml': '#lxdops\ninclude: [b.yaml]\nos:\n  name: alpine\n  image: images:alpine/3.17\n',
      '/w/b.yaml': '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.18\n',
    };
    const t = convertTree(['/w/a.yaml'], ws(files));
    const notes = t.files[0]!.notes.filter((n) => n.code === 'os-merge-order');
    assert.equal(notes.length, 1);
    assert.match(notes[0]!.message, /`images:alpine\/3\.18` where lxdops took `images:alpine\/3\.17`/);
    assert.equal(notes[0]!.line, 3);
  });

  test('a root whose include sets profile-pattern gets none', () => {
    const files = {
      '/w/a.yaml': '#lxdops\ninclude: [b.yaml]\n',
      '/w/b.yaml': '#lxdops\nprofile-pattern: (instance).p\n',
    };
    const t = convertTree([join('/w', 'a.yaml')], ws(files));
    assert.equal(t.files[0]!.output, '#lxops-v1\ninclude: [b.yaml]\n');
  });

  test('a folder of fragments converted alone: nothing to launch from, so no profile-pattern', () => {
    const files = {
      '/w/frag/users.yaml': '#lxdops\nstop: true\n',
      '/w/frag/data.yaml':
        '#lxdops\ninclude: [users.yaml]\nfilesystems:\n  data:\n    pattern: p/(instance)\n',
    };
    const t = convertTree(['/w/frag/data.yaml', '/w/frag/users.yaml'], ws(files));
    assert.deepEqual(t.roots, ['/w/frag/data.yaml']);
    assert.ok(
      t.files.every((f) => !f.output.includes('profile-pattern')),
      'no file gets one',
    );
    assert.ok(t.files.every((f) => !f.notes.some((n) => n.code === 'profile-pattern-kept')));
  });

  test('a root that launches keeps the lxdops name: from an origin, or from an image set in an include', () => {
    const files = {
      '/w/clone.yaml': '#lxdops\norigin: tpl/copy\n',
      '/w/web.yaml': '#lxdops\ninclude: [base.yaml]\n',
      '/w/base.yaml': '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.19\n',
    };
    const t = convertTree(['/w/clone.yaml', '/w/web.yaml'], ws(files));
    const kept = t.files.filter((f) => f.notes.some((n) => n.code === 'profile-pattern-kept'));
    assert.deepEqual(
      kept.map((f) => f.file),
      ['/w/clone.yaml', '/w/web.yaml'],
    );
    assert.ok(t.files[0]!.output.endsWith('profile-pattern: (instance).lxdops\n'));
  });
});
