// `#lxops-v1` merge and property order (reference lxops-successor §1.3, lxdops-format §8), each
// beside what `#lxdops` does with the same tree.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRoot } from '../../../core/src/check/resolveRoot';
import { loadLxopsGlobalProperties } from '../../../core/src/config/globalProperties';
import { check, globalProps, workspace } from '../../helpers';

const lx = (...lines: string[]): string => `#lxdops\n${lines.map((l) => `${l}\n`).join('')}`;
const lo = (...lines: string[]): string => `#lxops-v1\n${lines.map((l) => `${l}\n`).join('')}`;
const ROOT = '/ws/web.yaml';

function resolved(files: Record<string, string>, options: Parameters<typeof resolveRoot>[2] = {}) {
  const { ws } = workspace(files);
  const r = resolveRoot(ROOT, ws, options);
  assert.ok(r, 'the root resolves');
  return r.result;
}

describe('ostype and image: an include overrides its includer (pre-order), unlike os', () => {
  test('#lxops-v1: the included image and ostype win over the root', () => {
    const r = resolved({
      [ROOT]: lo('ostype: alpine', 'image: images:alpine/3.18', 'include: [base.yaml]'),
      '/ws/base.yaml': lo('ostype: debian', 'image: images:debian/12'),
    });
    assert.equal(r.config.format, 'lxops');
    assert.equal(r.config.os.name?.value, 'debian');
    assert.equal(r.config.os.image?.value, 'images:debian/12');
    assert.equal(r.config.os.image?.origin.file, '/ws/base.yaml');
  });

  test('#lxops-v1: an empty value in the include does not clear the root one', () => {
    const r = resolved({
      [ROOT]: lo('ostype: alpine', 'image: images:alpine/3.18', 'include: [base.yaml]'),
      '/ws/base.yaml': lo("image: ''"),
    });
    assert.equal(r.config.os.image?.value, 'images:alpine/3.18');
  });

  test('#lxops-v1 with an #lxdops fragment: os.name and os.image migrated on read, then overriding', () => {
    const r = resolved({
      [ROOT]: lo('ostype: alpine', 'include: [base.yaml]'),
      '/ws/base.yaml': lx('os:', '  name: debian', '  image: images:debian/12'),
    });
    assert.equal(r.config.os.name?.value, 'debian');
    assert.equal(r.config.os.image?.value, 'images:debian/12');
  });

  test('#lxdops: the first os in pre-order wins; a later image only fills an empty one', () => {
    const r = resolved({
      [ROOT]: lx('os:', '  name: alpine', '  image: images:alpine/3.18', 'include: [base.yaml]'),
      '/ws/base.yaml': lx('os:', '  name: alpine', '  image: images:alpine/3.19'),
    });
    assert.equal(r.config.format, 'lxdops');
    assert.equal(r.config.os.image?.value, 'images:alpine/3.18');
  });

  test('other fields merge as in lxdops: the including file wins, lists append', () => {
    const files = (h: typeof lx) => ({
      [ROOT]: h('project: p1', 'profiles: [b]', 'properties: {k: root}', 'include: [base.yaml]'),
      '/ws/base.yaml': h('project: p0', 'profiles: [a]', 'properties: {k: base}'),
    });
    for (const h of [lx, lo]) {
      const r = resolved(files(h));
      assert.equal(r.config.project?.value, 'p1');
      assert.deepEqual(
        r.config.profiles.map((p) => p.value),
        ['a', 'b'],
      );
      assert.equal(r.config.properties.get('k')?.value.value, 'root');
    }
  });

  test('#lxops-v1 drops what lxops dropped from an #lxdops fragment: container, profile-config, stop', () => {
    const r = resolved({
      [ROOT]: lo('include: [base.yaml]'),
      '/ws/base.yaml': lx('container: c1', 'profile-config: {a: b}', 'profiles-run: [x]'),
    });
    assert.equal(r.config.container, undefined);
    assert.equal(r.config.profileConfig.size, 0);
    assert.deepEqual(r.config.profilesRun, []);
  });
});

describe('property order: lxops built-ins > -P > config > global; lxdops -P > config > built-ins > global', () => {
  const options = {
    commandLineProperties: new Map([
      ['instance', 'from-cli'],
      ['a', 'cli'],
    ]),
    globalProperties: globalProps('/h/.config/lxdops/properties.yaml', {
      a: 'g',
      b: 'g',
      c: 'g',
      project: 'g',
    }),
    lxopsGlobalProperties: globalProps('/h/.config/lxops/properties.yaml', {
      a: 'g',
      b: 'g',
      c: 'g',
      project: 'g',
    }),
  };
  const body = ['properties:', '  a: config', '  b: config', "  c: ''"];

  test('#lxops-v1', () => {
    const p = resolved({ [ROOT]: lo(...body) }, options).properties;
    assert.equal(p.value('instance'), 'web', 'a built-in beats -P');
    assert.equal(p.value('a'), 'cli', '-P beats config');
    assert.equal(p.value('b'), 'config', 'config beats global');
    assert.equal(p.value('c'), 'g', 'an empty config value counts as undefined: global is asked');
    assert.equal(p.value('project'), 'default', 'built-in beats global');
  });

  test('#lxdops (unchanged)', () => {
    const p = resolved({ [ROOT]: lx(...body) }, options).properties;
    assert.equal(p.value('instance'), 'from-cli');
    assert.equal(p.value('a'), 'cli');
    assert.equal(p.value('b'), 'config');
    assert.equal(p.value('c'), '', 'an empty value is a value');
    assert.equal(p.value('project'), 'default');
  });

  test('#lxops-v1 ignores the lxdops global file and reads its own', () => {
    const p = resolved(
      { [ROOT]: lo() },
      { globalProperties: globalProps('/h/.config/lxdops/properties.yaml', { only: 'lxdops' }) },
    ).properties;
    assert.equal(p.value('only'), undefined);
  });
});

describe('lxops global properties: properties.d/*.yaml sorted, then properties.yaml', () => {
  test('a later file overrides an earlier one; files that are not .yaml are skipped', () => {
    const dir = '/h/.config/lxops';
    const { ws } = workspace({
      [`${dir}/properties.d/20-site.yaml`]: 'a: twenty\nb: twenty\n',
      [`${dir}/properties.d/10-base.yaml`]: 'a: ten\nb: ten\nc: ten\n',
      [`${dir}/properties.d/30-x.yml`]: 'c: yml\n',
      [`${dir}/properties.yaml`]: 'b: main\n',
    });
    const listed = ['20-site.yaml', '30-x.yml', '10-base.yaml'];
    const loaded = loadLxopsGlobalProperties(ws, dir, (d) => (d === `${dir}/properties.d` ? listed : []));
    assert.deepEqual(loaded.files, [
      `${dir}/properties.d/10-base.yaml`,
      `${dir}/properties.d/20-site.yaml`,
      `${dir}/properties.yaml`,
    ]);
    const value = (k: string) => loaded.global.properties.get(k)?.value;
    assert.deepEqual([value('a'), value('b'), value('c')], ['twenty', 'main', 'ten']);
    assert.equal(loaded.global.properties.get('b')?.origin?.file, `${dir}/properties.yaml`);
  });

  test('none of the files exists: no properties, not found, no diagnostics', () => {
    const { ws } = workspace({});
    const loaded = loadLxopsGlobalProperties(ws, '/nowhere', () => []);
    assert.equal(loaded.found, false);
    assert.equal(loaded.global.properties.size, 0);
    assert.deepEqual(loaded.diagnostics, []);
  });

  test('a broken file is reported with its name', () => {
    const { ws } = workspace({ '/d/properties.d/a.yaml': 'a: [\n' });
    const loaded = loadLxopsGlobalProperties(ws, '/d', () => ['a.yaml']);
    assert.equal(loaded.diagnostics[0]?.code, 'yaml-syntax');
    assert.ok(loaded.diagnostics.every((d) => d.file === '/d/properties.d/a.yaml'));
  });
});

describe('the merged #lxops-v1 config, rendered', () => {
  test('starts with #lxops-v1 and writes ostype, image and readonly, and reads back clean', async () => {
    const { renderEffectiveConfig } = await import('../../../core/src/config/renderConfig');
    const r = resolved({
      [ROOT]: lo(
        'image: images:alpine/3.19',
        'include: [base.yaml]',
        'devices:',
        '  d:',
        '    path: /d',
        '    dir: /srv/d',
        '    readonly: true',
      ),
      '/ws/base.yaml': lx('os:', '  name: alpine'),
    });
    const text = renderEffectiveConfig(r.config);
    assert.equal(
      text,
      '#lxops-v1\nostype: alpine\nimage: images:alpine/3.19\ndevices:\n  d:\n    path: /d\n    dir: /srv/d\n    readonly: true\n',
    );
    assert.deepEqual(check({ '/ws/again.yaml': text }).diagnostics, []);
  });
});
