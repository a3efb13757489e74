// The rules of both config formats side by side (reference lxops-successor §1.2–1.3,
// lxdops-format §1.5, §8): one table row per rule, the same input written in each format, and
// the codes each format gets. Then the exact spans and fixes of the codes only `#lxops-v1` has.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckOptions } from '../../../core/src/check/checkFiles';
import { at, check, globalProps, located, only } from '../../helpers';
import { applyEdit, lx, within } from './fixtures';

/** An `#lxops-v1` file made of the given lines. */
const lo = (...lines: string[]): string => `#lxops-v1\n${lines.map((l) => `${l}\n`).join('')}`;

const LXDOPS_OS = ['os:', '  name: alpine', '  image: images:alpine/3.19'];
const LXOPS_OS = ['ostype: alpine', 'image: images:alpine/3.19'];
const FS = ['filesystems:', '  host:', '    pattern: z/demo/host/(instance)'];
const HOME = ['  home:', '    path: /home', '    filesystem: host'];

type Files = Record<string, string>;
interface Row {
  rule: string;
  /** The body of /ws/web.yaml in each format (header and OS lines are added), or whole workspaces. */
  lxdops: string[] | Files;
  lxops: string[] | Files;
  codes: { lxdops: string[]; lxops: string[] };
  options?: CheckOptions;
}

const ROOT = '/ws/web.yaml';
const filesOf = (body: string[] | Files, make: (...l: string[]) => string, os: string[]): Files =>
  Array.isArray(body) ? { [ROOT]: make(...os, ...body) } : body;
const codesOf = (files: Files, options?: CheckOptions) =>
  check(files, options)
    .diagnostics.map((d) => d.code)
    .sort();

const ROWS: Row[] = [
  {
    rule: 'a clean config',
    lxdops: [...FS, 'devices:', ...HOME],
    lxops: [...FS, 'devices:', ...HOME],
    codes: { lxdops: [], lxops: [] },
  },
  {
    rule: 'the keys lxops dropped',
    lxdops: [
      'container: c1',
      'stop: true',
      'snapshot: s',
      'profile-config: {a: b}',
      'profiles-config: [x]',
      'profiles-run: [y]',
    ],
    lxops: [
      'container: c1',
      'stop: true',
      'snapshot: s',
      'profile-config: {a: b}',
      'profiles-config: [x]',
      'profiles-run: [y]',
    ],
    codes: { lxdops: [], lxops: Array(6).fill('removed-key') },
  },
  {
    rule: '`os` against `ostype` / `image`',
    lxdops: { [ROOT]: lx('ostype: alpine', 'image: images:alpine/3.19') },
    lxops: { [ROOT]: lo(...LXDOPS_OS) },
    codes: {
      lxdops: ['missing-image', 'unknown-key', 'unknown-key'],
      lxops: ['missing-image', 'removed-key'],
    },
  },
  {
    rule: 'a readonly device',
    lxdops: [...FS, 'devices:', ...HOME, '    readonly: true'],
    lxops: [...FS, 'devices:', ...HOME, '    readonly: true'],
    codes: { lxdops: ['unknown-key'], lxops: [] },
  },
  {
    rule: 'a device without a filesystem, absolute dir',
    lxdops: ['devices:', '  shared:', '    path: /shared', '    dir: /srv/shared'],
    lxops: ['devices:', '  shared:', '    path: /shared', '    dir: /srv/shared'],
    codes: { lxdops: ['unknown-filesystem'], lxops: [] },
  },
  {
    rule: 'a device without a filesystem, a system directory',
    lxdops: ['devices:', '  conf:', '    path: /conf', '    dir: /etc/ssh'],
    lxops: ['devices:', '  conf:', '    path: /conf', '    dir: /etc/ssh'],
    codes: { lxdops: ['device-dir-outside', 'unknown-filesystem'], lxops: ['device-dir-outside'] },
  },
  {
    rule: 'a device without a filesystem, relative dir',
    lxdops: ['devices:', '  shared:', '    path: /shared', '    dir: shared'],
    lxops: ['devices:', '  shared:', '    path: /shared', '    dir: shared'],
    codes: { lxdops: ['unknown-filesystem'], lxops: ['device-dir-relative'] },
  },
  {
    rule: 'an OS type neither knows',
    lxdops: { [ROOT]: lx('os:', '  name: alpin', '  image: images:alpine/3.19') },
    lxops: { [ROOT]: lo('ostype: alpin', 'image: images:alpine/3.19') },
    codes: { lxdops: ['unknown-os'], lxops: ['unknown-os'] },
  },
  {
    rule: 'openwrt without cloud-config',
    lxdops: { [ROOT]: lx('os:', '  name: openwrt', '  image: images:openwrt/23.05') },
    lxops: { [ROOT]: lo('ostype: openwrt', 'image: images:openwrt/23.05') },
    codes: { lxdops: ['unknown-os'], lxops: [] },
  },
  {
    rule: 'openwrt with cloud-config',
    lxdops: {
      [ROOT]: lx('os:', '  name: openwrt', '  image: images:openwrt/23.05', 'cloud-config-files: [a.cfg]'),
      '/ws/a.cfg': '#cloud-config\n',
    },
    lxops: {
      [ROOT]: lo('ostype: openwrt', 'image: images:openwrt/23.05', 'cloud-config-files: [a.cfg]'),
      '/ws/a.cfg': '#cloud-config\n',
    },
    codes: { lxdops: ['unknown-os'], lxops: ['cloud-config-unsupported'] },
  },
  {
    rule: '`()` in a pattern',
    lxdops: [...FS, 'devices:', ...HOME, '    dir: data()'],
    lxops: [...FS, 'devices:', ...HOME, '    dir: data()'],
    codes: { lxdops: [], lxops: ['undefined-property'] },
  },
  {
    rule: 'an empty property value',
    lxdops: ['properties:', '  sub: ""', ...FS, 'devices:', ...HOME, '    dir: x(sub)'],
    lxops: ['properties:', '  sub: ""', ...FS, 'devices:', ...HOME, '    dir: x(sub)'],
    codes: { lxdops: [], lxops: ['undefined-property'] },
  },
  {
    rule: 'a conditional include whose property is not set',
    lxdops: ['include: [(site).yaml]'],
    lxops: ['include: [(site).yaml]'],
    codes: { lxdops: ['include-not-found'], lxops: ['conditional-dropped'] },
  },
  {
    rule: 'a conditional include whose property is set with -P',
    lxdops: {
      [ROOT]: lx(...LXDOPS_OS, 'include: [(site).yaml]'),
      '/ws/paris.yaml': lx('profiles: [default]'),
    },
    lxops: { [ROOT]: lo(...LXOPS_OS, 'include: [(site).yaml]'), '/ws/paris.yaml': lo('profiles: [default]') },
    options: { commandLineProperties: new Map([['site', 'paris']]) },
    // for lxdops the literal entry names no file, so paris.yaml is a root of its own (with no image)
    codes: { lxdops: ['include-not-found', 'missing-image'], lxops: [] },
  },
  {
    rule: 'a conditional include: the config properties do not count',
    lxdops: ['properties: {site: paris}', 'include: [(site).yaml]'],
    lxops: ['properties: {site: paris}', 'include: [(site).yaml]'],
    codes: { lxdops: ['include-not-found'], lxops: ['conditional-dropped'] },
  },
  {
    rule: 'a reserved character in an include',
    lxdops: ['include: ["a;b.yaml"]'],
    lxops: ['include: ["a;b.yaml"]'],
    codes: { lxdops: ['include-not-found'], lxops: ['path-reserved-character'] },
  },
  {
    rule: 'an empty profile-pattern',
    lxdops: ['profile-pattern: ""'],
    lxops: ['profile-pattern: ""'],
    codes: { lxdops: [], lxops: ['empty-profile'] },
  },
  {
    rule: 'description in an included file',
    lxdops: { [ROOT]: lx(...LXDOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': lx('description: x') },
    lxops: { [ROOT]: lo(...LXOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': lo('description: x') },
    codes: { lxdops: ['ignored-in-include'], lxops: ['ignored-in-include'] },
  },
  {
    rule: 'an include of the other format',
    lxdops: { [ROOT]: lx(...LXDOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': lo('profiles: [default]') },
    lxops: { [ROOT]: lo(...LXOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': lx('profiles: [default]') },
    codes: { lxdops: ['include-not-lxdops'], lxops: [] },
  },
  {
    rule: 'an include of a cloud-config file',
    lxdops: { [ROOT]: lx(...LXDOPS_OS, 'include: [b.cfg]'), '/ws/b.cfg': '#cloud-config\n' },
    lxops: { [ROOT]: lo(...LXOPS_OS, 'include: [b.cfg]'), '/ws/b.cfg': '#cloud-config\n' },
    codes: { lxdops: ['include-not-lxdops'], lxops: ['include-not-lxops'] },
  },
  {
    rule: 'an included #lxdops fragment with a key lxops dropped',
    lxdops: { [ROOT]: lx(...LXDOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': lx('container: c-(instance)') },
    lxops: { [ROOT]: lo(...LXOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': lx('container: c-(instance)') },
    codes: { lxdops: [], lxops: ['removed-key'] },
  },
];

describe('the rules of #lxdops and #lxops-v1 side by side', () => {
  for (const row of ROWS) {
    test(`${row.rule}: lxdops ${JSON.stringify(row.codes.lxdops)}, lxops ${JSON.stringify(row.codes.lxops)}`, () => {
      assert.deepEqual(codesOf(filesOf(row.lxdops, lx, LXDOPS_OS), row.options), row.codes.lxdops, 'lxdops');
      assert.deepEqual(codesOf(filesOf(row.lxops, lo, LXOPS_OS), row.options), row.codes.lxops, 'lxops');
    });
  }
});

describe('#lxops-v1 header near misses: the same diagnostic as #lxdops, fixed to #lxops-v1', () => {
  const BODY = `${LXOPS_OS.join('\n')}\n`;
  const nearMisses: [string, string, string][] = [
    ['a UTF-8 BOM', '\ufeff#lxops-v1', '#lxops-v1'],
    ['a leading blank line', '\n#lxops-v1', '#lxops-v1'],
    ['`# lxops-v1`', '# lxops-v1', '# lxops-v1'],
    ['`#LXOPS-V1`', '#LXOPS-V1', '#LXOPS-V1'],
    ['a trailing space', '#lxops-v1 ', '#lxops-v1 '],
    ['no version: `#lxops`', '#lxops', '#lxops'],
    ['another version: `#lxops-v2`', '#lxops-v2', '#lxops-v2'],
    ['`#lxops-v1 # comment`', '#lxops-v1 # comment', '#lxops-v1 # comment'],
  ];
  for (const [name, first, needle] of nearMisses) {
    test(`rejected: ${name}`, () => {
      const text = `${first}\n${BODY}`;
      const r = check({ [ROOT]: text });
      const headers = only(r.diagnostics, 'header');
      assert.deepEqual(located(headers), [at('header', ROOT, text, needle)]);
      assert.match(headers[0]!.message, /exactly `#lxops-v1`/);
      assert.equal(applyEdit(text, headers[0]!.fixes![0]!), `#lxops-v1\n${BODY}`);
      // still read as an lxops config: its keys are lxops keys
      assert.deepEqual(only(r.diagnostics, 'unknown-key'), []);
    });
  }
  test('accepted: exactly #lxops-v1, LF, CRLF or alone', () => {
    for (const text of [`#lxops-v1\n${BODY}`, `#lxops-v1\r\n${BODY.replace(/\n/g, '\r\n')}`, '#lxops-v1'])
      assert.deepEqual(only(check({ [ROOT]: text }).diagnostics, 'header'), []);
  });
});

describe('#lxops-v1 codes: exact spans and messages', () => {
  test('removed-key at the key, saying what to do instead', () => {
    const text = lo(...LXOPS_OS, 'os:', '  name: alpine', 'stop: true');
    const r = check({ [ROOT]: text });
    const list = only(r.diagnostics, 'removed-key');
    assert.deepEqual(located(list), [
      within('removed-key', ROOT, text, '\nos:', 'os'),
      at('removed-key', ROOT, text, 'stop'),
    ]);
    assert.match(list[0]!.message, /`ostype` \(was `os\.name`\)/);
    assert.deepEqual(only(check({ [ROOT]: lo(...LXOPS_OS) }).diagnostics, 'removed-key'), []);
  });

  test('removed-key in an #lxdops fragment of an #lxops-v1 root names the root', () => {
    const frag = lx('profile-config:', '  boot.autostart: "false"');
    const r = check({ [ROOT]: lo(...LXOPS_OS, 'include: [b.yaml]'), '/ws/b.yaml': frag });
    const list = only(r.diagnostics, 'removed-key');
    assert.deepEqual(located(list), [at('removed-key', '/ws/b.yaml', frag, 'profile-config')]);
    assert.match(list[0]!.message, /web\.yaml/);
  });

  test('an #lxdops fragment of an #lxops-v1 root: its os.version is reported too, at the value (lxops has none)', () => {
    const frag = lx('os:', '  name: alpine', '  image: images:alpine/3.19', '  version: "3.19"');
    const r = check({ [ROOT]: lo('include: [b.yaml]'), '/ws/b.yaml': frag });
    const list = only(r.diagnostics, 'removed-key');
    assert.deepEqual(located(list), [at('removed-key', '/ws/b.yaml', frag, '"3.19"')]);
    assert.match(list[0]!.message, /os\.version.*no OS version/);
  });

  test('device-dir-relative at the dir, or at the device when dir is the default', () => {
    const text = lo(...LXOPS_OS, 'devices:', '  a:', '    path: /a', '    dir: rel', '  b:', '    path: /b');
    const r = check({ [ROOT]: text });
    assert.deepEqual(located(only(r.diagnostics, 'device-dir-relative')), [
      at('device-dir-relative', ROOT, text, 'rel'),
      within('device-dir-relative', ROOT, text, '  b:', 'b'),
    ]);
    const ok = lo(
      ...LXOPS_OS,
      'properties: {top: /srv}',
      'devices:',
      '  a:',
      '    path: /a',
      '    dir: (top)/a',
    );
    assert.deepEqual(only(check({ [ROOT]: ok }).diagnostics, 'device-dir-relative'), []);
  });

  test('empty-profile at the value', () => {
    const text = lo(...LXOPS_OS, "profile-pattern: ''");
    assert.deepEqual(located(only(check({ [ROOT]: text }).diagnostics, 'empty-profile')), [
      at('empty-profile', ROOT, text, "''"),
    ]);
    const named = check({ [ROOT]: lo(...LXOPS_OS, 'profile-pattern: (instance).p') });
    assert.deepEqual(only(named.diagnostics, 'empty-profile'), []);
  });

  test('cloud-config-unsupported at the first cloud-config entry, related to the ostype', () => {
    const text = lo('ostype: openwrt', 'image: images:openwrt/23.05', 'cloud-config-files: [a.cfg]');
    const r = check({ [ROOT]: text, '/ws/a.cfg': '#cloud-config\n' });
    const list = only(r.diagnostics, 'cloud-config-unsupported');
    assert.deepEqual(located(list), [at('cloud-config-unsupported', ROOT, text, 'a.cfg')]);
    assert.equal(list[0]!.related?.[0]?.origin.start, text.indexOf('openwrt'));
    const alpine = lo(...LXOPS_OS, 'cloud-config-files: [a.cfg]');
    assert.deepEqual(
      only(check({ [ROOT]: alpine, '/ws/a.cfg': '#cloud-config\n' }).diagnostics, 'cloud-config-unsupported'),
      [],
    );
  });

  test('conditional-dropped: a hint at the entry naming the property; kept once the global property is set', () => {
    const text = lo(
      ...LXOPS_OS,
      'include: [base.yaml, site-(site).yaml]',
      'cloud-config-files: [(pkgs).cfg]',
    );
    const files = {
      [ROOT]: text,
      '/ws/base.yaml': lo('profiles: [default]'),
      '/ws/site-paris.yaml': lo('profiles: [web]'),
      '/ws/extra.cfg': '#cloud-config\n',
    };
    const r = check(files);
    const list = only(r.diagnostics, 'conditional-dropped');
    assert.deepEqual(located(list), [
      at('conditional-dropped', ROOT, text, 'site-(site).yaml'),
      at('conditional-dropped', ROOT, text, '(pkgs).cfg'),
    ]);
    assert.equal(list[0]!.severity, 'hint');
    assert.match(list[0]!.message, /property `site`/);
    const set = check(files, {
      lxopsGlobalProperties: globalProps('/h/.config/lxops/properties.yaml', {
        site: 'paris',
        pkgs: 'extra',
      }),
    });
    assert.deepEqual(only(set.diagnostics, 'conditional-dropped'), []);
    assert.deepEqual(
      set.results.get(ROOT)!.config.profiles.map((p) => p.value),
      ['default', 'web'],
    );
    assert.deepEqual(
      set.results.get(ROOT)!.config.cloudConfigFiles.map((e) => e.resolved),
      ['/ws/extra.cfg'],
    );
  });

  test('a conditional cloud-config entry that resolves to a missing file: cloud-config-not-found', () => {
    const text = lo(...LXOPS_OS, 'cloud-config-files: [(pkgs).cfg]');
    const r = check({ [ROOT]: text }, { commandLineProperties: new Map([['pkgs', 'nope']]) });
    assert.deepEqual(located(only(r.diagnostics, 'cloud-config-not-found')), [
      at('cloud-config-not-found', ROOT, text, '(pkgs).cfg'),
    ]);
  });

  test('path-reserved-character at the entry, for each of |;,:', () => {
    for (const c of ['|', ';', ',', ':']) {
      const text = lo(...LXOPS_OS, `cloud-config-files: ["a${c}b.cfg"]`);
      assert.deepEqual(located(only(check({ [ROOT]: text }).diagnostics, 'path-reserved-character')), [
        at('path-reserved-character', ROOT, text, `"a${c}b.cfg"`),
      ]);
    }
    const ok = lo(...LXOPS_OS, 'cloud-config-files: [a-b.cfg]');
    assert.deepEqual(
      only(check({ [ROOT]: ok, '/ws/a-b.cfg': '#cloud-config\n' }).diagnostics, 'path-reserved-character'),
      [],
    );
  });

  test('include-not-lxops at the entry', () => {
    const text = lo(...LXOPS_OS, 'include: [b.txt]');
    assert.deepEqual(
      located(only(check({ [ROOT]: text, '/ws/b.txt': 'profiles: [x]\n' }).diagnostics, 'include-not-lxops')),
      [at('include-not-lxops', ROOT, text, 'b.txt')],
    );
    const ok = lo(...LXOPS_OS, 'include: [b.yaml]');
    assert.deepEqual(
      only(check({ [ROOT]: ok, '/ws/b.yaml': lx('profiles: [x]') }).diagnostics, 'include-not-lxops'),
      [],
    );
  });

  test('unknown-os for ostype suggests the near name, with a fix', () => {
    const text = lo('ostype: debain', 'image: images:debian/12');
    const list = only(check({ [ROOT]: text }).diagnostics, 'unknown-os');
    assert.deepEqual(located(list), [at('unknown-os', ROOT, text, 'debain')]);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), lo('ostype: debian', 'image: images:debian/12'));
  });

  test('undefined-property for `()` at the reference', () => {
    const text = lo(...LXOPS_OS, ...FS, 'devices:', ...HOME, '    dir: data()');
    assert.deepEqual(located(only(check({ [ROOT]: text }).diagnostics, 'undefined-property')), [
      at('undefined-property', ROOT, text, '()'),
    ]);
  });
});

describe('#lxops-v1: the quick fix of removed-key on os', () => {
  const fixed = (text: string) => {
    const d = only(check({ [ROOT]: text }).diagnostics, 'removed-key')[0]!;
    return d.fixes?.[0] ? applyEdit(text, d.fixes[0]) : undefined;
  };

  test('a block os becomes ostype and image; version is dropped; the rest stays', () => {
    const text = lo(
      '# web',
      'os:',
      '  name: alpine',
      '  image: images:alpine/3.19',
      '  version: "3.19"',
      'profiles: [default]',
    );
    const after = fixed(text);
    assert.equal(after, lo('# web', 'ostype: alpine', 'image: images:alpine/3.19', 'profiles: [default]'));
    assert.deepEqual(check({ [ROOT]: after! }).diagnostics, []);
  });

  test('a flow os, and a value that needs quotes', () => {
    assert.equal(fixed(lo('os: {name: debian, image: "x: y"}')), lo('ostype: debian', 'image: "x: y"'));
  });

  test('no fix when a comment is inside the block, or ostype is already there', () => {
    assert.equal(fixed(lo('os:', '  name: alpine # keep', '  image: i')), undefined);
    assert.equal(fixed(lo('ostype: alpine', 'os:', '  name: alpine')), undefined);
  });
});
