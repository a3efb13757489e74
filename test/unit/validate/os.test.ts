// os: missing-image, unknown-os, os-conflict (reference lxdops-format §2.3, §3.4, §6.2 step 9, §6.12).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, located, only } from '../../helpers';
import { applyEdit, CLEAN, cc, lx, OS, within } from './fixtures';

const F = '/ws/web.yaml';
const CFG = { '/ws/a.cfg': cc('timezone: UTC') };

describe('missing-image', () => {
  test('no `os` and no `origin`: at the first line', () => {
    const text = lx('profiles: [default]');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'missing-image')), [
      at('missing-image', F, text, '#lxdops'),
    ]);
  });

  test('`os` without `image`: at the `os` key', () => {
    const text = lx('os:', '  name: alpine');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'missing-image')), [
      at('missing-image', F, text, 'os'),
    ]);
  });

  test('an empty image: at the `os` key', () => {
    const text = lx('os:', '  name: alpine', '  image: ""');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'missing-image')), [
      at('missing-image', F, text, 'os'),
    ]);
  });

  test('an empty origin does not count as an origin', () => {
    const text = lx('origin: ""', 'os:', '  name: alpine');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'missing-image')), [
      within('missing-image', F, text, 'os:', 'os'),
    ]);
  });

  test('not reported with an image, an image from a property, or an origin', () => {
    assert.deepEqual(only(check({ [F]: CLEAN }).diagnostics, 'missing-image'), []);
    assert.deepEqual(
      only(
        check({
          [F]: lx('properties:', '  img: images:alpine/3.19', 'os:', '  name: alpine', '  image: (img)'),
        }).diagnostics,
        'missing-image',
      ),
      [],
    );
    assert.deepEqual(only(check({ [F]: lx('origin: tpl/copy') }).diagnostics, 'missing-image'), []);
  });

  test('⚠ not reported when the image comes from an include and the root names only the OS (§3.4: we fill it)', () => {
    const r = check({ [F]: lx('os:', '  name: alpine', 'include: [base.yaml]'), '/ws/base.yaml': lx(...OS) });
    assert.deepEqual(only(r.diagnostics, 'missing-image'), []);
    assert.equal(r.results.get(F)?.config.os.image?.value, 'images:alpine/3.19');
  });

  test('reported for a root only, not for the fragments it includes', () => {
    const r = check({ [F]: lx(...OS, 'include: [base.yaml]'), '/ws/base.yaml': lx('profiles: [default]') });
    assert.deepEqual(only(r.diagnostics, 'missing-image'), []);
  });
});

describe('unknown-os (only where lxdops needs the OS)', () => {
  test('no `os.name` when launching from an image: at the `os` key', () => {
    const text = lx('os:', '  image: images:alpine/3.19');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-os')), [
      at('unknown-os', F, text, 'os'),
    ]);
  });

  test('a misspelt name: at the value, "did you mean", and a fix', () => {
    const text = lx('os:', '  name: alpin', '  image: images:alpine/3.19');
    const list = only(check({ [F]: text }).diagnostics, 'unknown-os');
    assert.deepEqual(located(list), [at('unknown-os', F, text, 'alpin')]);
    assert.match(list[0]!.message, /did you mean `alpine`/);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace('name: alpin\n', 'name: alpine\n'));
  });

  test('a name in the wrong case (`Alpine`) is unknown (registration is exact)', () => {
    const text = lx('os:', '  name: Alpine', '  image: images:alpine/3.19');
    assert.deepEqual(located(only(check({ [F]: text }).diagnostics, 'unknown-os')), [
      at('unknown-os', F, text, 'Alpine'),
    ]);
  });

  test('an unsupported OS (`centos`): at the value, no fix', () => {
    const text = lx('os:', '  name: centos', '  image: images:centos/9');
    const list = only(check({ [F]: text }).diagnostics, 'unknown-os');
    assert.deepEqual(located(list), [within('unknown-os', F, text, 'name: centos', 'centos')]);
    assert.equal(list[0]!.fixes, undefined);
  });

  test('an origin copy with cloud-config files still needs the OS: at the first line when there is no `os`', () => {
    const text = lx('origin: tpl/copy', 'cloud-config-files: [a.cfg]');
    assert.deepEqual(located(only(check({ [F]: text, ...CFG }).diagnostics, 'unknown-os')), [
      at('unknown-os', F, text, '#lxdops'),
    ]);
  });

  test('an origin copy with cloud-config files and an unknown name: at the name', () => {
    const text = lx('origin: tpl/copy', 'os:', '  name: centos', 'cloud-config-files: [a.cfg]');
    assert.deepEqual(located(only(check({ [F]: text, ...CFG }).diagnostics, 'unknown-os')), [
      at('unknown-os', F, text, 'centos'),
    ]);
  });

  test('not reported for an origin copy without cloud-config files, whatever the name', () => {
    assert.deepEqual(only(check({ [F]: lx('origin: tpl/copy') }).diagnostics, 'unknown-os'), []);
    assert.deepEqual(
      only(check({ [F]: lx('origin: tpl/copy', 'os:', '  name: centos') }).diagnostics, 'unknown-os'),
      [],
    );
  });

  for (const name of ['alpine', 'debian', 'ubuntu']) {
    test(`not reported for \`${name}\`, from an image or with cloud-config files`, () => {
      const text = lx('os:', `  name: ${name}`, '  image: images:x', 'cloud-config-files: [a.cfg]');
      assert.deepEqual(only(check({ [F]: text, ...CFG }).diagnostics, 'unknown-os'), []);
    });
  }

  test('not reported when there is nothing to launch (missing-image says it)', () => {
    const r = check({ [F]: lx('profiles: [default]') });
    assert.deepEqual(only(r.diagnostics, 'unknown-os'), []);
  });
});

describe('os-conflict (§3.4)', () => {
  test('an include names another OS: at its name, the first one as related information', () => {
    const base = lx('os:', '  name: debian');
    const list = only(
      check({ [F]: lx(...OS, 'include: [base.yaml]'), '/ws/base.yaml': base }).diagnostics,
      'os-conflict',
    );
    assert.deepEqual(located(list), [at('os-conflict', '/ws/base.yaml', base, 'debian')]);
    assert.equal(list[0]!.related?.[0]?.origin.file, F);
  });

  test('an include with an empty name (an empty name counts as different): at its `os` key', () => {
    const base = lx('os:', '  image: images:alpine/3.18');
    const list = only(
      check({ [F]: lx(...OS, 'include: [base.yaml]'), '/ws/base.yaml': base }).diagnostics,
      'os-conflict',
    );
    assert.deepEqual(located(list), [at('os-conflict', '/ws/base.yaml', base, 'os')]);
  });

  test('two includes disagree: at the later one in pre-order', () => {
    const j = lx('os:', '  name: ubuntu');
    const r = check({ [F]: lx('include: [i.yaml, j.yaml]'), '/ws/i.yaml': lx(...OS), '/ws/j.yaml': j });
    assert.deepEqual(located(only(r.diagnostics, 'os-conflict')), [
      at('os-conflict', '/ws/j.yaml', j, 'ubuntu'),
    ]);
  });

  test('different non-empty versions: at the later version', () => {
    const base = lx('os:', '  name: alpine', '  version: "3.18"');
    const r = check({ [F]: lx(...OS, '  version: "3.17"', 'include: [base.yaml]'), '/ws/base.yaml': base });
    assert.deepEqual(located(only(r.diagnostics, 'os-conflict')), [
      at('os-conflict', '/ws/base.yaml', base, '"3.18"'),
    ]);
  });

  test('not reported for the same name with another image, or a version on one side only', () => {
    const r = check({
      [F]: lx(...OS, 'include: [a.yaml, b.yaml]'),
      '/ws/a.yaml': lx('os:', '  name: alpine', '  image: images:alpine/3.18'),
      '/ws/b.yaml': lx('os:', '  name: alpine', '  version: "3.18"'),
    });
    assert.deepEqual(only(r.diagnostics, 'os-conflict'), []);
  });

  test('not reported when only one file has `os`', () => {
    const r = check({ [F]: lx('include: [base.yaml]'), '/ws/base.yaml': lx(...OS) });
    assert.deepEqual(only(r.diagnostics, 'os-conflict'), []);
  });
});
