// invalid-instance-name (reference lxdops-format §1.4, §5.4, §7).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { lx, OS } from './fixtures';

describe('invalid-instance-name', () => {
  test('from the file name `n1.prod.yaml` (→ `n1.prod`): on line 1, the header', () => {
    const text = lx(...OS);
    const r = check({ '/ws/n1.prod.yaml': text });
    assert.equal(r.results.get('/ws/n1.prod.yaml')?.instance, 'n1.prod');
    assert.deepEqual(located(only(r.diagnostics, 'invalid-instance-name')), [
      at('invalid-instance-name', '/ws/n1.prod.yaml', text, '#lxdops'),
    ]);
  });

  test('from the file name `.yaml` (→ an empty name, §1.4): on line 1', () => {
    const text = lx(...OS);
    const r = check({ '/ws/.yaml': text });
    assert.equal(r.results.get('/ws/.yaml')?.instance, '');
    assert.deepEqual(located(only(r.diagnostics, 'invalid-instance-name')), [
      at('invalid-instance-name', '/ws/.yaml', text, '#lxdops'),
    ]);
  });

  test('from the file name: a name of 64 characters', () => {
    const file = `/ws/${'a'.repeat(64)}.yaml`;
    const text = lx(...OS);
    assert.deepEqual(located(only(check({ [file]: text }).diagnostics, 'invalid-instance-name')), [
      at('invalid-instance-name', file, text, '#lxdops'),
    ]);
  });

  test('from `container`: at the value', () => {
    const text = lx(...OS, 'container: web_1');
    assert.deepEqual(located(only(check({ '/ws/web.yaml': text }).diagnostics, 'invalid-instance-name')), [
      at('invalid-instance-name', '/ws/web.yaml', text, 'web_1'),
    ]);
  });

  test('from `container` after substitution: `(instance).x`, at the value', () => {
    const text = lx(...OS, 'container: "(instance).x"');
    assert.deepEqual(located(only(check({ '/ws/web.yaml': text }).diagnostics, 'invalid-instance-name')), [
      at('invalid-instance-name', '/ws/web.yaml', text, '"(instance).x"'),
    ]);
  });

  test('from `container` set in an include: at the include value', () => {
    const base = lx('container: 2web');
    const r = check({ '/ws/web.yaml': lx(...OS, 'include: [base.yaml]'), '/ws/base.yaml': base });
    assert.deepEqual(located(only(r.diagnostics, 'invalid-instance-name')), [
      at('invalid-instance-name', '/ws/base.yaml', base, '2web'),
    ]);
  });

  test('not reported for a valid file name (`nginx.yaml`, `a-nginx-2.yaml`, `web`)', () => {
    for (const file of ['/ws/nginx.yaml', '/ws/a-nginx-2.yaml', '/ws/web']) {
      assert.deepEqual(only(check({ [file]: lx(...OS) }).diagnostics, 'invalid-instance-name'), [], file);
    }
  });

  test('not reported when `container` or --name gives a valid name (but `(project_instance)` in project prod is `prod_web`)', () => {
    assert.deepEqual(
      only(check({ '/ws/n1.prod.yaml': lx(...OS, 'container: n1') }).diagnostics, 'invalid-instance-name'),
      [],
    );
    assert.deepEqual(
      only(check({ '/ws/n1.prod.yaml': lx(...OS) }, { name: 'n1' }).diagnostics, 'invalid-instance-name'),
      [],
    );
    assert.deepEqual(
      only(
        check({ '/ws/web.yaml': lx(...OS, 'container: (project_instance)') }, { project: 'prod' })
          .diagnostics,
        'invalid-instance-name',
      ).length,
      1,
      'prod_web has `_`',
    );
  });

  test('not reported for a fragment (it is checked under the name of its root)', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [base.v2.yaml]'),
      '/ws/base.v2.yaml': lx('profiles: [default]'),
    });
    assert.deepEqual(only(r.diagnostics, 'invalid-instance-name'), []);
  });

  test('not reported when `container` has an undefined property (undefined-property says it)', () => {
    const r = check({ '/ws/web.yaml': lx(...OS, 'container: (nope)') });
    assert.deepEqual(only(r.diagnostics, 'invalid-instance-name'), []);
  });
});
