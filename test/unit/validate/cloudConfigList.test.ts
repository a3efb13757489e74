// cloud-config-files entries (reference lxdops-format §2.2, §3.1, §5.2; cloud-config-subset §0).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { cc, lx, OS } from './fixtures';

const F = '/ws/web.yaml';

describe('cloud-config-not-found', () => {
  test('at the entry, with a fix that creates the file starting with #cloud-config', () => {
    const text = lx(...OS, 'cloud-config-files:', '- motd.cfg', '- missing.cfg');
    const list = only(
      check({ [F]: text, '/ws/motd.cfg': cc('timezone: UTC') }).diagnostics,
      'cloud-config-not-found',
    );
    assert.deepEqual(located(list), [at('cloud-config-not-found', F, text, 'missing.cfg')]);
    assert.deepEqual(list[0]!.fixes, [
      {
        kind: 'create-file',
        title: list[0]!.fixes![0]!.title,
        file: '/ws/missing.cfg',
        text: '#cloud-config\n',
      },
    ]);
  });

  test('an entry of an included file resolves against that file, and is reported there', () => {
    const base = lx('cloud-config-files: [motd.cfg]');
    // /ws/motd.cfg exists, but base.yaml is in /ws/fragments, so its entry means /ws/fragments/motd.cfg.
    const r = check({
      [F]: lx(...OS, 'include: [fragments/base.yaml]'),
      '/ws/fragments/base.yaml': base,
      '/ws/motd.cfg': cc(),
    });
    const list = only(r.diagnostics, 'cloud-config-not-found');
    assert.deepEqual(located(list), [
      at('cloud-config-not-found', '/ws/fragments/base.yaml', base, 'motd.cfg'),
    ]);
    assert.equal(list[0]!.fixes?.[0]?.file, '/ws/fragments/motd.cfg');
  });

  test('not reported for existing files (relative, `..`, absolute); the listed files are checked', () => {
    const base = lx('cloud-config-files: [../cfg/a.cfg, /etc/lxdops/b.cfg]');
    const r = check({
      [F]: lx(...OS, 'include: [fragments/base.yaml]', 'cloud-config-files: [cfg/c.cfg]'),
      '/ws/fragments/base.yaml': base,
      '/ws/cfg/a.cfg': cc(),
      '/etc/lxdops/b.cfg': cc('bootcmd: [x]'),
      '/ws/cfg/c.cfg': cc(),
    });
    assert.deepEqual(only(r.diagnostics, 'cloud-config-not-found'), []);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.file} ${d.code}`),
      ['/etc/lxdops/b.cfg unsupported-module'],
      'a listed file outside the checked paths is checked too',
    );
  });
});

describe('duplicate-cloud-config (⚠ applied twice upstream)', () => {
  test('in an include and in the root: at the root entry (the second in merge order), the first as related', () => {
    const root = lx(...OS, 'include: [base.yaml]', 'cloud-config-files: [motd.cfg]');
    const base = lx('cloud-config-files: [motd.cfg]');
    const list = only(
      check({ [F]: root, '/ws/base.yaml': base, '/ws/motd.cfg': cc() }).diagnostics,
      'duplicate-cloud-config',
    );
    assert.deepEqual(located(list), [at('duplicate-cloud-config', F, root, 'motd.cfg')]);
    assert.deepEqual(
      list[0]!.related?.map((x) => x.origin.file),
      ['/ws/base.yaml'],
    );
  });

  test('one file spelt two ways in one list: at the second', () => {
    const root = lx(...OS, 'cloud-config-files:', '- motd.cfg', '- ./cfg/../motd.cfg');
    const list = only(check({ [F]: root, '/ws/motd.cfg': cc() }).diagnostics, 'duplicate-cloud-config');
    assert.deepEqual(located(list), [at('duplicate-cloud-config', F, root, './cfg/../motd.cfg')]);
  });

  test('not reported for different files with the same name in different folders', () => {
    const r = check({
      [F]: lx(...OS, 'include: [fragments/base.yaml]', 'cloud-config-files: [motd.cfg]'),
      '/ws/fragments/base.yaml': lx('cloud-config-files: [motd.cfg]'),
      '/ws/motd.cfg': cc(),
      '/ws/fragments/motd.cfg': cc(),
    });
    assert.deepEqual(only(r.diagnostics, 'duplicate-cloud-config'), []);
  });
});
