// What destroy and the device directories may touch (issue 8 point 2): the containment rules of check.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceChecker } from '../../../core/src/check/workspaceChecker';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';
import { at, check, globalProps, located, only } from '../../helpers';
import { lx, OS } from './fixtures';

const F = '/ws/web1.yaml';
const fsLines = (...entries: string[]) => ['filesystems:', ...entries.map((e) => `  ${e}`)];
const destroyed = (id: string, pattern: string) => `${id}: {pattern: "${pattern}", destroy: true}`;
const codesOf = (text: string, code: string, files: Record<string, string> = {}) =>
  located(only(check({ [F]: text, ...files }).diagnostics, code));

describe('destroy-system-path', () => {
  const refused = [
    '/',
    '/usr',
    '/tmp/x/../../usr',
    '/var//',
    '/etc/',
    '//',
    '/home',
    '/var/lib',
    '/usr/local',
    '/etc/ssh',
    '/home/alice',
    '/var/lib/lxd/containers/(instance)',
    '/tmp',
  ];
  for (const pattern of refused) {
    test(`\`${pattern}\`: at the pattern value`, () => {
      const text = lx(...OS, ...fsLines(destroyed('data', pattern)));
      assert.deepEqual(codesOf(text, 'destroy-system-path'), [
        at('destroy-system-path', F, text, `"${pattern}"`),
      ]);
    });
  }

  test('the message names the normalised directory and says what to do', () => {
    const text = lx(...OS, ...fsLines(destroyed('data', '/tmp/x/../../usr')));
    const [d] = only(check({ [F]: text }).diagnostics, 'destroy-system-path');
    assert.match(d!.message, /is the system directory `\/usr`/);
    assert.match(d!.message, /\/srv\/lxdops\/\(instance\)/);
  });

  test('properties are substituted first: `(root)` = `/etc` from the global properties file', () => {
    const text = lx(...OS, ...fsLines(destroyed('data', '(root)')));
    const r = check({ [F]: text }, { globalProperties: globalProps('/home/u/p.yaml', { root: '/etc' }) });
    assert.deepEqual(located(only(r.diagnostics, 'destroy-system-path')), [
      at('destroy-system-path', F, text, '"(root)"'),
    ]);
  });

  test('not reported for directories of the instance, for kept system directories, or for datasets', () => {
    const text = lx(
      ...OS,
      ...fsLines(
        destroyed('a', '/srv/lxdops/(instance)'),
        destroyed('b', '/var/lib/lxdops/(instance)/log'),
        destroyed('c', '/tmp/scratch/(instance)'),
        destroyed('d', '/home/alice/(instance)'),
        destroyed('e', 'z/usr/(instance)'),
        'f: {pattern: /usr}',
      ),
    );
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'destroy-system-path'), []);
  });
});

describe('destroy-pool-root', () => {
  test('a dataset pattern with one component: at the value', () => {
    const text = lx(...OS, ...fsLines(destroyed('data', 'lxdtest')));
    assert.deepEqual(codesOf(text, 'destroy-pool-root'), [at('destroy-pool-root', F, text, '"lxdtest"')]);
  });

  test('a property that is the pool: at the value', () => {
    const text = lx(...OS, 'properties: {pool: z}', ...fsLines(destroyed('data', '(pool)')));
    assert.deepEqual(codesOf(text, 'destroy-pool-root'), [at('destroy-pool-root', F, text, '"(pool)"')]);
  });

  test('not reported below the pool, nor for a pool without destroy: true', () => {
    const text = lx(...OS, ...fsLines(destroyed('data', 'z/(instance)'), 'pool: {pattern: z}'));
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'destroy-pool-root'), []);
  });
});

describe('destroy-parent', () => {
  test('above a kept filesystem of the same config: at the parent, the child as related', () => {
    const text = lx(
      ...OS,
      ...fsLines(destroyed('host', 'z/nest/(instance)'), 'keep: {pattern: "z/nest/(instance)/keep"}'),
    );
    const list = only(check({ [F]: text }).diagnostics, 'destroy-parent');
    assert.deepEqual(located(list), [at('destroy-parent', F, text, '"z/nest/(instance)"')]);
    assert.match(list[0]!.message, /filesystem `keep` \(kept/);
    assert.equal(list[0]!.related?.[0]?.origin.start, text.indexOf('"z/nest/(instance)/keep"'));
  });

  test("above another root config's filesystem (`z/nest` above `z/nest/web2`): at the parent pattern", () => {
    const text = lx(...OS, ...fsLines(destroyed('host', 'z/nest')));
    const other = lx(...OS, ...fsLines(destroyed('host', 'z/nest/(instance)')));
    const list = only(check({ [F]: text, '/ws/web2.yaml': other }).diagnostics, 'destroy-parent');
    assert.deepEqual(located(list), [at('destroy-parent', F, text, '"z/nest"')]);
    assert.match(list[0]!.message, /filesystem `host` of web2\.yaml \(`\/z\/nest\/web2`\)/);
  });

  test("a plain directory that is a pool mountpoint, above another config's dataset", () => {
    const text = lx(...OS, ...fsLines(destroyed('host', '/lxdtest')));
    const other = lx(...OS, ...fsLines('host: {pattern: "lxdtest/host/(instance)"}'));
    assert.deepEqual(codesOf(text, 'destroy-parent', { '/ws/web2.yaml': other }), [
      at('destroy-parent', F, text, '"/lxdtest"'),
    ]);
  });

  test('incremental: an edit of the other config adds the problem to the parent and takes it away again', () => {
    const text = lx(...OS, ...fsLines(destroyed('host', 'z/nest')));
    const elsewhere = lx(...OS, ...fsLines(destroyed('host', 'z/elsewhere/(instance)')));
    const fs = new MemoryFileSystem({ [F]: text, '/ws/web2.yaml': elsewhere });
    const checker = new WorkspaceChecker(fs);
    checker.setCandidates([F, '/ws/web2.yaml']);
    assert.deepEqual(only(checker.update('all').get(F) ?? [], 'destroy-parent'), []);
    fs.set('/ws/web2.yaml', lx(...OS, ...fsLines(destroyed('host', 'z/nest/(instance)'))));
    const published = checker.update(['/ws/web2.yaml']);
    assert.deepEqual(located(only(published.get(F) ?? [], 'destroy-parent')), [
      at('destroy-parent', F, text, '"z/nest"'),
    ]);
    fs.set('/ws/web2.yaml', elsewhere);
    const again = checker.update(['/ws/web2.yaml']).get(F);
    assert.ok(again, 'the parent is published again');
    assert.deepEqual(only(again, 'destroy-parent'), []);
  });

  test('not reported for siblings, equal paths, or children that are destroyed too', () => {
    const text = lx(
      ...OS,
      ...fsLines(
        destroyed('host', 'z/host/(instance)'),
        destroyed('sub', 'z/host/(instance)/sub'),
        'log: {pattern: "z/log/(instance)"}',
      ),
    );
    const sibling = lx(...OS, ...fsLines(destroyed('host', 'z/host/(instance)')));
    assert.deepEqual(only(check({ [F]: text, '/ws/web2.yaml': sibling }).diagnostics, 'destroy-parent'), []);
  });
});

describe('destroy-shared', () => {
  test('a destroy: true pattern without (instance): a warning at the value', () => {
    const text = lx(...OS, ...fsLines(destroyed('shared', 'z/shared')));
    const list = only(check({ [F]: text }).diagnostics, 'destroy-shared');
    assert.deepEqual(located(list), [at('destroy-shared', F, text, '"z/shared"')]);
    assert.equal(list[0]!.severity, 'warning');
  });

  test('a property of the config that does not depend on the instance: still shared', () => {
    const text = lx(...OS, 'properties: {fsroot: z/demo}', ...fsLines(destroyed('shared', '(fsroot)/data')));
    assert.deepEqual(codesOf(text, 'destroy-shared'), [at('destroy-shared', F, text, '"(fsroot)/data"')]);
  });

  test('not reported with (instance), (project_instance), or without destroy: true', () => {
    const text = lx(
      ...OS,
      ...fsLines(
        destroyed('a', 'z/a/(instance)'),
        destroyed('b', 'z/b/(project_instance)'),
        'c: {pattern: z/c}',
      ),
    );
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'destroy-shared'), []);
  });
});

describe('device-dir-outside', () => {
  const device = (dir: string) => ['devices:', `  data: {path: /data, filesystem: host, dir: "${dir}"}`];
  const FSX = fsLines('host: {pattern: "z/host/(instance)"}');
  for (const dir of ['../../etc', '..', 'a/../../b', '/etc', '/srv/../usr', '/']) {
    test(`\`dir: ${dir}\`: at the value`, () => {
      const text = lx(...OS, ...FSX, ...device(dir));
      assert.deepEqual(codesOf(text, 'device-dir-outside'), [at('device-dir-outside', F, text, `"${dir}"`)]);
    });
  }

  test('not reported inside the filesystem, for `.`, or for an absolute directory of the instance', () => {
    for (const dir of ['a/../b', '.', 'data/(instance)', '/srv/data/(instance)']) {
      const text = lx(...OS, ...FSX, ...device(dir));
      assert.deepEqual(only(check({ [F]: text }).diagnostics, 'device-dir-outside'), [], dir);
    }
  });
});

describe('unsafe-value', () => {
  test('-P y=-rf in a dataset pattern: at the value, naming the property and its source', () => {
    const text = lx(...OS, ...fsLines('host: {pattern: "(y)/x"}'));
    const list = only(
      check({ [F]: text }, { commandLineProperties: new Map([['y', '-rf']]) }).diagnostics,
      'unsafe-value',
    );
    assert.deepEqual(located(list), [at('unsafe-value', F, text, '"(y)/x"')]);
    assert.match(list[0]!.message, /starts with `-`.*; property `y` = `-rf` set with -P on the command line/);
  });

  test('an instance name `..` (a config named `...yaml`) in a pattern: a `..` component', () => {
    const file = '/ws/...yaml';
    const text = lx(...OS, 'container: c1', ...fsLines('host: {pattern: "z/host/(instance)"}'));
    const list = only(check({ [file]: text }).diagnostics, 'unsafe-value');
    assert.deepEqual(located(list), [at('unsafe-value', file, text, '"z/host/(instance)"')]);
  });

  test('a control character in device-owner and a leading `-` in profile-pattern', () => {
    const text = lx(...OS, 'device-owner: "1000\\n:1000"', 'profile-pattern: "-(instance)"');
    assert.deepEqual(codesOf(text, 'unsafe-value'), [
      at('unsafe-value', F, text, '"1000\\n:1000"'),
      at('unsafe-value', F, text, '"-(instance)"'),
    ]);
  });

  test('not reported for ordinary values', () => {
    const text = lx(
      ...OS,
      'device-owner: "1000:1000"',
      ...fsLines('host: {pattern: "z/host/(instance)"}', 'd: {pattern: /srv/(instance)}'),
    );
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'unsafe-value'), []);
  });
});

describe('invalid-dataset-name', () => {
  for (const pattern of ['z//x', 'z/x/', 'z/./x', 'z/x y', 'z/a@b', '1pool/x']) {
    test(`\`${pattern}\`: at the value`, () => {
      const text = lx(...OS, ...fsLines(`host: {pattern: "${pattern}"}`));
      assert.deepEqual(codesOf(text, 'invalid-dataset-name'), [
        at('invalid-dataset-name', F, text, `"${pattern}"`),
      ]);
    });
  }

  test('not reported for valid names (letters, digits, `_ - : .`)', () => {
    const text = lx(...OS, ...fsLines('host: {pattern: "z/a_b-c:d.e/(instance)"}'));
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'invalid-dataset-name'), []);
  });
});
