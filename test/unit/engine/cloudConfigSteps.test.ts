// cloudConfigSteps: one #cloud-config file as exec / push-file steps (reference cloud-config-subset §3).
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudConfigError,
  cloudConfigSteps,
  type OsFamily,
  parseMode,
} from '../../../core/src/engine/cloudConfigSteps';
import { formatStep, type Step } from '../../../core/src/engine/plan';
import { workspace } from '../../helpers';
import {
  cc,
  closePrivateStep,
  execStep,
  openPrivateStep,
  PRIVATE_DIR,
  privateExecStep,
  privatePushStep,
} from './support';

const F = '/ws/web.cfg';

function stepsOf(text: string, os: OsFamily = 'alpine'): Step[] {
  const { ws } = workspace({ [F]: text });
  const p = ws.parsed(F);
  assert.ok(p.ok);
  return cloudConfigSteps(p.value, { instance: 'web1', project: 'default', os });
}

const throwsCc = (text: string, re: RegExp, os: OsFamily = 'alpine') =>
  assert.throws(
    () => stepsOf(text, os),
    (e: unknown) => e instanceof CloudConfigError && re.test(e.message),
  );

// The scripts, written out: each reads its private file as $1 (removed when it ends), operands as $2….
const WRITE = ['umask 077', ': >> "$2"', 'chmod -- "$3" "$2"', 'cat -- "$1" > "$2"'];
const APPEND = [
  'umask 077',
  'if [ ! -e "$2" ]; then : > "$2"; chmod -- "$3" "$2"; fi',
  'cat -- "$1" >> "$2"',
];
const CHPASSWD = ['chpasswd -e < "$1"'];
const INSTALL_INTO = (dir: string, file: string) => [
  `if [ -d ${dir} ]; then`,
  'umask 077',
  `cat -- "$1" > "${dir}/${file}"`,
  `chmod 600 -- "${dir}/${file}"`,
  'fi',
];
const SSH_KEYS = [
  'f="$2/authorized_keys"',
  'if [ ! -e "$f" ]; then',
  'mkdir -p -- "$2"',
  'chmod 700 -- "$2"',
  'umask 077',
  'cat -- "$1" > "$f"',
  'chmod 600 -- "$f"',
  'chown -- "$3:" "$2" "$f"',
  'fi',
];

/** The three steps of one write_files entry whose content is private file `n`. */
const written = (n: number, path: string, content: string, mode: string, o: { append?: boolean } = {}) => [
  execStep(`create ${dirname(path)}`, ['mkdir', '-p', '--', dirname(path)]),
  privatePushStep(n, `the content of ${path}`, content),
  privateExecStep(
    `${o.append ? 'append to' : 'write'} ${path} (mode ${mode})`,
    n,
    o.append ? APPEND : WRITE,
    [path, mode],
  ),
];

describe('cloudConfigSteps: module order', () => {
  // the keys are written in the reverse of the order they are applied in
  const ALL = cc(
    'runcmd:',
    '  - echo done',
    'write_files:',
    '  - path: /etc/late',
    '    content: late',
    '    defer: true',
    '  - path: /etc/app/early',
    '    content: early',
    'timezone: Europe/Athens',
    'users:',
    '  - name: bob',
    'packages:',
    '  - curl',
  );

  test('alpine: write_files, packages, users (+ chpasswd), timezone, deferred write_files, runcmd', () => {
    assert.deepEqual(stepsOf(ALL, 'alpine'), [
      execStep('create /etc/app', ['mkdir', '-p', '--', '/etc/app']),
      openPrivateStep(),
      privatePushStep(1, 'the content of /etc/app/early', 'early'),
      privateExecStep('write /etc/app/early (mode 0644)', 1, WRITE, ['/etc/app/early', '0644']),
      execStep('install curl', ['apk', 'add', 'curl']),
      execStep('add user bob', ['adduser', '-g', '', '-D', 'bob']),
      privatePushStep(2, 'the password lines of bob', 'bob:*\n'),
      privateExecStep('unlock the accounts of bob', 2, CHPASSWD, []),
      execStep('set the timezone to Europe/Athens', ['setup-timezone', '-z', 'Europe/Athens']),
      ...written(3, '/etc/late', 'late', '0644'),
      closePrivateStep(),
      execStep('run command 1', ['sh', '-c', 'echo done']),
    ]);
  });

  test('debian: apt-get through env, adduser --disabled-password, no chpasswd, timedatectl', () => {
    assert.deepEqual(stepsOf(ALL, 'debian'), [
      execStep('create /etc/app', ['mkdir', '-p', '--', '/etc/app']),
      openPrivateStep(),
      privatePushStep(1, 'the content of /etc/app/early', 'early'),
      privateExecStep('write /etc/app/early (mode 0644)', 1, WRITE, ['/etc/app/early', '0644']),
      execStep('install curl', ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-y', 'install', 'curl']),
      execStep('add user bob', ['adduser', 'bob', '--disabled-password', '--gecos', '']),
      execStep('set the timezone to Europe/Athens', ['timedatectl', 'set-timezone', 'Europe/Athens']),
      ...written(2, '/etc/late', 'late', '0644'),
      closePrivateStep(),
      execStep('run command 1', ['sh', '-c', 'echo done']),
    ]);
  });

  test('no secret to hand over: no private directory', () => {
    assert.deepEqual(stepsOf(cc('runcmd:', '  - [true]', 'timezone: UTC'), 'debian'), [
      execStep('set the timezone to UTC', ['timedatectl', 'set-timezone', 'UTC']),
      execStep('run command 1', ['true']),
    ]);
  });

  test('an empty file and a header-only file: no steps', () => {
    assert.deepEqual(stepsOf('#cloud-config\n'), []);
    assert.deepEqual(stepsOf('#cloud-config'), []);
  });

  test('a wrong header → CloudConfigError', () =>
    throwsCc('# cloud-config\nruncmd: [ls]\n', /does not start with #cloud-config/));
});

describe('cloudConfigSteps: packages', () => {
  test('one step per package, in order; `[name, version]` pins the version', () => {
    const text = cc('packages:', '  - curl', '  - [nginx, 1.24.0-r1]');
    assert.deepEqual(stepsOf(text, 'alpine'), [
      execStep('install curl', ['apk', 'add', 'curl']),
      execStep('install nginx=1.24.0-r1', ['apk', 'add', 'nginx=1.24.0-r1']),
    ]);
    assert.deepEqual(stepsOf(text, 'debian'), [
      execStep('install curl', ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-y', 'install', 'curl']),
      execStep('install nginx=1.24.0-r1', [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        '-y',
        'install',
        'nginx=1.24.0-r1',
      ]),
    ]);
  });
});

describe('cloudConfigSteps: write_files', () => {
  test('mkdir, the content as a private file, write or append with the mode, chown when owner is set', () => {
    const text = cc(
      'write_files:',
      '  - path: /etc/a.conf',
      '    content: "x=1\\n"',
      '    owner: app:app',
      '    permissions: "0600"',
      '  - path: /etc/motd',
      '    content: hi',
      '    append: true',
    );
    assert.deepEqual(stepsOf(text), [
      execStep('create /etc', ['mkdir', '-p', '--', '/etc']),
      openPrivateStep(),
      privatePushStep(1, 'the content of /etc/a.conf', 'x=1\n'),
      privateExecStep('write /etc/a.conf (mode 0600)', 1, WRITE, ['/etc/a.conf', '0600']),
      execStep('give /etc/a.conf to app:app', ['chown', '--', 'app:app', '/etc/a.conf']),
      execStep('create /etc', ['mkdir', '-p', '--', '/etc']),
      privatePushStep(2, 'the content of /etc/motd', 'hi'),
      privateExecStep('append to /etc/motd (mode 0644)', 2, APPEND, ['/etc/motd', '0644']),
      closePrivateStep(),
    ]);
  });

  test('a missing content is an empty file; a number is its text', () => {
    const pushed = stepsOf(cc('write_files:', '  - path: /etc/e', '  - path: /etc/n', '    content: 12345'))
      .filter((s) => s.kind === 'push-file')
      .map((s) => (s.kind === 'push-file' ? s.content : ''));
    assert.deepEqual(pushed, ['', '12345']);
  });

  const modeOf = (line: string | undefined): string => {
    const s = stepsOf(
      cc('write_files:', '  - path: /etc/x', ...(line === undefined ? [] : [`    ${line}`])),
    )[3]!;
    assert.equal(s.kind, 'exec');
    return s.kind === 'exec' ? s.command.at(-1)! : '';
  };
  for (const line of [
    "permissions: '0644'",
    "permissions: '644'",
    "permissions: '0o644'",
    'permissions: "0644"',
    'permissions: 644',
    'permissions: 0644',
    "permissions: ''",
    undefined,
  ]) {
    test(`${line ?? 'no permissions'} → 0644`, () => assert.equal(modeOf(line), '0644'));
  }
  test("permissions: '0755' → 0755, '4755' → 04755, '7' → 0007", () => {
    assert.equal(modeOf("permissions: '0755'"), '0755');
    assert.equal(modeOf("permissions: '4755'"), '04755');
    assert.equal(modeOf("permissions: '7'"), '0007');
  });
  for (const bad of ["'rw-r--r--'", "'0999'", "'0o8'", "'12345'", "'0x1a4'"]) {
    test(`permissions: ${bad} → CloudConfigError`, () =>
      throwsCc(cc('write_files:', '  - path: /etc/x', `    permissions: ${bad}`), /not an octal mode/));
  }
  test('parseMode directly', () => {
    assert.equal(parseMode('0644'), 0o644);
    assert.equal(parseMode('644'), 0o644);
    assert.equal(parseMode('0o644'), 0o644);
    assert.equal(parseMode(undefined), 0o644);
    assert.throws(() => parseMode('u+rw'), CloudConfigError);
  });
  test('a relative path → CloudConfigError', () =>
    throwsCc(cc('write_files:', '  - path: etc/x'), /must be absolute/));
});

describe('cloudConfigSteps: users', () => {
  test('alpine: every flag, groups as a comma-separated string', () => {
    const text = cc(
      'users:',
      '  - name: bob',
      '    gecos: Bob B',
      '    uid: "1001"',
      '    shell: /bin/ash',
      '    homedir: /srv/bob',
      '    primary_group: staff',
      '    groups: "wheel, adm,,"',
    );
    assert.deepEqual(stepsOf(text, 'alpine'), [
      execStep('add user bob', [
        'adduser',
        '-g',
        'Bob B',
        '-D',
        '-u',
        '1001',
        '-s',
        '/bin/ash',
        '-h',
        '/srv/bob',
        '-G',
        'staff',
        'bob',
      ]),
      execStep('add bob to group wheel', ['adduser', 'bob', 'wheel']),
      execStep('add bob to group adm', ['adduser', 'bob', 'adm']),
      openPrivateStep(),
      privatePushStep(1, 'the password lines of bob', 'bob:*\n'),
      privateExecStep('unlock the accounts of bob', 1, CHPASSWD, []),
      closePrivateStep(),
    ]);
  });

  test('debian: every flag, --ingroup for primary_group, groups as a YAML list', () => {
    const text = cc(
      'users:',
      '  - name: bob',
      '    gecos: Bob B',
      '    uid: 1001',
      '    shell: /bin/bash',
      '    homedir: /srv/bob',
      '    primary_group: staff',
      '    groups: [wheel, adm]',
    );
    assert.deepEqual(stepsOf(text, 'debian'), [
      execStep('add user bob', [
        'adduser',
        'bob',
        '--disabled-password',
        '--gecos',
        'Bob B',
        '--uid',
        '1001',
        '--shell',
        '/bin/bash',
        '--home',
        '/srv/bob',
        '--ingroup',
        'staff',
      ]),
      execStep('add bob to group wheel', ['adduser', 'bob', 'wheel']),
      execStep('add bob to group adm', ['adduser', 'bob', 'adm']),
    ]);
  });

  test('no_create_home wins over homedir', () => {
    const text = cc('users:', '  - name: svc', '    no_create_home: true', '    homedir: /srv/svc');
    assert.deepEqual(
      stepsOf(text, 'alpine')[0],
      execStep('add user svc', ['adduser', '-g', '', '-D', '-H', 'svc']),
    );
    assert.deepEqual(
      stepsOf(text, 'debian')[0],
      execStep('add user svc', ['adduser', 'svc', '--disabled-password', '--gecos', '', '--no-create-home']),
    );
  });

  test("'default' is skipped, as an item or in a comma-separated string", () => {
    assert.deepEqual(
      stepsOf(cc('users:', '  - default', '  - name: bob'), 'debian').map((s) => s.description),
      ['add user bob'],
    );
    assert.deepEqual(
      stepsOf(cc('users: default, alice'), 'debian').map((s) => s.description),
      ['add user alice'],
    );
  });

  test('chpasswd covers every listed user at once, after all adduser steps (alpine)', () => {
    const steps = stepsOf(cc('users:', '  - name: a', '  - name: b'), 'alpine');
    assert.deepEqual(
      steps.map((s) => s.description),
      [
        'add user a',
        'add user b',
        'make a private directory for secrets',
        'hand over the password lines of a, b (private file)',
        'unlock the accounts of a, b',
        'remove the private directory for secrets',
      ],
    );
    assert.deepEqual(steps[3], privatePushStep(1, 'the password lines of a, b', 'a:*\nb:*\n'));
    assert.deepEqual(steps[4], privateExecStep('unlock the accounts of a, b', 1, CHPASSWD, []));
  });

  test('an invalid user name → CloudConfigError', () =>
    throwsCc(cc('users:', '  - name: "bob; rm -rf /"'), /not a valid login name/));

  const sudoSteps = (value: string, os: OsFamily) =>
    stepsOf(cc('users:', '  - name: bob', `    sudo: ${value}`), os).filter((s) =>
      /sudo|doas/.test(s.description),
    );
  const sudoers = (n: number, rules: string[]) => [
    privatePushStep(n, 'the sudo rules of bob', rules.map((r) => `bob ${r}\n`).join('')),
    privateExecStep('give bob sudo rules', n, INSTALL_INTO('/etc/sudoers.d', '$2'), ['bob']),
  ];
  const doas = (n: number, lines: string[]) => [
    privatePushStep(n, 'the doas rules of bob', lines.map((l) => `${l}\n`).join('')),
    privateExecStep('give bob doas rules', n, INSTALL_INTO('/etc/doas.d', '$2.conf'), ['bob']),
  ];

  test('sudo: true → the default rule; alpine also gets `permit nopass bob` for doas', () => {
    assert.deepEqual(sudoSteps('true', 'debian'), sudoers(1, ['ALL=(ALL) NOPASSWD:ALL']));
    assert.deepEqual(sudoSteps('true', 'alpine'), [
      ...sudoers(2, ['ALL=(ALL) NOPASSWD:ALL']),
      ...doas(3, ['permit nopass bob']),
    ]);
  });
  test('sudo: a string → that rule for sudoers, its translation for doas (alpine only)', () => {
    assert.deepEqual(sudoSteps('"ALL=(ALL) ALL"', 'debian'), sudoers(1, ['ALL=(ALL) ALL']));
    assert.deepEqual(sudoSteps('"ALL=(ALL) ALL"', 'alpine'), [
      ...sudoers(2, ['ALL=(ALL) ALL']),
      ...doas(3, ['permit persist bob']),
    ]);
  });
  test('sudo: a list → one rule per item; each translated for doas', () => {
    const rules = ['ALL=(ALL) NOPASSWD:/usr/bin/apk', 'ALL=(ALL) ALL'];
    assert.deepEqual(sudoSteps(JSON.stringify(rules), 'alpine'), [
      ...sudoers(2, rules),
      ...doas(3, ['permit nopass bob cmd /usr/bin/apk', 'permit persist bob']),
    ]);
  });
  test('the bug of issue 9: a sudo rule is never written as a doas line (`ALL=(ALL) NOPASSWD:ALL bob`)', () => {
    const steps = sudoSteps('"ALL=(ALL) NOPASSWD:ALL"', 'alpine');
    const doasFile = steps.find((s) => s.description === 'hand over the doas rules of bob (private file)');
    assert.ok(doasFile && doasFile.kind === 'push-file');
    assert.equal(doasFile.content, 'permit nopass bob\n');
  });
  test('a rule doas cannot express: sudoers only; no doas file when none is left', () => {
    const rules = ['web1=(ALL) ALL', 'ALL=(ALL) NOPASSWD:ALL'];
    assert.deepEqual(sudoSteps(JSON.stringify(rules), 'alpine'), [
      ...sudoers(2, rules),
      ...doas(3, ['permit nopass bob']),
    ]);
    assert.deepEqual(
      sudoSteps('"ALL=(ALL) NOPASSWD:/usr/bin/*"', 'alpine'),
      sudoers(2, ['ALL=(ALL) NOPASSWD:/usr/bin/*']),
    );
  });
  // Deliberate departure from upstream (reference §3.3.1 gave full access for []): an empty rule
  // list grants nothing, as in cloud-init; `lxdops check` warns (unsupported-value).
  test('sudo: [] → no rules (upstream gave full access; we follow cloud-init)', () => {
    assert.deepEqual(sudoSteps('[]', 'alpine'), []);
  });
  test('sudo: false / null → no rules', () => {
    assert.deepEqual(sudoSteps('false', 'alpine'), []);
    assert.deepEqual(sudoSteps('null', 'debian'), []);
  });

  test('ssh_authorized_keys: a private file after the sudo rules, installed into <home>/.ssh', () => {
    const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISECRETKEYMATERIAL bob@laptop';
    const steps = stepsOf(
      cc(
        'users:',
        '  - name: bob',
        '    sudo: true',
        '    ssh_authorized_keys:',
        `      - ${KEY}`,
        '      - k2',
      ),
      'debian',
    );
    assert.deepEqual(
      steps.map((s) => s.description),
      [
        'add user bob',
        'make a private directory for secrets',
        'hand over the sudo rules of bob (private file)',
        'give bob sudo rules',
        'hand over the ssh keys of bob (private file)',
        'install the ssh keys of bob',
        'remove the private directory for secrets',
      ],
    );
    assert.deepEqual(steps[4], privatePushStep(2, 'the ssh keys of bob', `${KEY}\nk2\n`));
    assert.deepEqual(
      steps[5],
      privateExecStep('install the ssh keys of bob', 2, SSH_KEYS, ['/home/bob/.ssh', 'bob']),
    );
    assert.ok(!formatStep(steps[4]!).includes('AAAA'));
  });

  test('the ssh home is homedir, /root for root, else /home/<name>', () => {
    const sshDir = (lines: string[]) => {
      const s = stepsOf(cc('users:', ...lines), 'debian').find((x) =>
        x.description.startsWith('install the ssh keys'),
      );
      return s && s.kind === 'exec' ? s.command.at(-2) : '';
    };
    assert.equal(sshDir(['  - name: root', '    ssh_authorized_keys: [k1]']), '/root/.ssh');
    assert.equal(
      sshDir(['  - name: bob', '    homedir: /srv/bob', '    ssh_authorized_keys: [k1]']),
      '/srv/bob/.ssh',
    );
    assert.equal(sshDir(['  - name: bob', '    ssh_authorized_keys: [k1]']), '/home/bob/.ssh');
  });
});

describe('cloudConfigSteps: runcmd', () => {
  test('a string → sh -c; a list → argv (non-strings as text); null items are skipped', () => {
    const text = cc(
      'runcmd:',
      '  - echo "$HOME" > /tmp/h',
      '  -',
      '  - [ls, -l, /etc]',
      '  - [sleep, 1]',
      '  - |',
      '    set -e',
      '    cd /srv',
    );
    assert.deepEqual(stepsOf(text), [
      execStep('run command 1', ['sh', '-c', 'echo "$HOME" > /tmp/h']),
      execStep('run command 3', ['ls', '-l', '/etc']),
      execStep('run command 4', ['sleep', '1']),
      execStep('run command 5', ['sh', '-c', 'set -e\ncd /srv\n']),
    ]);
  });
  test('an empty list item → CloudConfigError', () =>
    throwsCc(cc('runcmd:', '  - []'), /runcmd item 1 is an empty command/));
  test('a map item → CloudConfigError', () =>
    throwsCc(cc('runcmd:', '  - {a: 1}'), /runcmd item 1 is not a string or a list/));
});

describe('formatStep never shows secrets', () => {
  test('push-file shows the private path and the mode, never the content', () => {
    const steps = stepsOf(
      cc('write_files:', '  - path: /etc/secret', '    content: hunter2-password', "    permissions: '0640'"),
    );
    assert.equal(
      formatStep(steps[2]!),
      `  hand over the content of /etc/secret (private file)\n      write web1:${PRIVATE_DIR}/1 (mode 0600)`,
    );
    assert.ok(steps.every((s) => !formatStep(s).includes('hunter2')));
  });
});
