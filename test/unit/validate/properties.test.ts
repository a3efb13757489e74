// undefined-property (reference lxdops-format §2.6, §4.1–§4.4).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, globalProps, located, only } from '../../helpers';
import { applyEdit, FS, lx, OS, within } from './fixtures';

const F = '/ws/web.yaml';
const undef = (text: string, options = {}) =>
  only(check({ [F]: text }, options).diagnostics, 'undefined-property');

describe('undefined-property: the exact `(key)` inside the value', () => {
  for (const [style, value] of [
    ['a plain value', 'x-(nope)-y'],
    ['a single-quoted value', "'x-(nope)-y'"],
    ['a double-quoted value', '"x-(nope)-y"'],
    ['a double-quoted value with escapes before the key', '"\\t\\"q\\" (nope)"'],
    ['a single-quoted value with an escaped quote before the key', "'it''s (nope)'"],
  ] as const) {
    test(style, () => {
      const text = lx(...OS, `device-owner: ${value}`);
      assert.deepEqual(located(undef(text)), [at('undefined-property', F, text, '(nope)')]);
    });
  }

  test('a folded block scalar, on its second line', () => {
    const text = lx(...OS, 'device-owner: >-', '  a-b', '  (nope)');
    assert.deepEqual(located(undef(text)), [at('undefined-property', F, text, '(nope)')]);
  });

  test('the same key twice in one value: each occurrence', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: (nope)/host/(nope)');
    assert.deepEqual(located(undef(text)), [
      at('undefined-property', F, text, '(nope)', 0),
      at('undefined-property', F, text, '(nope)', 1),
    ]);
  });

  test('a defined key before the undefined one: only the undefined one', () => {
    const text = lx(
      ...OS,
      'properties:',
      '  fsroot: z',
      'filesystems:',
      '  host:',
      '    pattern: (fsroot)/(instance)/(nope)',
    );
    assert.deepEqual(located(undef(text)), [at('undefined-property', F, text, '(nope)')]);
  });

  test('a misspelt built-in: "did you mean" and a fix that writes the right key', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: z/(instnace)');
    const list = undef(text);
    assert.deepEqual(located(list), [at('undefined-property', F, text, '(instnace)')]);
    assert.match(list[0]!.message, /did you mean `instance`/);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace('(instnace)', '(instance)'));
  });

  test('keys are verbatim: `( instance )` looks up " instance " (§4.1)', () => {
    const text = lx(...OS, 'device-owner: a-( instance )');
    assert.deepEqual(located(undef(text)), [at('undefined-property', F, text, '( instance )')]);
  });
});

describe('undefined-property: every substituted field of §2.6', () => {
  const rows: { field: string; lines: string[] }[] = [
    { field: 'container', lines: [...OS, 'container: c-(nope)'] },
    { field: 'profile-pattern', lines: [...OS, 'profile-pattern: (nope).lxdops'] },
    { field: 'origin', lines: ['origin: (nope)/snap'] },
    { field: 'device-template', lines: ['origin: c1', 'device-template: (nope)'] },
    { field: 'device-origin', lines: ['origin: c1', 'device-origin: (nope)@copy'] },
    { field: 'device-owner', lines: [...OS, 'device-owner: (nope)'] },
    { field: 'os.image', lines: ['os:', '  name: alpine', '  image: images:(nope)'] },
    { field: 'os.version', lines: [...OS, '  version: (nope)'] },
    { field: 'filesystems.*.pattern', lines: [...OS, 'filesystems:', '  host:', '    pattern: (nope)/host'] },
    {
      field: 'devices.*.dir',
      lines: [
        ...OS,
        ...FS,
        'devices:',
        '  home:',
        '    path: /home',
        '    filesystem: host',
        '    dir: (nope)',
      ],
    },
  ];
  for (const r of rows) {
    test(r.field, () => {
      const text = lx(...r.lines);
      const list = undef(text);
      assert.deepEqual(located(list), [at('undefined-property', F, text, '(nope)')]);
      assert.ok(
        list[0]!.message.includes(
          `\`${r.field.replace('*', r.field.startsWith('filesystems') ? 'host' : 'home')}\``,
        ),
        list[0]!.message,
      );
    });
  }

  test('in an included file: reported in that file', () => {
    const base = lx('device-owner: (nope)');
    const r = check({ [F]: lx(...OS, 'include: [base.yaml]'), '/ws/base.yaml': base });
    assert.deepEqual(located(only(r.diagnostics, 'undefined-property')), [
      at('undefined-property', '/ws/base.yaml', base, '(nope)'),
    ]);
  });
});

describe('undefined-property: NOT in fields used literally (§2.6)', () => {
  const rows: { field: string; lines: string[]; files?: Record<string, string> }[] = [
    { field: 'description', lines: ['description: (nope)'] },
    { field: 'snapshot', lines: ['snapshot: (nope)'] },
    { field: 'project', lines: ['project: (nope)'] },
    { field: 'properties values', lines: ['properties:', '  a: (nope)'] },
    { field: 'profile-config', lines: ['profile-config:', '  user.x: (nope)'] },
    { field: 'lxc-options', lines: ["lxc-options: ['(nope)']"] },
    { field: 'include', lines: ["include: ['(nope).yaml']"], files: { '/ws/(nope).yaml': lx() } },
    {
      field: 'source-config',
      lines: ["source-config: '(nope).yaml'"],
      files: { '/ws/(nope).yaml': lx(...OS) },
    },
    {
      field: 'cloud-config-files',
      lines: ["cloud-config-files: ['(nope).cfg']"],
      files: { '/ws/(nope).cfg': '#cloud-config\n' },
    },
    {
      field: 'zfsproperties',
      lines: ['filesystems:', '  host:', '    pattern: z/x', '    zfsproperties:', '      user.x: (nope)'],
    },
    {
      field: 'devices.*.path',
      lines: [...FS, 'devices:', '  home:', '    path: /(nope)', '    filesystem: host'],
    },
    {
      field: 'devices.*.filesystem',
      lines: [
        'filesystems:',
        "  '(nope)':",
        '    pattern: z/x',
        'devices:',
        '  home:',
        '    path: /home',
        "    filesystem: '(nope)'",
      ],
    },
    { field: 'profiles', lines: ["profiles: ['(nope)']"] },
    { field: 'profiles-config', lines: ["profiles-config: ['(nope)']"] },
    { field: 'profiles-run', lines: ["profiles-run: ['(nope)']"] },
  ];
  for (const r of rows) {
    test(r.field, () => {
      const res = check({ [F]: lx(...OS, ...r.lines), ...(r.files ?? {}) });
      assert.deepEqual(located(only(res.diagnostics, 'undefined-property')), []);
    });
  }
});

describe('undefined-property: keys that ARE defined', () => {
  test('the built-ins instance, project, project/ and project_instance', () => {
    const text = lx(
      ...OS,
      'filesystems:',
      '  host:',
      '    pattern: z/(project)/(project/)(project_instance)/(instance)',
    );
    assert.deepEqual(undef(text), []);
  });

  test('a key defined only in the global properties file', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: (fsroot)/host/(instance)');
    assert.deepEqual(
      undef(text, {
        globalProperties: globalProps('/home/u/.config/lxdops/properties.yaml', { fsroot: 'z/demo' }),
      }),
      [],
    );
  });

  test('a key defined only by -P', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: (fsroot)/host/(instance)');
    assert.deepEqual(undef(text, { commandLineProperties: new Map([['fsroot', 'z/demo']]) }), []);
  });

  test('a key defined in an included file, and one defined with an empty value', () => {
    const r = check({
      [F]: lx(
        ...OS,
        'include: [base.yaml]',
        'properties:',
        '  empty:',
        'filesystems:',
        '  host:',
        '    pattern: (fsroot)/host/(instance)(empty)',
      ),
      '/ws/base.yaml': lx('properties:', '  fsroot: z/demo'),
    });
    assert.deepEqual(only(r.diagnostics, 'undefined-property'), []);
  });

  test('text that is not a reference: `()`, a lone parenthesis, the outer pair of `((instance))`', () => {
    const text = lx(...OS, 'device-owner: a() (b ((instance)) c)');
    assert.deepEqual(undef(text), []);
  });

  test('a property whose name YAML 1.1 reads as a boolean (`on`) is still that name', () => {
    const text = lx(
      ...OS,
      'properties:',
      '  on: z/demo',
      'filesystems:',
      '  host:',
      '    pattern: (on)/host',
    );
    assert.deepEqual(located(undef(text)), []);
  });

  test('without the global file, the same config has the error, at the key', () => {
    const text = lx(...OS, 'filesystems:', '  host:', '    pattern: (fsroot)/host/(instance)');
    assert.deepEqual(located(undef(text)), [
      within('undefined-property', F, text, 'pattern: (fsroot)', '(fsroot)'),
    ]);
  });
});
