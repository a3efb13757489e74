// Includes, source-config and keys ignored in includes (reference lxdops-format §1.1, §2.2, §3, §5.1, §5.2).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { cc, lx, OS } from './fixtures';

describe('include-not-found', () => {
  test('at the include entry', () => {
    const root = lx(...OS, 'include:', '- base.yaml', '- missing.yaml');
    const r = check({ '/ws/web.yaml': root, '/ws/base.yaml': lx() });
    assert.deepEqual(located(only(r.diagnostics, 'include-not-found')), [
      at('include-not-found', '/ws/web.yaml', root, 'missing.yaml'),
    ]);
  });

  test('a relative entry resolves against the folder of the file that holds it (§3.1)', () => {
    // fragments/net.yaml includes `base.yaml`: that is fragments/base.yaml, not /ws/base.yaml.
    const root = lx(...OS, 'include: [fragments/net.yaml]');
    const net = lx('include: [base.yaml]');
    const r = check({ '/ws/web.yaml': root, '/ws/fragments/net.yaml': net, '/ws/base.yaml': lx() });
    assert.deepEqual(located(only(r.diagnostics, 'include-not-found')), [
      at('include-not-found', '/ws/fragments/net.yaml', net, 'base.yaml'),
    ]);
  });

  test('not reported when every include exists (relative, `..` and absolute)', () => {
    const root = lx(...OS, 'include:', '- fragments/net.yaml', '- /abs/common.yaml');
    const net = lx('include: [../base.yaml]');
    const r = check({
      '/ws/web.yaml': root,
      '/ws/fragments/net.yaml': net,
      '/ws/base.yaml': lx(),
      '/abs/common.yaml': lx(),
    });
    assert.deepEqual(only(r.diagnostics, 'include-not-found'), []);
    assert.deepEqual(located(r.diagnostics), []);
  });
});

describe('include-cycle', () => {
  test('a ↔ b: reported once, at the entry that closes the cycle', () => {
    const a = lx(...OS, 'include: [b.yaml]');
    const b = lx('include: [a.yaml]');
    const r = check({ '/ws/a.yaml': a, '/ws/b.yaml': b });
    assert.deepEqual(located(only(r.diagnostics, 'include-cycle')), [
      at('include-cycle', '/ws/b.yaml', b, 'a.yaml'),
    ]);
  });

  test('a file that includes itself', () => {
    const a = lx(...OS, 'include: [./a.yaml]');
    const r = check({ '/ws/a.yaml': a });
    assert.deepEqual(located(only(r.diagnostics, 'include-cycle')), [
      at('include-cycle', '/ws/a.yaml', a, './a.yaml'),
    ]);
  });

  test('a cycle below a root, reached from two roots: reported once', () => {
    const a = lx('include: [b.yaml]');
    const b = lx('include: [a.yaml]');
    const r = check({
      '/ws/r1.yaml': lx(...OS, 'include: [a.yaml]'),
      '/ws/r2.yaml': lx(...OS, 'include: [a.yaml]'),
      '/ws/a.yaml': a,
      '/ws/b.yaml': b,
    });
    assert.deepEqual(located(only(r.diagnostics, 'include-cycle')), [
      at('include-cycle', '/ws/b.yaml', b, 'a.yaml'),
    ]);
  });

  test('not reported for a diamond (two fragments including the same base)', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [x.yaml, y.yaml]'),
      '/ws/x.yaml': lx('include: [base.yaml]'),
      '/ws/y.yaml': lx('include: [base.yaml]'),
      '/ws/base.yaml': lx('profiles: [default]'),
    });
    assert.deepEqual(only(r.diagnostics, 'include-cycle'), []);
    assert.deepEqual(only(r.diagnostics, 'duplicate-include'), []);
    assert.deepEqual(only(r.diagnostics, 'duplicate-profile'), [], 'a diamond is read once');
  });
});

describe('include-not-lxdops (§1.1: every included file and the source-config must start with #lxdops)', () => {
  test('an included #cloud-config file: at the entry, and the cloud-config file is not checked as an lxdops config', () => {
    const root = lx(...OS, 'include: [motd.cfg]');
    const motd = cc('packages: [curl]', 'users:', '- name: demo');
    const r = check({ '/ws/web.yaml': root, '/ws/motd.cfg': motd });
    assert.deepEqual(located(only(r.diagnostics, 'include-not-lxdops')), [
      at('include-not-lxdops', '/ws/web.yaml', root, 'motd.cfg'),
    ]);
    assert.deepEqual(
      r.diagnostics.filter(
        (d) => d.file === '/ws/motd.cfg' && (d.code === 'removed-key' || d.code === 'unknown-key'),
      ),
      [],
      'lxdops key rules do not apply to a #cloud-config file',
    );
  });

  test('an included file with a near-miss header: the header error is reported in that file, with its fix', () => {
    const root = lx(...OS, 'include: [base.yaml]');
    const base = '# lxdops\nprofiles: [default]\n';
    const r = check({ '/ws/web.yaml': root, '/ws/base.yaml': base });
    const headers = only(r.diagnostics, 'header');
    assert.deepEqual(located(headers), [at('header', '/ws/base.yaml', base, '# lxdops')]);
    assert.equal(headers[0]!.fixes?.length, 1);
  });

  test('a source-config without #lxdops: at the source-config value', () => {
    const root = lx(...OS, 'source-config: src.yaml');
    const r = check({ '/ws/web.yaml': root, '/ws/src.yaml': 'project: web\n' });
    assert.deepEqual(located(only(r.diagnostics, 'include-not-lxdops')), [
      at('include-not-lxdops', '/ws/web.yaml', root, 'src.yaml'),
    ]);
  });

  test('not reported for #lxdops includes and source-config (CRLF and header-only files too)', () => {
    const root = lx(...OS, 'include: [a.yaml, b.yaml]', 'source-config: src.yaml');
    const r = check({
      '/ws/web.yaml': root,
      '/ws/a.yaml': '#lxdops\r\nprofiles: [default]\r\n',
      '/ws/b.yaml': '#lxdops',
      '/ws/src.yaml': lx(...OS),
    });
    assert.deepEqual(only(r.diagnostics, 'include-not-lxdops'), []);
  });
});

describe('duplicate-include', () => {
  test('the same file twice in one list, spelt differently: at the second entry', () => {
    const root = lx(...OS, 'include:', '- base.yaml', '- ./base.yaml');
    const r = check({ '/ws/web.yaml': root, '/ws/base.yaml': lx('profiles: [default]') });
    assert.deepEqual(located(only(r.diagnostics, 'duplicate-include')), [
      at('duplicate-include', '/ws/web.yaml', root, './base.yaml'),
    ]);
    assert.deepEqual(only(r.diagnostics, 'duplicate-profile'), [], 'the file is merged once');
  });

  test('not reported for different files', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [a.yaml, b.yaml]'),
      '/ws/a.yaml': lx(),
      '/ws/b.yaml': lx(),
    });
    assert.deepEqual(only(r.diagnostics, 'duplicate-include'), []);
  });
});

describe('ignored-in-include (§2.2: description, stop, snapshot are top-file only)', () => {
  test('each of the three keys in an included file: at the key', () => {
    const base = lx('description: base', 'stop: true', 'snapshot: copy');
    const r = check({ '/ws/web.yaml': lx(...OS, 'include: [base.yaml]'), '/ws/base.yaml': base });
    assert.deepEqual(located(only(r.diagnostics, 'ignored-in-include')), [
      at('ignored-in-include', '/ws/base.yaml', base, 'description'),
      at('ignored-in-include', '/ws/base.yaml', base, 'stop'),
      at('ignored-in-include', '/ws/base.yaml', base, 'snapshot'),
    ]);
  });

  test('not reported in the root config', () => {
    const r = check({ '/ws/web.yaml': lx(...OS, 'description: web', 'stop: true', 'snapshot: copy') });
    assert.deepEqual(only(r.diagnostics, 'ignored-in-include'), []);
  });
});

describe('source-config-not-found', () => {
  test('at the value, with a fix that creates the file with #lxdops', () => {
    const root = lx(...OS, 'source-config: ../templates/src.yaml');
    const r = check({ '/ws/app/web.yaml': root });
    const list = only(r.diagnostics, 'source-config-not-found');
    assert.deepEqual(located(list), [
      at('source-config-not-found', '/ws/app/web.yaml', root, '../templates/src.yaml'),
    ]);
    assert.deepEqual(
      list[0]!.fixes?.map((f) => (f.kind === 'create-file' ? { file: f.file, text: f.text } : f.kind)),
      [{ file: '/ws/templates/src.yaml', text: '#lxdops\n' }],
    );
  });

  test('not reported when the file exists', () => {
    const r = check({
      '/ws/app/web.yaml': lx(...OS, 'source-config: ../templates/src.yaml'),
      '/ws/templates/src.yaml': lx(...OS),
    });
    assert.deepEqual(only(r.diagnostics, 'source-config-not-found'), []);
  });
});
