// origin and device-origin (reference lxdops-format §2.2, §5.3, §6.2 steps 4 and 9, §7).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, globalProps, located, only } from '../../helpers';
import { lx, within } from './fixtures';

const F = '/ws/web.yaml';
const FS2 = ['filesystems:', '  host:', '    pattern: z/host/(instance)'];

describe('origin-format', () => {
  for (const [value, why] of [
    ['1bad/snap', 'the container starts with a digit'],
    ['c1/', 'an empty snapshot'],
    ['c1/a/b', 'a second `/`'],
    ['proj_', 'an empty container'],
    ['c1-', 'the container ends with a hyphen'],
    ['proj_web_1', 'the container `web_1` has `_`'],
    ['"c 1"', 'a space'],
  ] as const) {
    test(`\`${value}\` (${why}): at the value`, () => {
      const text = lx(`origin: ${value}`);
      assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'origin-format')), [
        at('origin-format', F, text, value),
      ]);
      assert.deepEqual(only(check({ [F]: text }).diagnostics, 'origin-project-snapshot'), []);
    });
  }

  test('resolved through properties first: `(tpl)` = `bad name`', () => {
    const text = lx('origin: (tpl)', 'properties:', "  tpl: 'bad name'");
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'origin-format')), [
      at('origin-format', F, text, '(tpl)'),
    ]);
  });

  test('resolved through the global properties file', () => {
    const text = lx('origin: (nginx-origin)');
    const r = check(
      { [F]: text },
      { globalProperties: globalProps('/g/properties.yaml', { 'nginx-origin': 'a-nginx/' }) },
    );
    assert.deepEqual(located(only(r.diagnostics, 'origin-format')), [
      at('origin-format', F, text, '(nginx-origin)'),
    ]);
  });

  for (const value of ['c1', 'c1/snap', 'proj_c1', 'a-nginx-20230426-1200/copy', '(instance)-tpl/copy']) {
    test(`not reported for \`${value}\``, () => {
      const r = check({ [F]: lx(`origin: ${value}`) });
      assert.deepEqual(only(r.diagnostics, 'origin-format'), []);
      assert.deepEqual(only(r.diagnostics, 'origin-project-snapshot'), []);
    });
  }

  test('not reported when a property is undefined (undefined-property says it)', () => {
    const r = check({ [F]: lx('origin: (nope)/snap') });
    assert.deepEqual(only(r.diagnostics, 'origin-format'), []);
    assert.equal(only(r.diagnostics, 'undefined-property').length, 1);
  });
});

describe('origin-project-snapshot (⚠ §6.2 step 9)', () => {
  test('`proj_c1/snap`: at the value, as information', () => {
    const text = lx('origin: proj_c1/snap');
    const list = only(check({ [F]: text }).diagnostics, 'origin-project-snapshot');
    assert.deepEqual(located(list), [at('origin-project-snapshot', F, text, 'proj_c1/snap')]);
    assert.equal(list[0]!.severity, 'information');
  });

  test('through a property: `origin: (nginx-origin)` = `web_tpl/copy`, at the pattern', () => {
    const text = lx('origin: (nginx-origin)', 'properties:', '  nginx-origin: web_tpl/copy');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'origin-project-snapshot')), [
      at('origin-project-snapshot', F, text, '(nginx-origin)'),
    ]);
  });

  test('in an included file: reported there', () => {
    const base = lx('origin: proj_c1/snap');
    const r = check({ [F]: lx('include: [base.yaml]'), '/ws/base.yaml': base });
    assert.deepEqual(located(only(r.diagnostics, 'origin-project-snapshot')), [
      at('origin-project-snapshot', '/ws/base.yaml', base, 'proj_c1/snap'),
    ]);
  });
});

describe('device-origin-format', () => {
  for (const value of ['tpl', 'tpl@', "'@copy'", 'a@b@c', 'tpl/copy']) {
    test(`\`${value}\`: at the value`, () => {
      const text = lx('origin: c1', `device-origin: ${value}`);
      assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'device-origin-format')), [
        at('device-origin-format', F, text, value),
      ]);
    });
  }

  test('resolved through properties first: `(src)` = `tpl`', () => {
    const text = lx('origin: c1', 'device-origin: (src)', 'properties:', '  src: tpl');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'device-origin-format')), [
      at('device-origin-format', F, text, '(src)'),
    ]);
  });

  test('not reported for `tpl@copy`, `(src)@copy` with `src` defined, or an undefined property', () => {
    for (const lines of [
      ['device-origin: tpl@copy'],
      ['device-origin: (src)@copy', 'properties:', '  src: tpl'],
      ['device-origin: (nope)'],
    ]) {
      const r = check({ [F]: lx('origin: c1', ...lines) });
      assert.deepEqual(only(r.diagnostics, 'device-origin-format'), [], lines.join(' '));
    }
  });
});

describe('device-origin-transient (⚠ §2.4, §6.2 step 4)', () => {
  test('a transient filesystem with device-origin: at `transient: true`', () => {
    const text = lx(
      'origin: c1',
      'device-origin: tpl@copy',
      ...FS2,
      '  tmp:',
      '    pattern: z/tmp/(instance)',
      '    transient: true',
    );
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'device-origin-transient')), [
      at('device-origin-transient', F, text, 'true'),
    ]);
  });

  test('device-origin in the root, the transient filesystem in an include: reported in the include', () => {
    const base = lx('filesystems:', '  tmp:', '    pattern: z/tmp/(instance)', '    transient: yes');
    const r = check({
      [F]: lx('origin: c1', 'device-origin: tpl@copy', 'include: [base.yaml]'),
      '/ws/base.yaml': base,
    });
    assert.deepEqual(located(only(r.diagnostics, 'device-origin-transient')), [
      within('device-origin-transient', '/ws/base.yaml', base, 'transient: yes', 'yes'),
    ]);
  });

  test('not reported without device-origin, or for `transient: false`', () => {
    const transient = [...FS2, '  tmp:', '    pattern: z/tmp/(instance)', '    transient: true'];
    assert.deepEqual(
      only(
        check({ [F]: lx('origin: c1', 'device-template: tpl', ...transient) }).diagnostics,
        'device-origin-transient',
      ),
      [],
    );
    const notTransient = [...FS2, '  tmp:', '    pattern: z/tmp/(instance)', '    transient: false'];
    assert.deepEqual(
      only(
        check({ [F]: lx('origin: c1', 'device-origin: tpl@copy', ...notTransient) }).diagnostics,
        'device-origin-transient',
      ),
      [],
    );
  });
});
