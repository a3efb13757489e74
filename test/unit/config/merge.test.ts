import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EffectiveConfig } from '../../../core/src/config/effectiveConfig';
import { loadIncludeTree } from '../../../core/src/config/includeTree';
import { mergeTree } from '../../../core/src/config/merge';
import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';
import type { Located, Origin } from '../../../core/src/text/origin';
import { at, located, spanOf, workspace } from '../../helpers';

// Reference §2.2 (merge rule per key), §3.2 (order), §3.4 (OS rule, and its ⚠ that we fix).

function merge(
  files: Record<string, string>,
  root = '/ws/root.yaml',
): { config: EffectiveConfig; problems: Diagnostic[] } {
  const { ws } = workspace(files);
  const tree = loadIncludeTree(root, ws);
  assert.ok(tree, `no include tree for ${root}`);
  assert.deepEqual(tree.problems, [], 'the include tree itself has no problems');
  return mergeTree(tree);
}

/** The origin of the nth occurrence of `needle` in a file. */
function originOf(files: Record<string, string>, file: string, needle: string, nth = 0): Origin {
  return { file, ...spanOf(files[file]!, needle, nth) };
}

/** A located value whose text is `needle` (nth occurrence in the file). */
function loc(files: Record<string, string>, file: string, needle: string, nth = 0): Located<string> {
  return { value: needle, origin: originOf(files, file, needle, nth) };
}

const plain = (l: Located<unknown> | undefined) => (l ? { value: l.value, origin: l.origin } : undefined);

describe('top-only keys: description, stop, snapshot (§2.2, §3.2)', () => {
  test('taken from the root only; each one in an include is reported as ignored-in-include at its key', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ndescription: the root\nstop: true\nsnapshot: copy\ninclude: [inc.yaml]\n',
      '/ws/inc.yaml': '#lxdops\ndescription: the include\nstop: false\nsnapshot: other\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(plain(config.description), loc(files, '/ws/root.yaml', 'the root'));
    assert.deepEqual(plain(config.stop), { value: true, origin: originOf(files, '/ws/root.yaml', 'true') });
    assert.deepEqual(plain(config.snapshot), loc(files, '/ws/root.yaml', 'copy'));
    const inc = files['/ws/inc.yaml'];
    assert.deepEqual(located(problems), [
      at('ignored-in-include', '/ws/inc.yaml', inc, 'description'),
      at('ignored-in-include', '/ws/inc.yaml', inc, 'stop'),
      at('ignored-in-include', '/ws/inc.yaml', inc, 'snapshot'),
    ]);
    assert.deepEqual(
      problems.map((p) => p.severity),
      ['warning', 'warning', 'warning'],
    );
  });

  test('an include cannot supply a top-only key that the root lacks', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a/inc.yaml]\n',
      '/ws/a/inc.yaml': '#lxdops\ninclude: [deep.yaml]\nsnapshot: copy\n',
      '/ws/a/deep.yaml': '#lxdops\ndescription: deep\nstop: true\n',
    };
    const { config, problems } = merge(files);
    assert.equal(config.description, undefined);
    assert.equal(config.stop, undefined);
    assert.equal(config.snapshot, undefined);
    assert.deepEqual(located(problems), [
      at('ignored-in-include', '/ws/a/deep.yaml', files['/ws/a/deep.yaml'], 'description'),
      at('ignored-in-include', '/ws/a/deep.yaml', files['/ws/a/deep.yaml'], 'stop'),
      at('ignored-in-include', '/ws/a/inc.yaml', files['/ws/a/inc.yaml'], 'snapshot'),
    ]);
  });

  test('yaml.v2 scalar coercion: `snapshot: 1` is the string "1"', () => {
    const files = { '/ws/root.yaml': '#lxdops\nsnapshot: 1\n' };
    assert.deepEqual(plain(merge(files).config.snapshot), loc(files, '/ws/root.yaml', '1'));
  });
});

describe('scalars: override if non-empty (§2.2)', () => {
  const fields: {
    key: string;
    field:
      | 'project'
      | 'container'
      | 'profilePattern'
      | 'origin'
      | 'deviceTemplate'
      | 'deviceOrigin'
      | 'deviceOwner';
  }[] = [
    { key: 'project', field: 'project' },
    { key: 'container', field: 'container' },
    { key: 'profile-pattern', field: 'profilePattern' },
    { key: 'origin', field: 'origin' },
    { key: 'device-template', field: 'deviceTemplate' },
    { key: 'device-origin', field: 'deviceOrigin' },
    { key: 'device-owner', field: 'deviceOwner' },
  ];
  for (const { key, field } of fields) {
    describe(key, () => {
      test('the including file wins over its includes', () => {
        const files = {
          '/ws/root.yaml': `#lxdops\ninclude: [a.yaml]\n${key}: rootval\n`,
          '/ws/a.yaml': `#lxdops\n${key}: aval\n`,
        };
        const { config } = merge(files);
        assert.deepEqual(plain(config[field]), loc(files, '/ws/root.yaml', 'rootval'));
        assert.deepEqual(config.overridden.get(key)?.map(plain), [loc(files, '/ws/a.yaml', 'aval')]);
      });

      test('a later include wins over an earlier one', () => {
        const files = {
          '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\n',
          '/ws/a.yaml': `#lxdops\n${key}: aval\n`,
          '/ws/b.yaml': `#lxdops\n${key}: bval\n`,
        };
        assert.deepEqual(plain(merge(files).config[field]), loc(files, '/ws/b.yaml', 'bval'));
      });

      test('an include wins over its own includes, and a deep value survives when nothing overrides it', () => {
        const files = {
          '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\n',
          '/ws/a.yaml': `#lxdops\ninclude: [c.yaml]\n${key}: aval\n`,
          '/ws/b.yaml': '#lxdops\nprofiles: [default]\n',
          '/ws/c.yaml': `#lxdops\n${key}: cval\n`,
        };
        assert.deepEqual(plain(merge(files).config[field]), loc(files, '/ws/a.yaml', 'aval'));
        const deep = { ...files, '/ws/a.yaml': '#lxdops\ninclude: [c.yaml]\n' };
        assert.deepEqual(plain(merge(deep).config[field]), loc(deep, '/ws/c.yaml', 'cval'));
      });

      test('an empty string does not clear an inherited value', () => {
        const files = {
          '/ws/root.yaml': `#lxdops\ninclude: [a.yaml, b.yaml]\n${key}: ""\n`,
          '/ws/a.yaml': `#lxdops\n${key}: aval\n`,
          '/ws/b.yaml': `#lxdops\n${key}: ''\n`,
        };
        assert.deepEqual(plain(merge(files).config[field]), loc(files, '/ws/a.yaml', 'aval'));
      });

      test('a null value does not clear an inherited value', () => {
        const files = {
          '/ws/root.yaml': `#lxdops\ninclude: [a.yaml]\n${key}:\n`,
          '/ws/a.yaml': `#lxdops\n${key}: aval\n`,
        };
        assert.deepEqual(plain(merge(files).config[field]), loc(files, '/ws/a.yaml', 'aval'));
      });
    });
  }

  test('source-config: the including file wins, each resolved against its own file', () => {
    const files = {
      '/ws/app/root.yaml': '#lxdops\ninclude: [../common/a.yaml]\nsource-config: tpl.yaml\n',
      '/ws/common/a.yaml': '#lxdops\nsource-config: ../tpl/other.yaml\n',
    };
    const { config } = merge(files, '/ws/app/root.yaml');
    assert.deepEqual(config.sourceConfig, {
      raw: 'tpl.yaml',
      resolved: '/ws/app/tpl.yaml',
      origin: originOf(files, '/ws/app/root.yaml', 'tpl.yaml'),
    });
    const inherited = {
      ...files,
      '/ws/app/root.yaml': '#lxdops\ninclude: [../common/a.yaml]\nsource-config: ""\n',
    };
    assert.deepEqual(merge(inherited, '/ws/app/root.yaml').config.sourceConfig, {
      raw: '../tpl/other.yaml',
      resolved: '/ws/tpl/other.yaml',
      origin: originOf(inherited, '/ws/common/a.yaml', '../tpl/other.yaml'),
    });
  });
});

describe('lists append in depth-first order, then the including file (§2.2, §3.2)', () => {
  // root includes [a, b]; a includes [c].  Post-order: c, a, b, root.
  const lists: { key: string; field: 'profiles' | 'profilesConfig' | 'profilesRun' }[] = [
    { key: 'profiles', field: 'profiles' },
    { key: 'profiles-config', field: 'profilesConfig' },
    { key: 'profiles-run', field: 'profilesRun' },
  ];
  for (const { key, field } of lists) {
    test(key, () => {
      const files = {
        '/ws/root.yaml': `#lxdops\n${key}: [r1, r2]\ninclude: [a.yaml, b.yaml]\n`,
        '/ws/a.yaml': `#lxdops\ninclude: [c.yaml]\n${key}: [a1]\n`,
        '/ws/b.yaml': `#lxdops\n${key}:\n- b1\n- shared\n`,
        '/ws/c.yaml': `#lxdops\n${key}: [c1, shared]\n`,
      };
      const { config } = merge(files);
      assert.deepEqual(config[field].map(plain), [
        loc(files, '/ws/c.yaml', 'c1'),
        loc(files, '/ws/c.yaml', 'shared'),
        loc(files, '/ws/a.yaml', 'a1'),
        loc(files, '/ws/b.yaml', 'b1'),
        loc(files, '/ws/b.yaml', 'shared'),
        loc(files, '/ws/root.yaml', 'r1'),
        loc(files, '/ws/root.yaml', 'r2'),
      ]);
    });
  }

  test('cloud-config-files: appended, each resolved against its own file, no de-duplication', () => {
    const files = {
      '/ws/app/root.yaml':
        '#lxdops\ncloud-config-files: [web.cfg, ../common/base.cfg]\ninclude: [../common/a.yaml, b.yaml]\n',
      '/ws/common/a.yaml': '#lxdops\ninclude: [os/c.yaml]\ncloud-config-files: [base.cfg]\n',
      '/ws/common/os/c.yaml': '#lxdops\ncloud-config-files: [alpine.cfg, /etc/abs.cfg]\n',
      '/ws/app/b.yaml': '#lxdops\ncloud-config-files: [b.cfg]\n',
    };
    const { config } = merge(files, '/ws/app/root.yaml');
    assert.deepEqual(config.cloudConfigFiles, [
      {
        raw: 'alpine.cfg',
        resolved: '/ws/common/os/alpine.cfg',
        origin: originOf(files, '/ws/common/os/c.yaml', 'alpine.cfg'),
      },
      {
        raw: '/etc/abs.cfg',
        resolved: '/etc/abs.cfg',
        origin: originOf(files, '/ws/common/os/c.yaml', '/etc/abs.cfg'),
      },
      {
        raw: 'base.cfg',
        resolved: '/ws/common/base.cfg',
        origin: originOf(files, '/ws/common/a.yaml', 'base.cfg'),
      },
      { raw: 'b.cfg', resolved: '/ws/app/b.cfg', origin: originOf(files, '/ws/app/b.yaml', 'b.cfg') },
      {
        raw: 'web.cfg',
        resolved: '/ws/app/web.cfg',
        origin: originOf(files, '/ws/app/root.yaml', 'web.cfg'),
      },
      {
        raw: '../common/base.cfg',
        resolved: '/ws/common/base.cfg',
        origin: originOf(files, '/ws/app/root.yaml', '../common/base.cfg'),
      },
    ]);
  });

  test('a diamond fragment contributes its items once', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\nprofiles: [r]\n',
      '/ws/a.yaml': '#lxdops\ninclude: [common.yaml]\nprofiles: [a]\n',
      '/ws/b.yaml': '#lxdops\ninclude: [common.yaml]\nprofiles: [b]\n',
      '/ws/common.yaml': '#lxdops\nprofiles: [default]\n',
    };
    assert.deepEqual(
      merge(files).config.profiles.map((p) => p.value),
      ['default', 'a', 'b', 'r'],
    );
  });

  test('files are listed in merge (post-) order', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\n',
      '/ws/a.yaml': '#lxdops\ninclude: [c.yaml]\n',
      '/ws/b.yaml': '#lxdops\n',
      '/ws/c.yaml': '#lxdops\n',
    };
    assert.deepEqual(merge(files).config.files, ['/ws/c.yaml', '/ws/a.yaml', '/ws/b.yaml', '/ws/root.yaml']);
  });
});

describe('lxc-options: replaced by the last non-empty list (§2.2)', () => {
  const rows: {
    name: string;
    a?: string;
    b?: string;
    root?: string;
    expected: { file: string; items: string[] } | undefined;
  }[] = [
    { name: 'only an include sets it', a: '[--vm]', expected: { file: '/ws/a.yaml', items: ['--vm'] } },
    {
      name: 'a later include replaces an earlier one (no append)',
      a: '[--vm, -c, x=1]',
      b: '[--ephemeral]',
      expected: { file: '/ws/b.yaml', items: ['--ephemeral'] },
    },
    {
      name: 'the root replaces its includes',
      a: '[--vm]',
      b: '[--ephemeral]',
      root: '[--storage, fast]',
      expected: { file: '/ws/root.yaml', items: ['--storage', 'fast'] },
    },
    {
      name: 'an empty list in the root does not clear',
      a: '[--vm]',
      root: '[]',
      expected: { file: '/ws/a.yaml', items: ['--vm'] },
    },
    {
      name: 'an empty list in a later include does not clear',
      a: '[--vm, -c, x=1]',
      b: '[]',
      expected: { file: '/ws/a.yaml', items: ['--vm', '-c', 'x=1'] },
    },
    { name: 'nobody sets it', expected: undefined },
  ];
  for (const r of rows) {
    test(r.name, () => {
      const files = {
        '/ws/root.yaml': `#lxdops\ninclude: [a.yaml, b.yaml]\n${r.root ? `lxc-options: ${r.root}\n` : ''}`,
        '/ws/a.yaml': `#lxdops\n${r.a ? `lxc-options: ${r.a}\n` : ''}`,
        '/ws/b.yaml': `#lxdops\n${r.b ? `lxc-options: ${r.b}\n` : ''}`,
      };
      const { config } = merge(files);
      if (!r.expected) assert.equal(config.lxcOptions, undefined);
      else {
        const file = r.expected.file;
        const items = r.expected.items;
        assert.deepEqual(
          config.lxcOptions?.map(plain),
          items.map((item) => loc(files, file, item)),
        );
      }
    });
  }
});

describe('maps merge by key, later wins, overridden records the shadowed value (§2.2)', () => {
  for (const key of ['properties', 'profile-config'] as const) {
    test(key, () => {
      const files = {
        '/ws/root.yaml': `#lxdops\ninclude: [a.yaml, b.yaml]\n${key}:\n  both: rootval\n  onlyroot: rootonly\n`,
        '/ws/a.yaml': `#lxdops\n${key}:\n  both: aval\n  ab: a2\n  onlya: a3\n`,
        '/ws/b.yaml': `#lxdops\n${key}:\n  both: bval\n  ab: b2\n`,
      };
      const { config } = merge(files);
      const map = key === 'properties' ? config.properties : config.profileConfig;
      const values = Object.fromEntries(
        [...map].map(([k, e]) => [k, { key: e.key, keyOrigin: e.keyOrigin, value: plain(e.value) }]),
      );
      const entry = (file: string, k: string, v: string) => ({
        key: k,
        keyOrigin: originOf(files, file, k),
        value: loc(files, file, v),
      });
      assert.deepEqual(values, {
        both: entry('/ws/root.yaml', 'both', 'rootval'),
        onlyroot: entry('/ws/root.yaml', 'onlyroot', 'rootonly'),
        ab: entry('/ws/b.yaml', 'ab', 'b2'),
        onlya: entry('/ws/a.yaml', 'onlya', 'a3'),
      });
      assert.deepEqual(config.overridden.get(`${key}.both`)?.map(plain), [
        loc(files, '/ws/a.yaml', 'aval'),
        loc(files, '/ws/b.yaml', 'bval'),
      ]);
      assert.deepEqual(config.overridden.get(`${key}.ab`)?.map(plain), [loc(files, '/ws/a.yaml', 'a2')]);
      assert.equal(config.overridden.get(`${key}.onlya`), undefined);
      assert.equal(config.overridden.get(`${key}.onlyroot`), undefined);
    });
  }

  test('property values are used literally (version-like numbers keep their text)', () => {
    const files = { '/ws/root.yaml': '#lxdops\nproperties:\n  alpine-version: 3.10\n  ref: (other)\n' };
    const { config } = merge(files);
    assert.deepEqual(Object.fromEntries([...config.properties].map(([k, e]) => [k, e.value.value])), {
      'alpine-version': '3.10',
      ref: '(other)',
    });
  });
});

describe('filesystems and devices: replaced whole by id, no deep merge (§2.2)', () => {
  test('filesystems', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml]\nfilesystems:\n  host:\n    pattern: /srv/(instance)\n',
      '/ws/a.yaml':
        '#lxdops\nfilesystems:\n  host:\n    pattern: (fsroot)/host/(instance)\n    destroy: true\n    transient: true\n    zfsproperties:\n      compression: lz4\n  log:\n    pattern: (fsroot)/log/(instance)\n',
    };
    const { config } = merge(files);
    assert.deepEqual([...config.filesystems.keys()].sort(), ['host', 'log']);
    const host = config.filesystems.get('host')!;
    assert.deepEqual(host, {
      id: 'host',
      keyOrigin: originOf(files, '/ws/root.yaml', 'host'),
      pattern: loc(files, '/ws/root.yaml', '/srv/(instance)'),
      zfsproperties: [],
      isNull: false,
    });
    const log = config.filesystems.get('log')!;
    assert.deepEqual(
      { id: log.id, keyOrigin: log.keyOrigin, pattern: plain(log.pattern) },
      {
        id: 'log',
        keyOrigin: originOf(files, '/ws/a.yaml', 'log'),
        pattern: loc(files, '/ws/a.yaml', '(fsroot)/log/(instance)'),
      },
    );
    const shadowed = config.overridden.get('filesystems.host');
    assert.equal(shadowed?.length, 1);
    assert.deepEqual(shadowed![0]!.origin, originOf(files, '/ws/a.yaml', 'host'));
    assert.equal(
      (shadowed![0]!.value as { pattern?: Located<string> }).pattern?.value,
      '(fsroot)/host/(instance)',
    );
    assert.equal(config.overridden.get('filesystems.log'), undefined);
  });

  test('devices', () => {
    const files = {
      '/ws/root.yaml':
        '#lxdops\ninclude: [a.yaml, b.yaml]\ndevices:\n  home:\n    path: /home\n    filesystem: host\n',
      '/ws/a.yaml':
        '#lxdops\ndevices:\n  home:\n    path: /srv/home\n    filesystem: data\n    dir: homes\n  log:\n    path: /var/log\n    filesystem: log\n    dir: .\n',
      '/ws/b.yaml': '#lxdops\ndevices:\n  log:\n    path: /var/log\n    filesystem: host\n',
    };
    const { config } = merge(files);
    assert.deepEqual([...config.devices.keys()].sort(), ['home', 'log']);
    assert.deepEqual(config.devices.get('home'), {
      name: 'home',
      keyOrigin: originOf(files, '/ws/root.yaml', 'home'),
      path: loc(files, '/ws/root.yaml', '/home'),
      filesystem: loc(files, '/ws/root.yaml', 'host'),
      isNull: false,
    });
    assert.deepEqual(config.devices.get('log'), {
      name: 'log',
      keyOrigin: originOf(files, '/ws/b.yaml', 'log'),
      path: loc(files, '/ws/b.yaml', '/var/log'),
      filesystem: loc(files, '/ws/b.yaml', 'host'),
      isNull: false,
    });
    assert.deepEqual(
      config.overridden.get('devices.home')?.map((o) => o.origin),
      [originOf(files, '/ws/a.yaml', 'home')],
    );
    assert.deepEqual(
      config.overridden.get('devices.log')?.map((o) => o.origin),
      [originOf(files, '/ws/a.yaml', 'log')],
    );
  });
});

describe('the OS rule (§3.4)', () => {
  const osOf = (c: EffectiveConfig) => ({
    name: plain(c.os.name),
    image: plain(c.os.image),
    version: plain(c.os.version),
  });

  test('no os anywhere: an empty OS', () => {
    const { config, problems } = merge({
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\n',
    });
    assert.deepEqual(osOf(config), { name: undefined, image: undefined, version: undefined });
    assert.deepEqual(problems, []);
  });

  test('the first os in pre-order wins: the includer over its include (not post-order)', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\ninclude: [c.yaml]\nos:\n  name: alpine\n  image: images:alpine/3.17\n',
      '/ws/c.yaml': '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.18\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(osOf(config), {
      name: loc(files, '/ws/a.yaml', 'alpine'),
      image: loc(files, '/ws/a.yaml', 'images:alpine/3.17'),
      version: undefined,
    });
    assert.deepEqual(problems, []);
  });

  test('a null os does not count as the first os', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos:\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: debian, image: "images:debian/12"}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(osOf(config), {
      name: loc(files, '/ws/a.yaml', 'debian'),
      image: { value: 'images:debian/12', origin: originOf(files, '/ws/a.yaml', '"images:debian/12"') },
      version: undefined,
    });
    assert.deepEqual(problems, []);
  });

  test('a later different name: os-conflict at the later name, related to the first name', () => {
    // pre-order: root, a, c, b.  a names alpine first; c agrees; b says debian.
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml, b.yaml]\n',
      '/ws/a.yaml': '#lxdops\ninclude: [c.yaml]\nos: {name: alpine}\n',
      '/ws/c.yaml': '#lxdops\nos: {name: alpine}\n',
      '/ws/b.yaml': '#lxdops\nos:\n  name: debian\n  version: "12"\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/b.yaml', files['/ws/b.yaml'], 'debian')]);
    assert.equal(problems[0]!.severity, 'error');
    assert.deepEqual(
      problems[0]!.related?.map((r) => r.origin),
      [originOf(files, '/ws/a.yaml', 'alpine')],
    );
    assert.deepEqual(plain(config.os.name), loc(files, '/ws/a.yaml', 'alpine'));
  });

  test('a conflict found in pre-order: the include of an include conflicts with its includer', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\ninclude: [c.yaml]\nos: {name: alpine}\n',
      '/ws/c.yaml': '#lxdops\nos: {name: ubuntu}\n',
    };
    const { problems } = merge(files);
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/c.yaml', files['/ws/c.yaml'], 'ubuntu')]);
    assert.deepEqual(
      problems[0]!.related?.map((r) => r.origin),
      [originOf(files, '/ws/a.yaml', 'alpine')],
    );
  });

  test('an empty name counts as a different name: os-conflict at the later os key', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos:\n  image: images:alpine/3.17\n',
    };
    const { problems } = merge(files);
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/a.yaml', files['/ws/a.yaml'], 'os')]);
    assert.deepEqual(
      problems[0]!.related?.map((r) => r.origin),
      [originOf(files, '/ws/root.yaml', 'alpine')],
    );
  });

  test('an empty os mapping is a non-null os: it is first, and a later name conflicts with its empty name', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, image: images:alpine/3.17}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/a.yaml', files['/ws/a.yaml'], 'alpine')]);
    assert.deepEqual(
      problems[0]!.related?.map((r) => r.origin),
      [originOf(files, '/ws/root.yaml', 'os')],
    );
    assert.equal(config.os.name, undefined);
  });

  test('a first os without a name conflicts with a later named one: related points at the first os key', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {image: images:alpine/3.17}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine}\n',
    };
    const { problems } = merge(files);
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/a.yaml', files['/ws/a.yaml'], 'alpine')]);
    assert.deepEqual(
      problems[0]!.related?.map((r) => r.origin),
      [originOf(files, '/ws/root.yaml', 'os')],
    );
  });

  test('version fill-in: a later version fills an empty one', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine}\ninclude: [a.yaml, b.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, version: 3.17}\n',
      '/ws/b.yaml': '#lxdops\nos: {name: alpine, version: 3.17}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(osOf(config), {
      name: loc(files, '/ws/root.yaml', 'alpine'),
      image: undefined,
      version: loc(files, '/ws/a.yaml', '3.17'),
    });
    assert.deepEqual(problems, []);
  });

  test('version fill-in: an explicitly empty first version is filled', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine, version: ""}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, version: 3.18}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(plain(config.os.version), loc(files, '/ws/a.yaml', '3.18'));
    assert.deepEqual(problems, []);
  });

  test('version fill-in: a later empty version keeps the first one', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine, version: 3.17}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, version: ""}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(plain(config.os.version), loc(files, '/ws/root.yaml', '3.17'));
    assert.deepEqual(problems, []);
  });

  test('version conflict: os-conflict at the later version, related to the first version', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine, version: 3.17}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos:\n  name: alpine\n  version: 3.18\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/a.yaml', files['/ws/a.yaml'], '3.18')]);
    assert.equal(problems[0]!.severity, 'error');
    assert.deepEqual(
      problems[0]!.related?.map((r) => r.origin),
      [originOf(files, '/ws/root.yaml', '3.17')],
    );
    assert.deepEqual(plain(config.os.version), loc(files, '/ws/root.yaml', '3.17'));
  });

  test('version: 3.10 keeps its text (no float coercion), so 3.1 and 3.10 conflict', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine, version: 3.10}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, version: 3.1}\n',
    };
    const { config, problems } = merge(files);
    assert.equal(config.os.version?.value, '3.10');
    assert.deepEqual(located(problems), [at('os-conflict', '/ws/a.yaml', files['/ws/a.yaml'], '3.1')]);
  });

  test('OUR FIX of the ⚠: an included os.image fills an empty image (upstream drops it)', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, image: images:alpine/3.17}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(osOf(config), {
      name: loc(files, '/ws/root.yaml', 'alpine'),
      image: loc(files, '/ws/a.yaml', 'images:alpine/3.17'),
      version: undefined,
    });
    assert.deepEqual(problems, []);
  });

  test('OUR FIX: an explicitly empty first image is filled by the first later non-empty one', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine, image: ""}\ninclude: [a.yaml, b.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, image: ""}\n',
      '/ws/b.yaml': '#lxdops\nos: {name: alpine, image: "(alpine-image)"}\n',
    };
    const { config } = merge(files);
    assert.deepEqual(plain(config.os.image), {
      value: '(alpine-image)',
      origin: originOf(files, '/ws/b.yaml', '"(alpine-image)"'),
    });
  });

  test('a non-empty first image is kept: later images do not override it', () => {
    const files = {
      '/ws/root.yaml': '#lxdops\nos: {name: alpine, image: images:alpine/3.18}\ninclude: [a.yaml]\n',
      '/ws/a.yaml': '#lxdops\nos: {name: alpine, image: images:alpine/3.17}\n',
    };
    const { config, problems } = merge(files);
    assert.deepEqual(plain(config.os.image), loc(files, '/ws/root.yaml', 'images:alpine/3.18'));
    assert.deepEqual(problems, []);
  });
});
