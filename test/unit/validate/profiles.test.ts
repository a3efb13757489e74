// duplicate-profile (reference lxdops-format §2.2 `profiles` append rule, §5.2).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { CLEAN, lx, OS } from './fixtures';

const F = '/ws/web.yaml';

describe('duplicate-profile', () => {
  test('twice in one list: at the second entry, the first as related information', () => {
    const text = lx(...OS, 'profiles:', '- default', '- web', '- default');
    const list = only(check({ [F]: text }).diagnostics, 'duplicate-profile');
    assert.deepEqual(located(list), [at('duplicate-profile', F, text, 'default', 1)]);
    assert.deepEqual(
      list[0]!.related?.map((x) => ({ file: x.origin.file, start: x.origin.start, end: x.origin.end })),
      [{ file: F, start: text.indexOf('default'), end: text.indexOf('default') + 'default'.length }],
    );
  });

  test('three times: each repetition after the first', () => {
    const text = lx(...OS, 'profiles: [a, a, a]');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'duplicate-profile')), [
      { code: 'duplicate-profile', file: F, start: text.indexOf('a, a]'), end: text.indexOf('a, a]') + 1 },
      { code: 'duplicate-profile', file: F, start: text.indexOf('a]'), end: text.indexOf('a]') + 1 },
    ]);
  });

  test('in an include and in the root: at the root entry (includes are appended first)', () => {
    const root = lx(...OS, 'include: [base.yaml]', 'profiles: [web, default]');
    const r = check({ [F]: root, '/ws/base.yaml': lx('profiles: [default]') });
    assert.deepEqual(located(only(r.diagnostics, 'duplicate-profile')), [
      at('duplicate-profile', F, root, 'default'),
    ]);
  });

  test('in two includes: at the later include', () => {
    const b = lx('profiles: [default]');
    const r = check({
      [F]: lx(...OS, 'include: [a.yaml, b.yaml]'),
      '/ws/a.yaml': lx('profiles: [default]'),
      '/ws/b.yaml': b,
    });
    assert.deepEqual(located(only(r.diagnostics, 'duplicate-profile')), [
      at('duplicate-profile', '/ws/b.yaml', b, 'default'),
    ]);
  });

  test('not reported for distinct profiles, nor for a name shared with profiles-config / profiles-run', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'duplicate-profile'), []);
    const text = lx(...OS, 'profiles: [default, run]', 'profiles-config: [default]', 'profiles-run: [run]');
    assert.deepEqual(only(check({ [F]: text }).diagnostics, 'duplicate-profile'), []);
  });
});
