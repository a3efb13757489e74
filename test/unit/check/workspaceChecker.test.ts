import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkspaceChecker } from '../../../core/src/check/workspaceChecker';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';

const base = '#lxdops\nproperties:\n  fsroot: z/t\n';
const frag =
  '#lxdops\nfilesystems:\n  host: {pattern: "(fsroot)/host/(instance)"}\ndevices:\n  home: {path: /home, filesystem: host}\n';
const root = (name: string) =>
  `#lxdops\ninclude: [base.yaml, frag.yaml]\nos: {name: alpine, image: "images:alpine/3.19"}\n# ${name}\n`;

function setup() {
  const fs = new MemoryFileSystem({
    '/w/base.yaml': base,
    '/w/frag.yaml': frag,
    '/w/a.yaml': root('a'),
    '/w/b.yaml': root('b'),
  });
  const checker = new WorkspaceChecker(fs);
  checker.setCandidates(['/w/base.yaml', '/w/frag.yaml', '/w/a.yaml', '/w/b.yaml']);
  return { fs, checker };
}

const codes = (m: Map<string, { code: string }[]>, f: string) => (m.get(f) ?? []).map((d) => d.code);

describe('WorkspaceChecker', () => {
  test('a first full update publishes every file, clean', () => {
    const { checker } = setup();
    const out = checker.update('all');
    assert.deepEqual([...out.keys()].sort(), ['/w/a.yaml', '/w/b.yaml', '/w/base.yaml', '/w/frag.yaml']);
    for (const list of out.values()) assert.deepEqual(list, []);
    assert.deepEqual([...checker.rootResults().keys()].sort(), ['/w/a.yaml', '/w/b.yaml']);
  });

  test('removing a property from a shared fragment republishes the fragment that uses it', () => {
    const { fs, checker } = setup();
    checker.update('all');
    fs.set('/w/base.yaml', '#lxdops\nproperties:\n  other: x\n');
    const out = checker.update(['/w/base.yaml']);
    assert.deepEqual(codes(out, '/w/frag.yaml'), ['undefined-property']);
    // reported once although both roots have it, and without naming a root: every includer has it
    assert.doesNotMatch(out.get('/w/frag.yaml')![0]!.message, /when included by/);
  });

  test('a problem only one root has names that root', () => {
    const { fs, checker } = setup();
    checker.update('all');
    fs.set('/w/a.yaml', '#lxdops\ninclude: [frag.yaml]\nos: {name: alpine, image: "images:alpine/3.19"}\n');
    const out = checker.update(['/w/a.yaml']);
    const list = out.get('/w/frag.yaml')!;
    assert.equal(list.length, 1);
    assert.match(list[0]!.message, /\(when included by a\.yaml\)$/);
  });

  test('creating a missing include clears include-not-found; a change elsewhere republishes nothing', () => {
    const { fs, checker } = setup();
    fs.set(
      '/w/a.yaml',
      '#lxdops\ninclude: [base.yaml, frag.yaml, extra.yaml]\nos: {name: alpine, image: "images:alpine/3.19"}\n',
    );
    assert.deepEqual(codes(checker.update('all'), '/w/a.yaml'), ['include-not-found']);
    fs.set('/w/extra.yaml', '#lxdops\nprofiles: [default]\n');
    const out = checker.update(['/w/extra.yaml']);
    assert.deepEqual(codes(out, '/w/a.yaml'), []);
    assert.ok(out.has('/w/a.yaml'));
    const quiet = checker.update(['/w/unrelated.yaml']);
    assert.deepEqual([...quiet.keys()], ['/w/unrelated.yaml']);
  });

  test('a root that starts including another root turns it into a fragment', () => {
    const { fs, checker } = setup();
    checker.update('all');
    fs.set('/w/a.yaml', `${root('a')}include: [base.yaml, frag.yaml, b.yaml]\n`);
    checker.update(['/w/a.yaml']);
    assert.deepEqual([...checker.rootResults().keys()], ['/w/a.yaml']);
    assert.deepEqual(
      checker.rootsOf('/w/b.yaml').map((r) => r.root),
      ['/w/a.yaml'],
    );
  });

  test('a deleted file is republished empty when it is no longer a candidate', () => {
    const { fs, checker } = setup();
    fs.set('/w/b.yaml', '#lxdops\nprofile: []\nos: {name: alpine, image: x}\n');
    assert.deepEqual(codes(checker.update('all'), '/w/b.yaml'), ['unknown-key']);
    fs.delete('/w/b.yaml');
    checker.removeCandidate('/w/b.yaml');
    const out = checker.update(['/w/b.yaml']);
    assert.deepEqual(out.get('/w/b.yaml'), []);
  });

  test('a cloud-config file is checked while a config lists it, and cleared when none does', () => {
    const { fs, checker } = setup();
    fs.set('/w/x.cfg', '#cloud-config\nbootcmd: [a]\n');
    fs.set('/w/a.yaml', `${root('a')}cloud-config-files: [x.cfg]\n`);
    assert.deepEqual(codes(checker.update('all'), '/w/x.cfg'), ['unsupported-module']);
    fs.set('/w/a.yaml', root('a'));
    const out = checker.update(['/w/a.yaml']);
    assert.deepEqual(out.get('/w/x.cfg'), []);
    fs.set('/w/a.yaml', `${root('a')}cloud-config-files: [x.cfg]\n`);
    assert.deepEqual(codes(checker.update(['/w/a.yaml']), '/w/x.cfg'), ['unsupported-module']);
  });

  test('an unchanged workspace costs nothing: an update of an unrelated path publishes only that path', () => {
    const { checker } = setup();
    checker.update('all');
    assert.deepEqual([...checker.update(['/w/elsewhere.yaml']).keys()], ['/w/elsewhere.yaml']);
  });
});
