// cloudConfigSteps: one #cloud-config file as exec / push-file steps (reference cloud-config-subset §3).
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
import { cc, execStep, pushStep } from './support';

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
      execStep('create /etc/app', ['mkdir', '-p', '/etc/app']),
      pushStep('/etc/app/early', 'early', 0o644),
      execStep('install curl', ['apk', 'add', 'curl']),
      execStep('add user bob', ['adduser', '-g', '', '-D', 'bob']),
      execStep('unlock the accounts of bob', ['sh', '-c', "chpasswd -e <<'LXDOPS_EOF'\nbob:*\nLXDOPS_EOF"]),
      execStep('set the timezone to Europe/Athens', ['setup-timezone', '-z', 'Europe/Athens']),
      execStep('create /etc', ['mkdir', '-p', '/etc']),
      pushStep('/etc/late', 'late', 0o644),
      execStep('run command 1', ['sh', '-c', 'echo done']),
    ]);
  });

  test('debian: apt-get through env, adduser --disabled-password, no chpasswd, timedatectl', () => {
    assert.deepEqual(stepsOf(ALL, 'debian'), [
      execStep('create /etc/app', ['mkdir', '-p', '/etc/app']),
      pushStep('/etc/app/early', 'early', 0o644),
      execStep('install curl', ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-y', 'install', 'curl']),
      execStep('add user bob', ['adduser', 'bob', '--disabled-password', '--gecos', '']),
      execStep('set the timezone to Europe/Athens', ['timedatectl', 'set-timezone', 'Europe/Athens']),
      execStep('create /etc', ['mkdir', '-p', '/etc']),
      pushStep('/etc/late', 'late', 0o644),
      execStep('run command 1', ['sh', '-c', 'echo done']),
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
  test('mkdir, write (secret), chown when owner is set; append mode', () => {
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
      execStep('create /etc', ['mkdir', '-p', '/etc']),
      pushStep('/etc/a.conf', 'x=1\n', 0o600),
      execStep('give /etc/a.conf to app:app', ['chown', 'app:app', '/etc/a.conf']),
      execStep('create /etc', ['mkdir', '-p', '/etc']),
      pushStep('/etc/motd', 'hi', 0o644, { append: true }),
    ]);
  });

  const modeOf = (line: string | undefined): number => {
    const s = stepsOf(
      cc('write_files:', '  - path: /etc/x', ...(line === undefined ? [] : [`    ${line}`])),
    )[1]!;
    assert.equal(s.kind, 'push-file');
    return s.kind === 'push-file' ? s.mode : -1;
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
    test(`${line ?? 'no permissions'} → 0o644`, () => assert.equal(modeOf(line), 0o644));
  }
  test("permissions: '0755' → 0o755, '4755' → 0o4755", () => {
    assert.equal(modeOf("permissions: '0755'"), 0o755);
    assert.equal(modeOf("permissions: '4755'"), 0o4755);
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
      execStep('unlock the accounts of bob', ['sh', '-c', "chpasswd -e <<'LXDOPS_EOF'\nbob:*\nLXDOPS_EOF"]),
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
      ['add user a', 'add user b', 'unlock the accounts of a, b'],
    );
    assert.deepEqual(
      steps[2],
      execStep('unlock the accounts of a, b', [
        'sh',
        '-c',
        "chpasswd -e <<'LXDOPS_EOF'\na:*\nb:*\nLXDOPS_EOF",
      ]),
    );
  });

  test('an invalid user name → CloudConfigError', () =>
    throwsCc(cc('users:', '  - name: "bob; rm -rf /"'), /not a valid login name/));

  const sudoScript = (name: string, sudo: string[], doas: string[]) =>
    [
      `if [ -d /etc/sudoers.d ]; then cat > /etc/sudoers.d/${name} <<'LXDOPS_EOF'`,
      ...sudo.map((r) => `${name} ${r}`),
      'LXDOPS_EOF',
      `chmod 600 /etc/sudoers.d/${name}; fi`,
      `if [ -d /etc/doas.d ]; then cat > /etc/doas.d/${name}.conf <<'LXDOPS_EOF'`,
      ...doas.map((r) => `${r} ${name}`),
      'LXDOPS_EOF',
      `chmod 600 /etc/doas.d/${name}.conf; fi`,
    ].join('\n');
  const sudoStepOf = (value: string) =>
    stepsOf(cc('users:', '  - name: bob', `    sudo: ${value}`), 'debian').find(
      (s) => s.description === 'give bob sudo/doas rules',
    );

  test('sudo: true → the default sudo and doas rules', () => {
    assert.deepEqual(
      sudoStepOf('true'),
      execStep('give bob sudo/doas rules', [
        'sh',
        '-c',
        sudoScript('bob', ['ALL=(ALL) NOPASSWD:ALL'], ['permit nopass']),
      ]),
    );
  });
  test('sudo: a string → that rule, in both files', () => {
    assert.deepEqual(
      sudoStepOf('"ALL=(ALL) ALL"'),
      execStep('give bob sudo/doas rules', [
        'sh',
        '-c',
        sudoScript('bob', ['ALL=(ALL) ALL'], ['ALL=(ALL) ALL']),
      ]),
    );
  });
  test('sudo: a list → one rule per item', () => {
    assert.deepEqual(
      sudoStepOf('["ALL=(ALL) NOPASSWD:/usr/bin/apt", "ALL=(ALL) ALL"]'),
      execStep('give bob sudo/doas rules', [
        'sh',
        '-c',
        sudoScript(
          'bob',
          ['ALL=(ALL) NOPASSWD:/usr/bin/apt', 'ALL=(ALL) ALL'],
          ['ALL=(ALL) NOPASSWD:/usr/bin/apt', 'ALL=(ALL) ALL'],
        ),
      ]),
    );
  });
  // Deliberate departure from upstream (reference §3.3.1 gave full access for []): an empty rule
  // list grants nothing, as in cloud-init; `lxdops check` warns (unsupported-value).
  test('sudo: [] → no rules (upstream gave full access; we follow cloud-init)', () => {
    assert.equal(sudoStepOf('[]'), undefined);
  });
  test('sudo: false / null → no rules', () => {
    assert.equal(sudoStepOf('false'), undefined);
    assert.equal(sudoStepOf('null'), undefined);
  });

  test('ssh_authorized_keys: one secret step after sudo; the keys never show in formatStep', () => {
    const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISECRETKEYMATERIAL bob@laptop';
    const steps = stepsOf(
      cc('users:', '  - name: bob', '    sudo: true', '    ssh_authorized_keys:', `      - ${KEY}`),
      'debian',
    );
    assert.deepEqual(
      steps.map((s) => s.description),
      ['add user bob', 'give bob sudo/doas rules', 'install the ssh keys of bob'],
    );
    const keys = steps[2]!;
    assert.equal(keys.kind, 'exec');
    assert.equal(keys.kind === 'exec' && keys.secret, true);
    assert.ok(
      keys.kind === 'exec' &&
        keys.command[0] === 'sh' &&
        keys.command[1] === '-c' &&
        keys.command[2]!.includes(`\n${KEY}\n`),
      'the script writes the key',
    );
    assert.ok(keys.kind === 'exec' && keys.command[2]!.includes("f='/home/bob/.ssh/authorized_keys'"));
    assert.equal(formatStep(keys), '  install the ssh keys of bob');
    assert.ok(!formatStep(keys).includes('AAAA'));
  });

  test('the ssh home is homedir, /root for root, else /home/<name>', () => {
    const script = (lines: string[]) => {
      const s = stepsOf(cc('users:', ...lines), 'debian').find((x) =>
        x.description.startsWith('install the ssh keys'),
      );
      return s && s.kind === 'exec' ? s.command[2]! : '';
    };
    assert.ok(
      script(['  - name: root', '    ssh_authorized_keys: [k1]']).includes("f='/root/.ssh/authorized_keys'"),
    );
    assert.ok(
      script(['  - name: bob', '    homedir: /srv/bob', '    ssh_authorized_keys: [k1]']).includes(
        "f='/srv/bob/.ssh/authorized_keys'",
      ),
    );
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
  test('push-file shows the path and the mode, never the content', () => {
    const s = stepsOf(
      cc('write_files:', '  - path: /etc/secret', '    content: hunter2-password', "    permissions: '0640'"),
    )[1]!;
    assert.equal(formatStep(s), '  write /etc/secret\n      write web1:/etc/secret (mode 0640)');
    assert.ok(!formatStep(s).includes('hunter2'));
  });
});
