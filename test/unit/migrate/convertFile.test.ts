import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFile } from '../../../core/src/document/parsedFile';
import { convertFile } from '../../../core/src/migrate/convertFile';
import type { FileConversion } from '../../../core/src/migrate/types';

const convert = (text: string, keepProfilePattern = false): FileConversion =>
  convertFile(parseFile('/ws/c.yaml', text), { keepProfilePattern });

/** The converted text, which must be converted (and parse without errors). */
function out(text: string, keepProfilePattern = false): string {
  const r = convert(text, keepProfilePattern);
  assert.equal(r.status, 'converted', JSON.stringify(r.problems));
  const again = parseFile('/ws/c.yaml', r.output);
  assert.deepEqual(again.syntaxErrors, [], r.output);
  assert.deepEqual(again.duplicateKeys, [], r.output);
  return r.output;
}

describe('convertFile: the header and the os block', () => {
  test('the header becomes #lxops-v1 and nothing else changes when there is nothing to convert', () => {
    const text = '#lxdops\n# a comment\nprofiles:\n  - default   # trailing\n\ndescription: "quoted"\n';
    const r = convert(text);
    assert.equal(r.output, text.replace('#lxdops', '#lxops-v1'));
    assert.deepEqual(r.dropped, []);
    assert.equal(r.changes.length, 1);
  });

  test('a file that is only the header', () => {
    assert.equal(out('#lxdops'), '#lxops-v1');
    assert.equal(out('#lxdops\n'), '#lxops-v1\n');
  });

  test('block os: name → ostype, image → image, where os was, with the comments around it', () => {
    const text = [
      '#lxdops',
      'description: x',
      '# the OS of every container',
      'os:   # from the images remote',
      '  # inside',
      '  name: alpine  # the os',
      "  image: 'images:alpine/3.17'",
      '# after os',
      'profiles: [default]',
      '',
    ].join('\n');
    assert.equal(
      out(text),
      [
        '#lxops-v1',
        'description: x',
        '# the OS of every container',
        '# from the images remote',
        '# inside',
        'ostype: alpine  # the os',
        "image: 'images:alpine/3.17'",
        '# after os',
        'profiles: [default]',
        '',
      ].join('\n'),
    );
  });

  test('block os with version: version is commented out with what to do, and listed', () => {
    const text = '#lxdops\nos:\n    name: debian\n    version: "12"\n    image: images:debian/12\nx: 1\n';
    const r = convert(text);
    assert.equal(
      r.output,
      '#lxops-v1\nostype: debian\n# lxops ignores this: lxops has no OS version; name the release in `image` (e.g. images:alpine/3.17)\n# version: "12"\nimage: images:debian/12\nx: 1\n',
    );
    assert.deepEqual(
      r.dropped.map((d) => [d.key, d.line, d.file]),
      [['os.version', 4, '/ws/c.yaml']],
    );
  });

  test('flow os: one line per key, quotes and the trailing comment kept', () => {
    const text =
      '#lxdops\nos: {name: alpine, image: "images:alpine/3.17", version: 3.17}  # the OS\nprofiles: [default]\n';
    const r = convert(text);
    assert.equal(
      r.output,
      '#lxops-v1\nostype: alpine\nimage: "images:alpine/3.17"\n# lxops ignores this: lxops has no OS version; name the release in `image` (e.g. images:alpine/3.17)\n# version: 3.17  # the OS\nprofiles: [default]\n',
    );
    assert.deepEqual(
      r.dropped.map((d) => [d.key, d.line]),
      [['os.version', 2]],
    );
  });

  test('a flow os over several lines keeps the comments inside it', () => {
    const text = '#lxdops\nos: {\n  name: alpine, # the name\n  image: busybox\n}\n';
    assert.equal(out(text), '#lxops-v1\nostype: alpine\nimage: busybox\n# the name\n');
  });

  test('comment lines indented under os after its last entry move left with it', () => {
    assert.equal(
      out('#lxdops\nos:\n  name: a\n  # trailing\n\n  # not os\nx: 1\n'),
      '#lxops-v1\nostype: a\n# trailing\n\n  # not os\nx: 1\n',
    );
  });

  test('a file that ends inside os or a dropped key, without a line break', () => {
    assert.equal(out('#lxdops\nos:\n  name: a'), '#lxops-v1\nostype: a');
    assert.match(out('#lxdops\nstop: true'), /\n# stop: true$/);
  });

  test('an os with only a name gives only ostype', () => {
    assert.equal(out('#lxdops\nos:\n  name: alpine\n'), '#lxops-v1\nostype: alpine\n');
  });

  test('an empty os is removed, and said so', () => {
    const r = convert('#lxdops\nos:\nx: 1\n');
    assert.equal(r.output, '#lxops-v1\nx: 1\n');
    assert.deepEqual(
      r.notes.map((n) => n.code),
      ['empty-os'],
    );
    assert.equal(convert('#lxdops\nos: {}\nx: 1\n').output, '#lxops-v1\nx: 1\n');
  });

  test('a key under os that is no os key is commented out too', () => {
    const r = convert('#lxdops\nos:\n  name: alpine\n  nmae: x\n');
    assert.match(r.output, /^# nmae: x$/m);
    assert.deepEqual(
      r.dropped.map((d) => d.key),
      ['os.nmae'],
    );
  });

  test('a multi-line value under os moves left as a whole', () => {
    const text = '#lxdops\nos:\n  name: alpine\n  image: >-\n    images:alpine/3.17\n';
    assert.equal(out(text), '#lxops-v1\nostype: alpine\nimage: >-\n  images:alpine/3.17\n');
  });
});

describe('convertFile: dropped keys', () => {
  const cases: [string, string, RegExp][] = [
    ['container', 'container: (instance)-c\n', /named after the instance/],
    ['profile-config', 'profile-config:\n  boot.autostart: "true"\n', /profile listed under `profiles`/],
    ['profiles-config', 'profiles-config:\n  - build\n', /configure-only profiles/],
    ['profiles-run', 'profiles-run: [net]\n', /attaches every profile from the start/],
    ['stop', 'stop: true # then stop\n', /stop it yourself/],
    ['snapshot', 'snapshot: copy\n', /lxops snapshot -c -s NAME CONFIG/],
  ];
  for (const [key, yaml, instead] of cases)
    test(`${key} is commented out in place with what lxops does instead, and listed`, () => {
      const text = `#lxdops\nprofiles: [default]\n${yaml}description: d\n`;
      const r = convert(text);
      assert.equal(r.dropped.length, 1);
      assert.equal(r.dropped[0]!.key, key);
      assert.equal(r.dropped[0]!.line, 3);
      assert.match(r.dropped[0]!.instead, instead);
      const lines = r.output.split('\n');
      assert.equal(lines[2], `# lxops ignores this: ${r.dropped[0]!.instead}`);
      // every line of the key is still there, behind `# ` at the key's column
      for (const l of yaml.trimEnd().split('\n')) assert.ok(lines.includes(`# ${l}`), `${l} in ${r.output}`);
      assert.equal(lines[lines.length - 2], 'description: d');
      assert.deepEqual(parseFile('/x', r.output).doc.toJSON(), { profiles: ['default'], description: 'd' });
    });

  test('v1 keys and unknown keys are left alone (they are not the new format’s to drop)', () => {
    const text = '#lxdops\npackages: [a]\nfoo: 1\n';
    assert.equal(out(text), text.replace('#lxdops', '#lxops-v1'));
  });
});

describe('convertFile: formatting', () => {
  test('CRLF files stay CRLF, inserted lines too', () => {
    const text = '#lxdops\r\n# c\r\nos:\r\n  name: alpine\r\n  version: "3"\r\nstop: true\r\n';
    const r = out(text, true);
    assert.ok(!/[^\r]\n/.test(r), JSON.stringify(r));
    assert.ok(
      r.startsWith('#lxops-v1\r\n# c\r\nostype: alpine\r\n# lxops ignores this: '),
      JSON.stringify(r),
    );
    assert.match(r, /\r\n# stop: true\r\n/);
    assert.ok(r.endsWith('profile-pattern: (instance).lxdops\r\n'));
  });

  test('indentation, quotes and blank lines elsewhere are kept byte for byte', () => {
    const tail =
      '\n\nfilesystems:\n    host:\n        pattern: "(fsroot)/host/(instance)"   # q\n        destroy: yes\n\n\ndevices: {}\n';
    const r = out(`#lxdops\nos:\n  name: alpine${tail}`);
    assert.equal(r, `#lxops-v1\nostype: alpine${tail}`);
  });

  test('a root that relies on the lxdops profile name gets it written, at the end, and said so', () => {
    const r = convert('#lxdops\nprofiles: [default]', true);
    assert.equal(
      r.output,
      "#lxops-v1\nprofiles: [default]\n# the lxdops profile name, kept: lxops' default is (instance).lxops\nprofile-pattern: (instance).lxdops\n",
    );
    assert.deepEqual(
      r.notes.map((n) => n.code),
      ['profile-pattern-kept'],
    );
  });
});

describe('convertFile: the profile name of a root', () => {
  test('an empty profile-pattern of the root itself is filled in, not written twice', () => {
    assert.equal(
      out('#lxdops\nprofile-pattern: ""   # empty\nx: 1\n', true),
      '#lxops-v1\nprofile-pattern: (instance).lxdops   # empty\nx: 1\n',
    );
    assert.equal(
      out('#lxdops\nprofile-pattern:\nx: 1\n', true),
      '#lxops-v1\nprofile-pattern: (instance).lxdops\nx: 1\n',
    );
  });

  test('a root that names its profile keeps it', () => {
    const r = convert('#lxdops\nprofile-pattern: (instance).p\n', true);
    assert.equal(r.output, '#lxops-v1\nprofile-pattern: (instance).p\n');
    assert.deepEqual(r.notes, []);
  });
});

describe('convertFile: what is not converted', () => {
  test('#lxops-v1 already: nothing to do', () => {
    const r = convert('#lxops-v1\nostype: alpine\n');
    assert.equal(r.status, 'already');
    assert.deepEqual(r.changes, []);
  });

  test('#cloud-config and unknown files are skipped', () => {
    assert.equal(convert('#cloud-config\npackages: [a]\n').status, 'skipped');
    assert.equal(convert('a: 1\n').status, 'skipped');
  });

  const errors: [string, string, string][] = [
    ['YAML syntax errors', '#lxdops\nos:\n  name: [alpine\nx: 1\n', 'yaml-errors'],
    ['duplicate keys', '#lxdops\nstop: true\nstop: false\n', 'duplicate-keys'],
    ['a near-miss header', '# lxdops\nstop: true\n', 'header-near-miss'],
    ['a config that is a list', '#lxdops\n- a\n', 'not-a-mapping'],
    ['a flow mapping at the top', '#lxdops\n{os: {name: a}}\n', 'not-a-mapping'],
    ['os and ostype both', '#lxdops\nos:\n  name: a\nostype: a\n', 'os-and-ostype'],
    ['os that is a scalar', '#lxdops\nos: alpine\n', 'os-not-a-mapping'],
    ['an anchor in os', '#lxdops\nos: &o\n  name: a\nx: *o\n', 'anchor-in-changed-key'],
    ['an alias as a dropped key', '#lxdops\nx: &t true\nstop: *t\n', 'anchor-in-changed-key'],
    ['an explicit key', '#lxdops\n? stop\n: true\n', 'unusual-key-syntax'],
  ];
  for (const [what, text, code] of errors)
    test(`${what}: not converted, reported as ${code} with its line`, () => {
      const r = convert(text);
      assert.equal(r.status, 'error');
      assert.equal(r.output, text);
      assert.deepEqual(r.changes, []);
      assert.deepEqual(
        r.problems.map((p) => p.code),
        [code],
      );
      assert.ok(r.problems[0]!.line >= 1 && r.problems[0]!.message.length > 10);
    });
});

describe('convertFile: notes on what lxops reads differently', () => {
  test('an include or cloud-config path with a (property) is conditional in lxops', () => {
    const r = convert('#lxdops\ninclude:\n  - ../(site).yaml\ncloud-config-files:\n  - a,b.cfg\n');
    assert.deepEqual(
      r.notes.map((n) => [n.code, n.line]),
      [
        ['conditional-path', 3],
        ['reserved-path-character', 5],
      ],
    );
  });

  test('a config property named like a built-in loses to the built-in in lxops', () => {
    const r = convert('#lxdops\nproperties:\n  fsroot: z\n  instance: other\n');
    assert.deepEqual(
      r.notes.map((n) => [n.code, n.line]),
      [['builtin-property-precedence', 4]],
    );
  });
});
