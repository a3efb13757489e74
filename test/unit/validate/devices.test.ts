// Filesystems and devices of the merged config (reference lxdops-format §2.4, §2.5, §5.2, §5.4).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { applyEdit, CLEAN, FS, lx, OS, within } from './fixtures';

const F = '/ws/web.yaml';
const device = (name: string, ...keys: string[]) => [`  ${name}:`, ...keys.map((k) => `    ${k}`)];

describe('unknown-filesystem', () => {
  test('a misspelt id: at the value, "did you mean", and a fix that writes the id', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'path: /home', 'filesystem: hosts'));
    const list = only(check({ [F]: text }).diagnostics, 'unknown-filesystem');
    assert.deepEqual(located(list), [at('unknown-filesystem', F, text, 'hosts')]);
    assert.match(list[0]!.message, /did you mean `host`/);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace('filesystem: hosts', 'filesystem: host'));
  });

  test('an id with no close match: at the value, no fix', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'path: /home', 'filesystem: scratch'));
    const list = only(check({ [F]: text }).diagnostics, 'unknown-filesystem');
    assert.deepEqual(located(list), [at('unknown-filesystem', F, text, 'scratch')]);
    assert.equal(list[0]!.fixes, undefined);
  });

  test('an empty id (`filesystem: ""`): at the value', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'path: /home', 'filesystem: ""'));
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-filesystem')), [
      at('unknown-filesystem', F, text, '""'),
    ]);
  });

  test('no `filesystem` at all: at the device name', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'path: /home'));
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-filesystem')), [
      within('unknown-filesystem', F, text, '  home:', 'home'),
    ]);
  });

  test('required even when `dir` is absolute (§2.5)', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('data', 'path: /data', 'dir: /srv/data'));
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-filesystem')), [
      within('unknown-filesystem', F, text, '  data:', 'data'),
    ]);
  });

  test('⚠ a device on a null filesystem entry (`tmp:`) is reported (§2.4)', () => {
    const text = lx(
      ...OS,
      'filesystems:',
      '  tmp:',
      'devices:',
      ...device('tmp', 'path: /tmp', 'filesystem: tmp', 'dir: .'),
    );
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-filesystem')), [
      within('unknown-filesystem', F, text, 'filesystem: tmp', 'tmp'),
    ]);
  });

  test('not reported when the filesystem is defined in the same file or in an include', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'unknown-filesystem'), []);
    const r = check({
      [F]: lx(...OS, 'include: [fs.yaml]', 'devices:', ...device('home', 'path: /home', 'filesystem: host')),
      '/ws/fs.yaml': lx(...FS),
    });
    assert.deepEqual(only(r.diagnostics, 'unknown-filesystem'), []);
  });

  test('an id that YAML 1.1 reads as a boolean (`y`, `on`) still matches `filesystem: y`', () => {
    const text = lx(
      ...OS,
      'filesystems:',
      '  y:',
      '    pattern: z/y',
      '  on:',
      '    pattern: z/on',
      'devices:',
      ...device('a', 'path: /a', 'filesystem: y'),
      ...device('b', 'path: /b', 'filesystem: on'),
    );
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-filesystem')), []);
  });
});

describe('duplicate-device-path (reported at the second in merge order)', () => {
  test('two devices of one file: at the second path, the first one as related information', () => {
    const text = lx(
      ...OS,
      ...FS,
      'devices:',
      ...device('home', 'path: /srv', 'filesystem: host'),
      ...device('data', 'path: /srv', 'filesystem: host'),
    );
    const list = only(check({ [F]: text }).diagnostics, 'duplicate-device-path');
    assert.deepEqual(located(list), [at('duplicate-device-path', F, text, '/srv', 1)]);
    assert.deepEqual(
      list[0]!.related?.map((x) => ({ file: x.origin.file, start: x.origin.start })),
      [{ file: F, start: text.indexOf('/srv') }],
    );
  });

  test('an include and the root: at the root (the include is merged first)', () => {
    const root = lx(
      ...OS,
      ...FS,
      'include: [base.yaml]',
      'devices:',
      ...device('data', 'path: /srv', 'filesystem: host'),
    );
    const base = lx('devices:', ...device('home', 'path: /srv', 'filesystem: host'));
    const list = only(check({ [F]: root, '/ws/base.yaml': base }).diagnostics, 'duplicate-device-path');
    assert.deepEqual(located(list), [at('duplicate-device-path', F, root, '/srv')]);
  });

  test('two includes: at the later include', () => {
    const a = lx('devices:', ...device('home', 'path: /srv', 'filesystem: host'));
    const b = lx('devices:', ...device('data', 'path: /srv', 'filesystem: host'));
    const list = only(
      check({ [F]: lx(...OS, ...FS, 'include: [a.yaml, b.yaml]'), '/ws/a.yaml': a, '/ws/b.yaml': b })
        .diagnostics,
      'duplicate-device-path',
    );
    assert.deepEqual(located(list), [at('duplicate-device-path', '/ws/b.yaml', b, '/srv')]);
  });

  test('a later file that redefines a device onto a path already used: at the later file', () => {
    // a.yaml: `data` at /opt and `home` at /srv; b.yaml (merged later) moves `data` to /srv.
    const a = lx(
      'devices:',
      ...device('data', 'path: /opt', 'filesystem: host'),
      ...device('home', 'path: /srv', 'filesystem: host'),
    );
    const b = lx('devices:', ...device('data', 'path: /srv', 'filesystem: host'));
    const list = only(
      check({ [F]: lx(...OS, ...FS, 'include: [a.yaml, b.yaml]'), '/ws/a.yaml': a, '/ws/b.yaml': b })
        .diagnostics,
      'duplicate-device-path',
    );
    assert.deepEqual(located(list), [at('duplicate-device-path', '/ws/b.yaml', b, '/srv')]);
  });

  test('not reported when a later file replaces a device (same name) at the same path', () => {
    const a = lx('devices:', ...device('home', 'path: /home', 'filesystem: host'));
    const r = check({
      [F]: lx(
        ...OS,
        ...FS,
        'include: [a.yaml]',
        'devices:',
        ...device('home', 'path: /home', 'filesystem: host', 'dir: h'),
      ),
      '/ws/a.yaml': a,
    });
    assert.deepEqual(only(r.diagnostics, 'duplicate-device-path'), []);
  });

  test('not reported for distinct paths', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'duplicate-device-path'), []);
  });
});

describe('device-path-invalid', () => {
  test('no `path`: at the device name', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'filesystem: host'));
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'device-path-invalid')), [
      within('device-path-invalid', F, text, '  home:', 'home'),
    ]);
  });

  test('an empty path: at the value', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'path: ""', 'filesystem: host'));
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'device-path-invalid')), [
      at('device-path-invalid', F, text, '""'),
    ]);
  });

  test('a relative path: at the value, with a fix that prefixes /', () => {
    const text = lx(...OS, ...FS, 'devices:', ...device('home', 'path: home', 'filesystem: host'));
    const list = only(check({ [F]: text }).diagnostics, 'device-path-invalid');
    assert.deepEqual(located(list), [within('device-path-invalid', F, text, 'path: home', 'home')]);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace('path: home', 'path: /home'));
  });

  test('not reported for absolute paths', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'device-path-invalid'), []);
  });
});

describe('device-name-reserved (⚠ §2.5)', () => {
  for (const name of ['root', 'eth0']) {
    test(`a device named \`${name}\`: at the name`, () => {
      const text = lx(...OS, ...FS, 'devices:', ...device(name, `path: /srv/${name}x`, 'filesystem: host'));
      assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'device-name-reserved')), [
        within('device-name-reserved', F, text, `  ${name}:`, name),
      ]);
    });
  }

  test('not reported for other names (`rootfs`, `home`, `eth1data`)', () => {
    const text = lx(
      ...OS,
      ...FS,
      'devices:',
      ...device('rootfs', 'path: /a', 'filesystem: host'),
      ...device('home', 'path: /b', 'filesystem: host'),
      ...device('eth1data', 'path: /c', 'filesystem: host'),
    );
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'device-name-reserved'), []);
  });
});

describe('empty-pattern', () => {
  test('no `pattern`: at the filesystem id', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    destroy: true');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'empty-pattern')), [
      within('empty-pattern', F, text, '  host:', 'host'),
    ]);
  });

  test('`{}`: at the filesystem id', () => {
    const text = lx(...OS, 'filesystems:', '  host: {}');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'empty-pattern')), [
      at('empty-pattern', F, text, 'host'),
    ]);
  });

  for (const value of ['""', '"  "']) {
    test(`\`pattern: ${value}\`: at the value`, () => {
      const text = lx(...OS, 'filesystems:', '  host:', `    pattern: ${value}`);
      assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'empty-pattern')), [
        at('empty-pattern', F, text, value),
      ]);
    });
  }

  test('not reported for a zfs dataset or an absolute directory', () => {
    const text = lx(
      ...OS,
      'filesystems:',
      '  host:',
      '    pattern: z/(instance)',
      '  log:',
      '    pattern: /var/lib/lxdops/(instance)',
    );
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'empty-pattern'), []);
  });
});
