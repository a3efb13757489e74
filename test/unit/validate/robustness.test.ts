// checkFiles never throws, whatever the bytes: every input is checked as an #lxdops config, as a
// #cloud-config file, without a header, and as a fragment / listed file of a correct root. Every
// diagnostic it returns is registered and lies inside its file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult } from '../../../core/src/check/checkFiles';
import { CODES } from '../../../core/src/diagnostics/codes';
import { boundedDistance } from '../../../core/src/format/editDistance';
import { suggest } from '../../../core/src/format/suggest';
import { at, check, located, only } from '../../helpers';
import { cc, lx, OS } from './fixtures';

const nest = (n: number, open: string, close: string, leaf: string) =>
  open.repeat(n) + leaf + close.repeat(n);
const deepBlockMap = (n: number) =>
  Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' leaf';
const deepBlockSeq = (n: number) =>
  Array.from({ length: n }, (_, i) => `${' '.repeat(i)}-`).join('\n') + ' leaf';

/** Deterministic pseudo-random bytes, as a latin1 string (what a binary file read as text looks like). */
function randomBytes(n: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x & 0xff);
  }
  return s;
}

const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

const MB = 1024 * 1024;
const bigLxdops = (() => {
  const lines = ['properties:'];
  for (let i = 0, size = 0; size < MB; i++) {
    const line = `  key${i}: value-${i}-${'x'.repeat(180)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
})();
const bigCloud = `write_files:\n- path: /etc/big\n  content: |\n${`    ${'y'.repeat(75)}\n`.repeat(MB / 80)}`;
const longLine = `description: ${'z'.repeat(MB)}`;

/** Bodies (what follows the header line). */
const BODIES: Record<string, string> = {
  'an empty body': '',
  'only a comment': '# nothing here',
  'only `---`': '---',
  'only `...`': '...',
  'a null document (`~`)': '~',
  'a top-level list': '- a\n- b: c\n- [d]',
  'a scalar document': 'hello world',
  'a number document': '42',
  'binary bytes 0x00–0xff': Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('latin1'),
  'random binary bytes': randomBytes(4096, 7),
  'NUL bytes inside a value': 'description: "a\u0000b"\nos:\n  name: al\u0000pine',
  'a lone surrogate': 'description: \ud800x',
  'deeply nested flow lists (500 levels)': `x: ${nest(500, '[', ']', 'leaf')}`,
  'deeply nested flow maps (500 levels)': `x: ${nest(500, '{a: ', '}', 'leaf')}`,
  'deeply nested block maps (500 levels)': deepBlockMap(500),
  'deeply nested block lists (500 levels)': `x:\n${deepBlockSeq(500)}`,
  'deep nesting under known keys (500 levels)': `devices:\n  d:\n    path: ${nest(500, '[', ']', '/x')}\nruncmd:\n- ${nest(500, '[', ']', 'echo')}\nusers:\n- name: ${nest(500, '{a: ', '}', 'b')}`,
  'anchors and aliases': 'profiles: &p [a, b]\nprofiles-run: *p\npackages: &q [curl]\nruncmd: *q',
  'an alias to a mapping used as a device and as a user':
    'devices:\n  a: &d {path: /a, filesystem: h}\n  b: *d\nusers:\n- &u {name: x}\n- *u',
  '`<<` merge keys':
    'x: &base {name: alpine, image: "images:alpine/3.19", path: /a}\nos:\n  <<: *base\ndevices:\n  d:\n    <<: *base\nusers:\n- <<: *base',
  'a `<<` merge of a list of maps': 'a: &a {name: x}\nb: &b {image: y}\nos:\n  <<: [*a, *b]',
  'an alias bomb (billion laughs)': bomb,
  'an undefined alias': 'os: *nowhere\nprofiles: [*x]',
  'an alias to its own ancestor': 'a: &a\n  b: *a',
  'a multi-document file': 'os:\n  name: alpine\n---\nos:\n  name: debian\n---\n- x',
  'tabs as indentation': 'os:\n\tname: alpine\n\timage: x\nruncmd:\n\t- echo',
  'tabs inside values': 'description: "a\tb"\nruncmd:\n- "echo\ta"',
  'CR-only line ends': 'os:\r  name: alpine\r  image: x\r',
  'non-string keys': '1: a\ntrue: b\n~: c\n[x, y]: d\n{a: b}: e\n? complex\n: f',
  'non-string keys inside known mappings':
    'filesystems:\n  1: {pattern: z}\n  [a]: {pattern: y}\ndevices:\n  {x: y}: {path: /a, filesystem: 1}\nproperties:\n  [k]: v',
  tags: 'os: !!str x\nprofiles: !!map {a: b}\ntimezone: !custom x\nruncmd: !!binary aGk=',
  'a syntax error in every line': '{\n]\n: :\n- - -\n"\n\'',
  'duplicate keys everywhere':
    'os: {name: a, name: b}\nos: x\nfilesystems: {h: {pattern: a}, h: {pattern: b}}',
  'every key null':
    'os:\nfilesystems:\ndevices:\nprofiles:\ninclude:\ncloud-config-files:\npackages:\nwrite_files:\nusers:\nruncmd:\ntimezone:',
  'wrong types for every known key':
    'os: []\nfilesystems: 1\ndevices: [a]\ninclude: {a: b}\ncloud-config-files: x\npackages: {a: 1}\nwrite_files: [1, [2], null]\nusers: [1, [2], null, {sudo: {a: b}}]\nruncmd: [{}, [{}], 1.5]\ntimezone: {a: b}',
  'a 1 MB config': bigLxdops,
  'a 1 MB cloud-config': bigCloud,
  'a 1 MB line': longLine,
};

function assertSane(r: CheckResult, files: Record<string, string>, label: string): void {
  assert.ok(Array.isArray(r.diagnostics), `${label}: a result`);
  for (const d of r.diagnostics) {
    const text = files[d.file];
    assert.ok(d.code in CODES, `${label}: unregistered code ${d.code}`);
    assert.ok(
      text !== undefined || d.code === 'file-unreadable',
      `${label}: diagnostic for a file outside the workspace: ${d.file}`,
    );
    const len = text?.length ?? 0;
    assert.ok(
      d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= len,
      `${label}: ${d.code} span ${JSON.stringify(d.span)} outside 0..${len} of ${d.file}`,
    );
    assert.equal(typeof d.message, 'string');
  }
}

function run(files: Record<string, string>, label: string): CheckResult {
  let r: CheckResult | undefined;
  assert.doesNotThrow(() => {
    r = check(files);
  }, `${label}: checkFiles threw`);
  assertSane(r!, files, label);
  return r!;
}

describe('robustness: checkFiles does not throw', () => {
  for (const [name, body] of Object.entries(BODIES)) {
    test(name, () => {
      run({ '/ws/a.yaml': `#lxdops\n${body}` }, 'as #lxdops');
      run({ '/ws/a.cfg': `#cloud-config\n${body}` }, 'as #cloud-config');
      run({ '/ws/a.yaml': body }, 'without a header');
      run({ '/ws/a.yaml': `\ufeff#lxdops\r\n${body}` }, 'after a BOM and a CRLF near-miss header');
      run(
        {
          '/ws/web.yaml': lx(...OS, 'include: [frag.yaml]', 'cloud-config-files: [a.cfg]'),
          '/ws/frag.yaml': `#lxdops\n${body}`,
          '/ws/a.cfg': `#cloud-config\n${body}`,
        },
        'as a fragment and a listed cloud-config file',
      );
    });
  }

  test('an empty file, a header-only file and a file of only a BOM', () => {
    for (const text of ['', '#lxdops', '#cloud-config', '\ufeff', '\n', '\r\n'])
      run({ '/ws/a.yaml': text }, JSON.stringify(text));
  });

  test('an empty file gets exactly one problem: its header', () => {
    const r = run({ '/ws/a.yaml': '' }, 'empty');
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['header'],
    );
  });

  // Speed is measured by `npm run bench`, not here: this only checks that a 1 MB config is checked.
  test('a 1 MB config is checked like any other', () => {
    const text = `#lxdops\n${OS.join('\n')}\n${bigLxdops}\n`;
    assert.ok(text.length >= MB);
    const r = run({ '/ws/a.yaml': text }, '1 MB');
    assert.ok(r.files.includes('/ws/a.yaml'));
  });

  test('a file that includes itself through 200 files, and 200 roots sharing one fragment', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`/ws/c${i}.yaml`] = lx(`include: [c${(i + 1) % 200}.yaml]`);
    run(files, 'ring');
    const shared: Record<string, string> = {
      '/ws/frag.yaml': lx('filesystems:', '  h:', '    pattern: (fsroot)/(instance)'),
    };
    for (let i = 0; i < 200; i++)
      shared[`/ws/r${i}.yaml`] = lx(
        ...OS,
        'include: [frag.yaml]',
        ...(i % 2 ? ['properties:', '  fsroot: z'] : []),
      );
    const r = run(shared, 'shared');
    assert.equal(r.diagnostics.filter((d) => d.code === 'undefined-property').length, 1);
  });

  test('an include chain 500 files deep', () => {
    const files: Record<string, string> = { '/ws/root.yaml': lx(...OS, 'include: [f0.yaml]') };
    for (let i = 0; i < 500; i++)
      files[`/ws/f${i}.yaml`] = i < 499 ? lx(`include: [f${i + 1}.yaml]`) : lx('profiles: [default]');
    const r = run(files, 'chain');
    assert.deepEqual(r.diagnostics, []);
  });
});

const codesOf = (r: CheckResult) => [...new Set(r.diagnostics.map((d) => d.code))].sort();

describe('robustness: found by the fuzzer and in issues 8 and 9, each a diagnostic', () => {
  test('an alias inside its own collection (18 bytes) is alias-cycle at the alias, nothing else', () => {
    const text = '#lxdops\nx: &a [*a]\n';
    const r = run({ '/ws/a.yaml': text }, 'alias cycle');
    assert.deepEqual(located(r.diagnostics), [at('alias-cycle', '/ws/a.yaml', text, '*a')]);
    const nested = lx(...OS, 'devices: &d', '  a: {path: /a, filesystem: *d}');
    const n = run({ '/ws/b.yaml': nested }, 'nested cycle');
    assert.deepEqual(located(only(n.diagnostics, 'alias-cycle')), [
      at('alias-cycle', '/ws/b.yaml', nested, '*d'),
    ]);
    const cloud = cc('users: &u', '- name: *u');
    const inCloud = run({ '/ws/c.cfg': cloud }, 'cc');
    assert.deepEqual(located(only(inCloud.diagnostics, 'alias-cycle')), [
      at('alias-cycle', '/ws/c.cfg', cloud, '*u'),
    ]);
  });

  test('an alias to an earlier anchor is not a cycle', () => {
    const text = lx(...OS, 'profiles: &p [default]', 'profiles-run: *p');
    const fine = run({ '/ws/a.yaml': text }, 'alias');
    assert.deepEqual(only(fine.diagnostics, 'alias-cycle'), []);
  });

  test('nesting past 64 levels is nesting-too-deep at the first collection past the limit; 64 is fine', () => {
    const deep = `#lxdops\nx: ${nest(65, '[', ']', 'leaf')}\n`;
    const r = run({ '/ws/a.yaml': deep }, 'deep');
    // `x:` is the first level, so the 64th `[` is the 65th collection
    assert.deepEqual(located(r.diagnostics), [at('nesting-too-deep', '/ws/a.yaml', deep, '[', 63)]);
    const ok = `#lxdops\n${OS.join('\n')}\nx: ${nest(63, '[', ']', 'leaf')}\n`;
    const shallow = run({ '/ws/a.yaml': ok }, '64');
    assert.deepEqual(only(shallow.diagnostics, 'nesting-too-deep'), []);
  });

  test('10,000 levels of every kind of nesting: nesting-too-deep, never a stack overflow', () => {
    for (const body of [
      `x: ${nest(10_000, '[', ']', 'x')}`,
      `x: ${nest(10_000, '{a: ', '}', 'x')}`,
      `x:\n${'- '.repeat(10_000)}x`,
      deepBlockMap(300),
    ]) {
      const r = run({ '/ws/a.yaml': `#lxdops\n${body}\n` }, body.slice(0, 10));
      assert.deepEqual(codesOf(r), ['nesting-too-deep']);
    }
  });

  test('an alias bomb and aliases that nest deep once expanded are alias-limit, quickly refused', () => {
    const text = `#lxdops\n${bomb}\n`;
    const r = run({ '/ws/a.yaml': text }, 'bomb');
    assert.deepEqual(
      codesOf(r).filter((c) => c.startsWith('alias')),
      ['alias-limit'],
    );
    const deepAlias = lx(`a: &a ${nest(40, '[', ']', 'x')}`, `b: ${nest(30, '[', ']', '*a')}`);
    const c = run({ '/ws/b.yaml': deepAlias }, 'chain');
    assert.deepEqual(located(only(c.diagnostics, 'alias-limit')), [
      at('alias-limit', '/ws/b.yaml', deepAlias, '*a'),
    ]);
    const small = run({ '/ws/c.yaml': lx(...OS, 'x: &a [1]', 'y: [*a, *a]') }, 'small');
    assert.deepEqual(only(small.diagnostics, 'alias-limit'), []);
  });

  test('a merge-key chain that doubles at every level is checked in linear time', () => {
    const lines = ['m0: &m0 {name: alpine}'];
    for (let i = 1; i < 200; i++) lines.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}]}`);
    lines.push('os:', '  <<: *m199', '  image: x');
    const r = run({ '/ws/a.yaml': lx(...lines) }, 'merges');
    assert.deepEqual(only(r.diagnostics, 'missing-image'), []);
  });

  test('after a YAML syntax error no rule runs on the broken tree: only the syntax errors', () => {
    const text = lx('os:', '  name: alpine', '  image: x', '   bad: [');
    const r = run({ '/ws/a.yaml': text }, 'syntax');
    assert.deepEqual(codesOf(r), ['yaml-syntax']);
    // nor on the roots that include it
    const root = lx('include: [frag.yaml]', 'devices:', '  d: {path: /d, filesystem: h}');
    const frag = lx('os: {name: alpine, image: x', 'filesystems: {h: {pattern: z/h}}');
    const both = run({ '/ws/root.yaml': root, '/ws/frag.yaml': frag }, 'include');
    assert.deepEqual(codesOf(both), ['yaml-syntax']);
    assert.ok(both.diagnostics.every((d) => d.file === '/ws/frag.yaml'));
  });

  test('an 8,000-character unknown key gets no suggestion; a misspelt short key still does', () => {
    const key = 'k'.repeat(8000);
    const text = lx(...OS, `? ${key}`, ': v');
    const longKey = run({ '/ws/a.yaml': text }, 'long key');
    const d = only(longKey.diagnostics, 'unknown-key');
    assert.equal(d.length, 1);
    assert.doesNotMatch(d[0]!.message, /did you mean/);
    assert.equal(suggest(key, ['kkkk', key]), undefined);
    assert.equal(suggest('profilez', ['profiles', 'project']), 'profiles');
  });

  test('boundedDistance is the swap-aware edit distance, cut off past its limit', () => {
    const osa = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
      for (let j = 0; j <= b.length; j++) d[0]![j] = j;
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            v = Math.min(v, d[i - 2]![j - 2]! + 1);
          d[i]![j] = v;
        }
      return d[a.length]![b.length]!;
    };
    const words = [
      '',
      'a',
      'ab',
      'ba',
      'name',
      'nmae',
      'profiles',
      'profilez',
      'packages',
      'pakcages',
      'os',
      'xyz',
    ];
    for (const a of words)
      for (const b of words)
        for (const limit of [0, 1, 2, 3, 8]) {
          const exact = osa(a, b);
          assert.equal(
            boundedDistance(a, b, limit),
            exact <= limit ? exact : limit + 1,
            `${a}/${b}/${limit}`,
          );
        }
    assert.equal(boundedDistance('k'.repeat(500_000), 'k'.repeat(499_990), 2), 3);
  });

  test('a map of 20,000 keys and a file of 45,000 `]`: answered, the duplicate keys found', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n');
    const r = run({ '/ws/a.yaml': `#lxdops\n${keys}\nk7: again\n` }, 'keys');
    assert.equal(only(r.diagnostics, 'duplicate-key').length, 1);
    const closers = run({ '/ws/b.yaml': `#lxdops\nx: ${']'.repeat(45_000)}\n` }, 'closers');
    assert.deepEqual(codesOf(closers), ['yaml-syntax']);
  });

  test('more than 50,000 YAML tokens: file-too-large, not parsed', () => {
    const r = run({ '/ws/a.yaml': `#lxdops\n${'\n'.repeat(250_000)}` }, 'tokens');
    assert.deepEqual(codesOf(r), ['file-too-large']);
  });
});
