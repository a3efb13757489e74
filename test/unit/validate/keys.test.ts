// Keys and types of #lxdops files (reference lxdops-format §2.1–§2.5, §2.7, §5.4).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { applyEdit, CLEAN, cc, FS, lx, OS, within } from './fixtures';

const F = '/ws/web.yaml';

describe('unknown-key', () => {
  test('a misspelt top-level key: at the key, "did you mean", and a fix edit that replaces the key', () => {
    const text = lx(...OS, 'profile: [default]');
    const r = check({ [F]: text });
    const list = only(r.diagnostics, 'unknown-key');
    assert.deepEqual(located(list), [at('unknown-key', F, text, 'profile')]);
    assert.match(list[0]!.message, /did you mean `profiles`\?/);
    assert.equal(list[0]!.fixes?.length, 1);
    const fix = list[0]!.fixes![0]!;
    assert.equal(fix.kind, 'edit');
    assert.equal(applyEdit(text, fix), lx(...OS, 'profiles: [default]'));
  });

  const suggestions: { name: string; lines: string[]; key: string; meant: string }[] = [
    {
      name: 'a wrongly capitalised key (`Pattern`)',
      lines: [...OS, 'filesystems:', '  host:', '    Pattern: z/(instance)'],
      key: 'Pattern',
      meant: 'pattern',
    },
    {
      name: 'a missing letter in `os` (`imag`)',
      lines: ['os:', '  name: alpine', '  imag: images:alpine/3.19'],
      key: 'imag',
      meant: 'image',
    },
    {
      name: 'two swapped letters in `os` (`nmae`), the most common typo',
      lines: ['os:', '  nmae: alpine', '  image: images:alpine/3.19'],
      key: 'nmae',
      meant: 'name',
    },
    {
      name: 'a typo in a device (`filesytem`)',
      lines: [...OS, ...FS, 'devices:', '  home:', '    path: /home', '    filesytem: host'],
      key: 'filesytem',
      meant: 'filesystem',
    },
    {
      name: 'a prefix (`cloud-config`)',
      lines: [...OS, 'cloud-config: []'],
      key: 'cloud-config',
      meant: 'cloud-config-files',
    },
    {
      name: 'an upper-case key (`PROFILES`)',
      lines: [...OS, 'PROFILES: []'],
      key: 'PROFILES',
      meant: 'profiles',
    },
  ];
  for (const s of suggestions) {
    test(`${s.name} → \`${s.meant}\``, () => {
      const text = lx(...s.lines);
      const r = check({ [F]: text });
      const list = only(r.diagnostics, 'unknown-key');
      assert.deepEqual(located(list), [at('unknown-key', F, text, s.key)]);
      assert.ok(list[0]!.message.includes(`did you mean \`${s.meant}\``), list[0]!.message);
      assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace(`${s.key}:`, `${s.meant}:`));
    });
  }

  test('a key with no close match: no fix, the message lists the valid keys of that place', () => {
    const text = lx(
      ...OS,
      ...FS,
      'devices:',
      '  home:',
      '    path: /home',
      '    filesystem: host',
      '    readonly: true',
    );
    const r = check({ [F]: text });
    const list = only(r.diagnostics, 'unknown-key');
    assert.deepEqual(located(list), [at('unknown-key', F, text, 'readonly')]);
    assert.equal(list[0]!.fixes, undefined);
    assert.match(list[0]!.message, /path, filesystem, dir/);
  });

  test('not reported for any key of the format', () => {
    const text = lx(
      'description: web server',
      'stop: false',
      'snapshot: copy',
      'properties: {a: b}',
      'os: {name: alpine, image: "images:alpine/3.19", version: "3.19"}',
      'project: web',
      'container: (instance)',
      'profile-pattern: (instance).lxdops',
      'profile-config: {boot.autostart: "false"}',
      'origin: ""',
      'device-template: ""',
      'device-origin: ""',
      'source-config: ""',
      'lxc-options: [--vm]',
      'include: []',
      'filesystems: {host: {pattern: "z/(instance)", zfsproperties: {compression: lz4}, destroy: true, transient: false}}',
      'devices: {home: {path: /home, filesystem: host, dir: home}}',
      'device-owner: 1000000:1000000',
      'profiles: [default]',
      'profiles-config: [config]',
      'profiles-run: [run]',
      'cloud-config-files: []',
    );
    const r = check({ [F]: text });
    assert.deepEqual(only(r.diagnostics, 'unknown-key'), []);
    assert.deepEqual(only(r.diagnostics, 'removed-key'), []);
    assert.deepEqual(only(r.diagnostics, 'type-mismatch'), []);
  });
});

describe('removed-key (§2.7: v1 keys that v2 ignores)', () => {
  for (const key of ['pre-scripts', 'packages', 'users', 'files', 'scripts', 'passwords', 'pull']) {
    test(`\`${key}\` at the key, not reported as unknown-key`, () => {
      const text = lx(...OS, `${key}: []`);
      const r = check({ [F]: text });
      assert.deepEqual(located(only(r.diagnostics, 'removed-key')), [at('removed-key', F, text, key)]);
      assert.deepEqual(only(r.diagnostics, 'unknown-key'), []);
    });
  }

  test('not reported for a correct v2 config', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'removed-key'), []);
  });

  test('the same key inside a #cloud-config file is not a removed key', () => {
    const text = cc('packages: [curl]', 'users:', '- name: demo');
    assert.deepEqual(only(check({ '/ws/a.cfg': text }).diagnostics, 'removed-key'), []);
  });
});

describe('type-mismatch (reported at the value)', () => {
  const rows: { name: string; lines: string[]; value: string }[] = [
    {
      name: 'a scalar where a list is expected (`profiles: default`)',
      lines: [...OS, 'profiles: default'],
      value: 'default',
    },
    {
      name: 'a scalar where a mapping is expected (`os: alpine`)',
      lines: ['origin: c1', 'os: alpine'],
      value: 'alpine',
    },
    { name: 'a word in a boolean (`stop: maybe`)', lines: [...OS, 'stop: maybe'], value: 'maybe' },
    {
      name: 'a list where a string is expected (`description: [a]`)',
      lines: [...OS, 'description: [a]'],
      value: '[a]',
    },
    {
      name: 'a list where a mapping is expected (`filesystems: [a]`)',
      lines: [...OS, 'filesystems: [a]'],
      value: '[a]',
    },
    {
      name: 'a string where a list is expected (`include: a.yaml`)',
      lines: [...OS, 'include: a.yaml'],
      value: 'a.yaml',
    },
    { name: 'a list as a property value', lines: [...OS, 'properties:', '  a: [x]'], value: '[x]' },
    {
      name: 'a mapping as a device path',
      lines: [...OS, ...FS, 'devices:', '  home:', '    path: {a: 1}', '    filesystem: host'],
      value: '{a: 1}',
    },
    {
      name: 'a string in `filesystems.*.destroy`',
      lines: [...OS, 'filesystems:', '  host:', '    pattern: z/x', '    destroy: "yes"'],
      value: '"yes"',
    },
  ];
  for (const r of rows) {
    test(r.name, () => {
      const text = lx(...r.lines);
      const res = check({ [F]: text });
      assert.deepEqual(located(only(res.diagnostics, 'type-mismatch')), [
        at('type-mismatch', F, text, r.value),
      ]);
    });
  }

  test('a quoted "true" or a number in a boolean field is a type mismatch (yaml.v2: cannot unmarshal !!str/!!int into bool)', () => {
    const text = lx(...OS, 'stop: "true"', 'filesystems:', '  host:', '    pattern: z/x', '    destroy: 1');
    const res = check({ [F]: text });
    assert.deepEqual(located(only(res.diagnostics, 'type-mismatch')), [
      at('type-mismatch', F, text, '"true"'),
      within('type-mismatch', F, text, 'destroy: 1', '1'),
    ]);
  });

  test('not reported for the scalar coercions yaml.v2 accepts (§2.1)', () => {
    const text = lx(
      'os:',
      '  name: alpine',
      '  image: images:alpine/3.19',
      '  version: 3.10',
      'snapshot: 1',
      'description: true',
      'stop: yes',
      'project: 2024',
      'properties:',
      '  a: 1',
      '  b: 2.5',
      '  c: true',
      '  d:',
      'profiles: [1, true]',
      'filesystems:',
      '  host:',
      '    pattern: z/x',
      '    destroy: on',
      '    transient: Off',
    );
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'type-mismatch'), []);
  });

  test('null values of top-level keys are "not set", not a type mismatch', () => {
    const text = lx(...OS, 'profiles:', 'include:', 'filesystems:', 'devices: ~', 'description: null');
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'type-mismatch'), []);
  });
});

describe('null-entry (⚠ §2.4, §2.5)', () => {
  test('`filesystems: {tmp: }`: at the id', () => {
    const text = lx(...OS, 'filesystems:', '  tmp:');
    const r = check({ [F]: text });
    assert.deepEqual(located(only(r.diagnostics, 'null-entry')), [at('null-entry', F, text, 'tmp')]);
    assert.deepEqual(only(r.diagnostics, 'empty-pattern'), [], 'a null entry is not also an empty pattern');
  });

  test('`devices: {x: }` and `devices: {z: ~}`: at the names, with no crash and no other device problem for them', () => {
    const text = lx(...OS, 'devices:', '  x:', '  z: ~');
    const r = check({ [F]: text });
    assert.deepEqual(located(only(r.diagnostics, 'null-entry')), [
      within('null-entry', F, text, '  x:', 'x'),
      within('null-entry', F, text, '  z: ~', 'z'),
    ]);
    assert.deepEqual(only(r.diagnostics, 'device-path-invalid'), []);
    assert.deepEqual(only(r.diagnostics, 'unknown-filesystem'), []);
  });

  test('in the flow form `{tmp: }`', () => {
    const text = lx(...OS, 'filesystems: {tmp: }');
    const r = check({ [F]: text });
    assert.deepEqual(located(only(r.diagnostics, 'null-entry')), [at('null-entry', F, text, 'tmp')]);
  });

  test('not reported for entries with values', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'null-entry'), []);
  });
});

describe('duplicate-key', () => {
  test('a top-level key written twice: at the second key', () => {
    const text = lx(...OS, 'profiles: [a]', 'profiles: [b]');
    const r = check({ [F]: text });
    assert.deepEqual(located(only(r.diagnostics, 'duplicate-key')), [
      at('duplicate-key', F, text, 'profiles', 1),
    ]);
  });

  test('a filesystem id written twice: at the second id', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: z/a', '  host:', '    pattern: z/b');
    const r = check({ [F]: text });
    assert.deepEqual(located(only(r.diagnostics, 'duplicate-key')), [
      at('duplicate-key', F, text, 'host', 1),
    ]);
  });

  test('in a cloud-config file: at the second key', () => {
    const text = cc('timezone: UTC', 'timezone: Europe/London');
    const r = check({ '/ws/a.cfg': text });
    assert.deepEqual(located(only(r.diagnostics, 'duplicate-key')), [
      at('duplicate-key', '/ws/a.cfg', text, 'timezone', 1),
    ]);
  });

  test('not reported for the same key in different mappings', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: z/a', '  log:', '    pattern: z/b');
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'duplicate-key'), []);
  });
});

describe('anchors, aliases and `<<` merge keys work (§2.1)', () => {
  test('a list reused through an alias', () => {
    const text = lx(...OS, 'profiles: &p [a, b]', 'profiles-run: *p');
    assert.deepEqual(located(check({ [F]: text }).diagnostics), []);
  });

  test('a `<<` merge key in `os` gives the merged name and image (no missing-image, no unknown-key `<<`)', () => {
    const text = lx(
      'filesystems:',
      '  host: &base',
      '    pattern: z/(instance)',
      'os:',
      '  <<: {name: alpine, image: "images:alpine/3.19"}',
    );
    const r = check({ [F]: text });
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('a `<<` merge key in a filesystem gives it the merged pattern (no empty-pattern)', () => {
    const text = lx(
      ...OS,
      'filesystems:',
      '  host: &fs',
      '    pattern: z/host/(instance)',
      '    destroy: true',
      '  log:',
      '    <<: *fs',
    );
    const r = check({ [F]: text });
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('a device given as an alias of another device is that device (here: the same path twice)', () => {
    const text = lx(
      ...OS,
      ...FS,
      'devices:',
      '  home: &dev',
      '    path: /home',
      '    filesystem: host',
      '  home2: *dev',
    );
    const r = check({ [F]: text });
    assert.deepEqual(only(r.diagnostics, 'device-path-invalid'), []);
    assert.deepEqual(only(r.diagnostics, 'unknown-filesystem'), []);
    assert.equal(only(r.diagnostics, 'duplicate-device-path').length, 1);
  });
});
