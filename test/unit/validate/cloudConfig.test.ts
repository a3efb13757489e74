// #cloud-config files (reference cloud-config-subset §2–§4, esp. the §4.7 table; docs/diagnostics.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, check, located, only } from '../../helpers';
import { applyEdit, cc, lx, within } from './fixtures';

const F = '/ws/a.cfg';
const diags = (text: string) => check({ [F]: text }).diagnostics;

describe('header: #cloud-config', () => {
  for (const [name, text] of [
    ['LF', '#cloud-config\ntimezone: UTC\n'],
    ['CRLF', '#cloud-config\r\ntimezone: UTC\r\n'],
    ['header only, no newline', '#cloud-config'],
  ] as const) {
    test(`accepted: ${name}`, () => {
      const r = check({ '/ws/a.cfg': text });
      assert.deepEqual(located(r.diagnostics), []);
    });
  }

  const nearMisses: [string, string, string][] = [
    ['`#Cloud-Config`', '#Cloud-Config', '#Cloud-Config'],
    ['`# cloud-config`', '# cloud-config', '# cloud-config'],
    ['a trailing space', '#cloud-config ', '#cloud-config '],
    ['a leading blank line', '\n#cloud-config', '#cloud-config'],
    ['a UTF-8 BOM', '\ufeff#cloud-config', '#cloud-config'],
    ['leading spaces', ' #cloud-config', ' #cloud-config'],
  ];
  for (const [name, first, needle] of nearMisses) {
    test(`rejected: ${name}, with a fix`, () => {
      const text = `${first}\ntimezone: UTC\n`;
      const r = check({ '/ws/a.cfg': text });
      const headers = only(r.diagnostics, 'header');
      assert.deepEqual(located(headers), [at('header', '/ws/a.cfg', text, needle)]);
      assert.equal(applyEdit(text, headers[0]!.fixes![0]!), '#cloud-config\ntimezone: UTC\n');
    });
  }

  for (const first of ['#cloud-config-archive', '#cloudconfig']) {
    test(`\`${first}\` is not a near miss but still a header error`, () => {
      const text = `${first}\ntimezone: UTC\n`;
      const r = check({ '/ws/a.cfg': text });
      assert.deepEqual(located(only(r.diagnostics, 'header')), [at('header', '/ws/a.cfg', text, first)]);
    });
  }

  test('a listed cloud-config near miss is reported once', () => {
    const root = lx('origin: c1', 'os:', '  name: alpine', 'cloud-config-files: [a.cfg]');
    const text = '#Cloud-Config\ntimezone: UTC\n';
    const r = check({ '/ws/web.yaml': root, '/ws/a.cfg': text });
    assert.deepEqual(located(only(r.diagnostics, 'header')), [
      at('header', '/ws/a.cfg', text, '#Cloud-Config'),
    ]);
  });
});

describe('unsupported-module (a cloud-init module lxdops does not apply)', () => {
  for (const key of [
    'bootcmd',
    'package_update',
    'package_upgrade',
    'hostname',
    'ssh_pwauth',
    'groups',
    'user',
    'ssh_authorized_keys',
    'apt',
    'mounts',
  ]) {
    test(`\`${key}\`: a warning at the key`, () => {
      const text = cc(`${key}: x`, 'timezone: UTC');
      const list = only(diags(text), 'unsupported-module');
      assert.deepEqual(located(list), [at('unsupported-module', F, text, key)]);
      assert.equal(list[0]!.severity, 'warning');
    });
  }

  test('not reported for the five modules lxdops applies', () => {
    const text = cc(
      'packages: [curl]',
      'write_files:',
      '- path: /etc/motd',
      'users:',
      '- name: demo',
      'timezone: UTC',
      'runcmd:',
      '- echo hi',
    );
    assert.deepEqual(only(diags(text), 'unsupported-module'), []);
    assert.deepEqual(located(diags(text)), []);
  });
});

describe('unknown-module (not a cloud-init key at all)', () => {
  test('`write-files`: at the key, "did you mean `write_files`", and a fix', () => {
    const text = cc('write-files:', '- path: /etc/motd', '  content: hi');
    const list = only(diags(text), 'unknown-module');
    assert.deepEqual(located(list), [at('unknown-module', F, text, 'write-files')]);
    assert.match(list[0]!.message, /did you mean `write_files`/);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace('write-files:', 'write_files:'));
  });

  test('`lxdops_extra`: at the key, no fix', () => {
    const text = cc('lxdops_extra: 1');
    const list = only(diags(text), 'unknown-module');
    assert.deepEqual(located(list), [at('unknown-module', F, text, 'lxdops_extra')]);
    assert.equal(list[0]!.fixes, undefined);
  });

  test('`Packages` (wrong case) → `packages`', () => {
    const text = cc('Packages: [curl]');
    const list = only(diags(text), 'unknown-module');
    assert.deepEqual(located(list), [at('unknown-module', F, text, 'Packages')]);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), cc('packages: [curl]'));
  });

  test('not reported for a known module, supported or not', () => {
    assert.deepEqual(only(diags(cc('bootcmd: [x]', 'packages: [curl]')), 'unknown-module'), []);
  });
});

describe('unknown-key (inside a write_files item or a user)', () => {
  test('`mode` in a write_files item: at the key', () => {
    const text = cc('write_files:', '- path: /etc/motd', '  mode: "0444"', '  content: hi');
    assert.deepEqual(located(only(diags(text), 'unknown-key')), [at('unknown-key', F, text, 'mode')]);
  });

  test('`permission` in a write_files item → `permissions`', () => {
    const text = cc('write_files:', '- path: /etc/motd', "  permission: '0444'");
    const list = only(diags(text), 'unknown-key');
    assert.deepEqual(located(list), [at('unknown-key', F, text, 'permission')]);
    assert.equal(applyEdit(text, list[0]!.fixes![0]!), text.replace('permission:', 'permissions:'));
  });

  test('`shel` in a user → `shell`', () => {
    const text = cc('users:', '- name: demo', '  shel: /bin/sh');
    const list = only(diags(text), 'unknown-key');
    assert.deepEqual(located(list), [at('unknown-key', F, text, 'shel')]);
    assert.match(list[0]!.message, /did you mean `shell`/);
  });

  test('not reported for every write_files key lxdops reads', () => {
    const text = cc(
      'write_files:',
      '- path: /etc/motd',
      '  content: hi',
      '  owner: root:root',
      "  permissions: '0644'",
      '  append: true',
      '  defer: false',
    );
    assert.deepEqual(located(diags(text)), []);
  });
});

describe('unsupported-field (a cloud-init field lxdops ignores)', () => {
  test('`encoding: b64` in write_files: at the key', () => {
    const text = cc('write_files:', '- path: /etc/motd', '  encoding: b64', '  content: aGkK');
    assert.deepEqual(located(only(diags(text), 'unsupported-field')), [
      at('unsupported-field', F, text, 'encoding'),
    ]);
  });

  test('`source` in write_files: at the key', () => {
    const text = cc('write_files:', '- path: /etc/motd', '  source:', '    uri: https://example.com/motd');
    assert.deepEqual(located(only(diags(text), 'unsupported-field')), [
      at('unsupported-field', F, text, 'source'),
    ]);
  });

  for (const key of [
    'lock_passwd: true',
    'passwd: $6$x',
    'system: true',
    'doas: [permit nopass demo]',
    'no-create-home: true',
  ]) {
    const name = key.slice(0, key.indexOf(':'));
    test(`\`${name}\` on a user: at the key`, () => {
      const text = cc('users:', '- name: demo', `  ${key}`);
      assert.deepEqual(located(only(diags(text), 'unsupported-field')), [
        at('unsupported-field', F, text, name),
      ]);
    });
  }

  test('not reported for `encoding: text/plain` nor for the user fields lxdops reads', () => {
    const text = cc(
      'write_files:',
      '- path: /etc/motd',
      '  encoding: text/plain',
      'users:',
      '- name: demo',
      '  gecos: Demo',
      '  uid: 1000',
      '  shell: /bin/sh',
      '  homedir: /home/demo',
      '  no_create_home: false',
      '  primary_group: demo',
      '  groups: wheel,adm',
      '  ssh_authorized_keys: [ssh-ed25519 AAAA]',
      '  sudo: true',
    );
    assert.deepEqual(only(diags(text), 'unsupported-field'), []);
    assert.deepEqual(located(diags(text)), []);
  });
});

describe('invalid-permissions', () => {
  for (const value of ["'0o6x4'", 'rw-r--r--', "'8644'", "'0x1A4'", "'u=rw,go=r'"]) {
    test(`\`permissions: ${value}\`: an error at the value`, () => {
      const text = cc('write_files:', '- path: /etc/motd', `  permissions: ${value}`);
      const list = only(diags(text), 'invalid-permissions');
      assert.deepEqual(located(list), [at('invalid-permissions', F, text, value)]);
      assert.equal(list[0]!.severity, 'error');
    });
  }

  for (const value of ["'0644'", '"0600"', "'644'", '0644', "'0o644'", "'0'", "'1777'"]) {
    test(`not reported for \`permissions: ${value}\``, () => {
      const text = cc('write_files:', '- path: /etc/motd', `  permissions: ${value}`);
      assert.deepEqual(only(diags(text), 'invalid-permissions'), []);
    });
  }
});

describe('permissions-not-string', () => {
  test("unquoted `644`: a warning at the value, with a fix that quotes it as `'0644'`", () => {
    const text = cc('write_files:', '- path: /etc/motd', '  permissions: 644');
    const list = only(diags(text), 'permissions-not-string');
    assert.deepEqual(located(list), [at('permissions-not-string', F, text, '644')]);
    assert.equal(list[0]!.severity, 'warning');
    assert.equal(
      applyEdit(text, list[0]!.fixes![0]!),
      text.replace('permissions: 644', "permissions: '0644'"),
    );
    assert.deepEqual(only(diags(text), 'invalid-permissions'), []);
  });

  for (const value of ["'0644'", '0644', '"644"']) {
    test(`not reported for \`permissions: ${value}\` (quoted, or a YAML 1.1 octal literal)`, () => {
      const text = cc('write_files:', '- path: /etc/motd', `  permissions: ${value}`);
      assert.deepEqual(only(diags(text), 'permissions-not-string'), []);
      assert.deepEqual(located(diags(text)), []);
    });
  }
});

describe('unsupported-value (a cloud-init form lxdops applies differently or skips)', () => {
  test('`users: [default]`: at `default`', () => {
    const text = cc('users: [default]');
    assert.deepEqual(located(only(diags(text), 'unsupported-value')), [
      at('unsupported-value', F, text, 'default'),
    ]);
  });

  test('`sudo: []`: at `[]`', () => {
    const text = cc('users:', '- name: demo', '  sudo: []');
    assert.deepEqual(located(only(diags(text), 'unsupported-value')), [
      at('unsupported-value', F, text, '[]'),
    ]);
  });

  test('a non-string sudo rule: at the rule', () => {
    const text = cc('users:', '- name: demo', '  sudo: [ALL=(ALL) ALL, 5]');
    assert.deepEqual(located(only(diags(text), 'unsupported-value')), [
      within('unsupported-value', F, text, 'ALL, 5]', '5'),
    ]);
  });

  for (const item of ['null', '~']) {
    test(`a \`${item}\` runcmd item: at the item`, () => {
      const text = cc('runcmd:', '- echo a', `- ${item}`, '- echo b');
      assert.deepEqual(located(only(diags(text), 'unsupported-value')), [
        within('unsupported-value', F, text, `- ${item}`, item),
      ]);
    });
  }

  test('a bare `-` runcmd item: one warning, on that line', () => {
    const text = cc('runcmd:', '- echo a', '-', '- echo b');
    const list = only(diags(text), 'unsupported-value');
    assert.equal(list.length, 1);
    const line = text.indexOf('\n-\n') + 1;
    assert.ok(list[0]!.span.start >= line && list[0]!.span.start <= line + 1, JSON.stringify(list[0]!.span));
  });

  test('`snap` packages: at the `snap` key', () => {
    const text = cc('packages:', '- curl', '- snap: [hello]');
    assert.deepEqual(located(only(diags(text), 'unsupported-value')), [
      at('unsupported-value', F, text, 'snap'),
    ]);
  });

  test('not reported for `sudo: true`, a sudo string or list of strings, string/list runcmd items, `apt` packages', () => {
    const text = cc(
      'users:',
      '- name: a',
      '  sudo: true',
      '- name: b',
      '  sudo: ALL=(ALL) NOPASSWD:ALL',
      '- name: c',
      '  sudo: [ALL=(ALL) ALL]',
      'runcmd:',
      '- echo hi',
      '- [echo, 1]',
      'packages:',
      '- apt: [curl]',
    );
    assert.deepEqual(only(diags(text), 'unsupported-value'), []);
    assert.deepEqual(located(diags(text)), []);
  });
});

describe('sudo-rule-not-doas (a sudo rule that doas, on alpine, cannot express)', () => {
  test('a string rule: a warning at the whole value, saying why', () => {
    const text = cc('users:', '- name: demo', '  sudo: "web1=(ALL) ALL"');
    const list = only(diags(text), 'sudo-rule-not-doas');
    assert.deepEqual(located(list), [at('sudo-rule-not-doas', F, text, '"web1=(ALL) ALL"')]);
    assert.equal(list[0]!.severity, 'warning');
    assert.match(
      list[0]!.message,
      /^doas cannot express this sudo rule: doas has no host part \(`web1=`\)\./,
    );
    assert.match(list[0]!.message, /not written to \/etc\/doas\.d/);
  });

  test('in a list: only the rules that cannot be expressed, each at its item', () => {
    const text = cc(
      'users:',
      '- name: demo',
      '  sudo:',
      '    - ALL=(ALL) NOPASSWD:ALL',
      '    - ALL=(ALL:wheel) ALL',
      '    - ALL=(root) /sbin/apk',
      '    - ALL=(ALL) SETENV:/usr/bin/env',
    );
    assert.deepEqual(located(only(diags(text), 'sudo-rule-not-doas')), [
      at('sudo-rule-not-doas', F, text, 'ALL=(ALL:wheel) ALL'),
      at('sudo-rule-not-doas', F, text, 'ALL=(ALL) SETENV:/usr/bin/env'),
    ]);
  });

  test('not reported for `sudo: true` and rules doas can express', () => {
    const text = cc(
      'users:',
      '- name: a',
      '  sudo: true',
      '- name: b',
      '  sudo: [ALL=(ALL) ALL, "ALL=(postgres) NOPASSWD: /usr/bin/psql, /usr/bin/pg_dump"]',
    );
    assert.deepEqual(only(diags(text), 'sudo-rule-not-doas'), []);
    assert.deepEqual(located(diags(text)), []);
  });
});

describe('empty-command', () => {
  test('`- []` in runcmd: an error at `[]`', () => {
    const text = cc('runcmd:', '- echo a', '- []');
    const list = only(diags(text), 'empty-command');
    assert.deepEqual(located(list), [at('empty-command', F, text, '[]')]);
    assert.equal(list[0]!.severity, 'error');
  });

  test('not reported for a command with arguments, nor for `runcmd: []`', () => {
    assert.deepEqual(only(diags(cc('runcmd:', '- [echo, hi]')), 'empty-command'), []);
    assert.deepEqual(only(diags(cc('runcmd: []')), 'empty-command'), []);
  });
});

describe('missing-key', () => {
  test('a write_files item without `path`: at its first key', () => {
    const text = cc('write_files:', '- content: hi', '  owner: root');
    assert.deepEqual(located(only(diags(text), 'missing-key')), [at('missing-key', F, text, 'content')]);
  });

  test('a user without `name`: at its first key', () => {
    const text = cc('users:', '- gecos: Nobody', '  shell: /bin/sh');
    assert.deepEqual(located(only(diags(text), 'missing-key')), [at('missing-key', F, text, 'gecos')]);
  });

  test('not reported when `path` and `name` are there', () => {
    assert.deepEqual(
      only(diags(cc('write_files:', '- path: /etc/motd', 'users:', '- name: demo')), 'missing-key'),
      [],
    );
  });
});

describe('type-mismatch (at the value)', () => {
  for (const [line, value] of [
    ['packages: curl', 'curl'],
    ['runcmd: "cmd"', '"cmd"'],
    ['timezone: [UTC]', '[UTC]'],
    ['write_files: {path: /etc/motd}', '{path: /etc/motd}'],
  ] as const) {
    test(`\`${line}\``, () => {
      const text = cc(line);
      assert.deepEqual(located(only(diags(text), 'type-mismatch')), [at('type-mismatch', F, text, value)]);
    });
  }

  test('a bare string for `ssh_authorized_keys`', () => {
    const text = cc('users:', '- name: demo', '  ssh_authorized_keys: ssh-ed25519 AAAA');
    assert.deepEqual(located(only(diags(text), 'type-mismatch')), [
      at('type-mismatch', F, text, 'ssh-ed25519 AAAA'),
    ]);
  });

  test('a mapping as a runcmd item', () => {
    const text = cc('runcmd:', '- {a: 1}');
    assert.deepEqual(located(only(diags(text), 'type-mismatch')), [at('type-mismatch', F, text, '{a: 1}')]);
  });

  test('a number for `sudo` (§3.3.1: an apply-time error after adduser; invalid in the schema)', () => {
    const text = cc('users:', '- name: demo', '  sudo: 5');
    assert.deepEqual(located(only(diags(text), 'type-mismatch')), [at('type-mismatch', F, text, '5')]);
  });

  test('a top-level list', () => {
    const text = cc('- packages: [curl]');
    assert.deepEqual(located(only(diags(text), 'type-mismatch')), [
      at('type-mismatch', F, text, '- packages: [curl]\n'),
    ]);
  });

  test('not reported for scalars in string fields (`uid: 1000`, `content: 12345`, `timezone: 0`)', () => {
    const text = cc(
      'users:',
      '- name: demo',
      '  uid: 1000',
      'write_files:',
      '- path: /x',
      '  content: 12345',
      'timezone: 0',
    );
    assert.deepEqual(only(diags(text), 'type-mismatch'), []);
  });
});

describe('a cloud-config file is checked whether it is given directly or only listed by a config', () => {
  test('listed only: its problems are reported in it', () => {
    const motd = cc('bootcmd: [x]');
    const r = check({
      '/ws/web.yaml': lx('origin: c1', 'os:', '  name: alpine', 'cloud-config-files: [motd.cfg]'),
      '/ws/motd.cfg': motd,
    });
    assert.deepEqual(located(r.diagnostics), [at('unsupported-module', '/ws/motd.cfg', motd, 'bootcmd')]);
  });

  test('listed by two roots: reported once', () => {
    const motd = cc('bootcmd: [x]');
    const root = lx('origin: c1', 'os:', '  name: alpine', 'cloud-config-files: [motd.cfg]');
    const r = check({ '/ws/a.yaml': root, '/ws/b.yaml': root, '/ws/motd.cfg': motd });
    assert.deepEqual(located(r.diagnostics), [at('unsupported-module', '/ws/motd.cfg', motd, 'bootcmd')]);
  });
});

// The example files of the reference (cloud-config-subset §6): 01–10 are clean; 11 and 12 produce
// the warnings and errors the reference predicts (docs/diagnostics.md and the README: the project
// accepts the cloud-init forms `groups` as a list, `[name, version]` packages and `'0o644'`).
const SAMPLES = '/work/shared/examples/cloud-config';
describe('the 12 reference samples', { skip: existsSync(SAMPLES) ? false : `${SAMPLES} not found` }, () => {
  const expected: Record<string, [code: string, needle: string][]> = {
    '01-packages-alpine.yaml': [],
    '02-write-files.yaml': [],
    '03-user-sudo-keys.yaml': [],
    '04-runcmd-forms.yaml': [],
    '05-timezone.yaml': [],
    '06-nginx-deferred-files.yaml': [],
    '07-alpine-doas.yaml': [],
    '08-alpine-sshd.yaml': [],
    '09-debian-webserver.yaml': [],
    '10-all-modules-order.yaml': [],
    '11-cloud-init-only-features.yaml': [
      ['unsupported-value', '- default'],
      ['unsupported-field', 'lock_passwd'],
      ['unsupported-field', 'encoding: b64'],
    ],
    '12-ignored-keys.yaml': [
      ['unsupported-module', 'package_update: true'],
      ['unsupported-module', 'package_upgrade: true'],
      ['unsupported-module', 'bootcmd:'],
      ['unsupported-module', 'hostname: web1'],
      ['unsupported-module', 'ssh_pwauth: false'],
      ['unknown-module', 'lxdops_extra: 1'],
      ['unknown-key', 'mode: "0444"'],
    ],
  };
  /** The needle, but skipping the comment lines at the top of the samples: the first occurrence after them. */
  const inBody = (code: string, file: string, text: string, needle: string) => {
    const body = text.search(/^[^#\n]/m);
    const i = text.indexOf(needle, body);
    const word = needle.replace(/^- /, '').replace(/:.*$/, '');
    const start = i + needle.indexOf(word);
    return { code, file, start, end: start + word.length };
  };
  for (const [name, want] of Object.entries(expected)) {
    test(`${name}: ${want.length === 0 ? 'no diagnostics' : want.map(([c]) => c).join(', ')}`, () => {
      const text = readFileSync(join(SAMPLES, name), 'utf8');
      const file = `/ws/${name}`;
      const r = check({ [file]: text });
      assert.deepEqual(
        located(r.diagnostics),
        want.map(([code, needle]) => inBody(code, file, text, needle)),
      );
    });
  }

  test('01–10 listed by an alpine config, all together: no diagnostics at all', () => {
    const names = Object.keys(expected).slice(0, 10);
    const files: Record<string, string> = {
      '/ws/web.yaml': lx(
        'origin: c1',
        'os:',
        '  name: alpine',
        'cloud-config-files:',
        ...names.map((n) => `- cc/${n}`),
      ),
    };
    for (const n of names) files[`/ws/cc/${n}`] = readFileSync(join(SAMPLES, n), 'utf8');
    assert.deepEqual(located(check(files).diagnostics), []);
  });
});
