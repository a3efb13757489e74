// sudo rules in doas terms (core/src/cloudconfig/doasRule.ts): the translation table, and the refusals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { doasLine, sudoRuleToDoas } from '../../../core/src/cloudconfig/doasRule';

/** The doas.conf lines of a rule for bob, or the refusal's reason. */
function doasOf(rule: string): string[] | string {
  const t = sudoRuleToDoas(rule);
  return t.ok ? t.permits.map((p) => doasLine(p, 'bob')) : t.reason;
}

describe('sudoRuleToDoas: rules doas can express', () => {
  const table: [string, string[]][] = [
    ['ALL=(ALL) NOPASSWD:ALL', ['permit nopass bob']],
    ['ALL=(ALL:ALL) NOPASSWD: ALL', ['permit nopass bob']],
    ['ALL = (ALL) NOPASSWD:ALL', ['permit nopass bob']],
    ['ALL=(ALL) ALL', ['permit persist bob']],
    ['ALL=(ALL:ALL) ALL', ['permit persist bob']],
    ['ALL=(ALL) PASSWD:ALL', ['permit persist bob']],
    // sudo's default run-as user is root; doas's is anyone
    ['ALL=ALL', ['permit persist bob as root']],
    ['ALL=NOPASSWD: ALL', ['permit nopass bob as root']],
    ['ALL=(root) NOPASSWD:ALL', ['permit nopass bob as root']],
    ['ALL=(postgres) ALL', ['permit persist bob as postgres']],
    ['ALL=(alice, carol) ALL', ['permit persist bob as alice', 'permit persist bob as carol']],
    ['ALL=(alice, ALL) ALL', ['permit persist bob']],
    ['ALL=(ALL) NOPASSWD:/sbin/apk', ['permit nopass bob cmd /sbin/apk']],
    [
      'ALL=(ALL) NOPASSWD: /sbin/apk, /sbin/rc-service',
      ['permit nopass bob cmd /sbin/apk', 'permit nopass bob cmd /sbin/rc-service'],
    ],
    // a tag holds for the commands after it, until another tag
    [
      'ALL=(root) NOPASSWD: /sbin/apk, PASSWD: /bin/sh, /bin/ash',
      [
        'permit nopass bob as root cmd /sbin/apk',
        'permit persist bob as root cmd /bin/sh',
        'permit persist bob as root cmd /bin/ash',
      ],
    ],
    // sudo matches a command with arguments exactly, as doas `args` does; `""` means none
    [
      'ALL=(root) NOPASSWD: /sbin/rc-service nginx restart',
      ['permit nopass bob as root cmd /sbin/rc-service args nginx restart'],
    ],
    ['ALL=(root) /usr/bin/id ""', ['permit persist bob as root cmd /usr/bin/id args']],
  ];
  for (const [rule, lines] of table)
    test(`${rule} → ${lines.join(' | ')}`, () => assert.deepEqual(doasOf(rule), lines));
});

describe('sudoRuleToDoas: rules doas cannot express are refused, with the reason', () => {
  const table: [string, RegExp][] = [
    ['web1=(ALL) ALL', /doas has no host part \(`web1=`\)/],
    ['ALL=(ALL:wheel) ALL', /doas cannot run a command as a group \(`\(ALL:wheel\)`\)/],
    ['ALL=(:wheel) ALL', /doas cannot run a command as a group/],
    ['ALL=() ALL', /`\(\)` names no user/],
    ['ALL=(%admin) ALL', /run-as user `%admin`/],
    ['ALL=(#1000) ALL', /run-as user `#1000`/],
    ['ALL=(!root) ALL', /run-as user `!root`/],
    ['ALL=(ALL) SETENV: ALL', /no equivalent of the sudo tag `SETENV:`/],
    ['ALL=(ALL) NOPASSWD: NOEXEC: /bin/vi', /`NOEXEC:`/],
    ['ALL=(ALL) NOPASSWD: /usr/bin/*', /doas has no wildcards/],
    ['ALL=(ALL) /usr/bin/less /var/log/[a-z]*', /doas has no wildcards/],
    ['ALL=(ALL) /usr/sbin/', /a whole directory/],
    ['ALL=(ALL) sudoedit /etc/hosts', /the command `sudoedit`/],
    ['ALL=(ALL) !/bin/sh', /the command `!\/bin\/sh`/],
    ['ALL=(ALL) SHELLS', /the command `SHELLS`/],
    ['ALL=(ALL) /bin/echo "a b"', /would need quoting/],
    ['ALL=(ALL) /bin/echo a\\,b', /escapes/],
    ['ALL=(ALL) /sbin/apk,', /an empty command/],
    ['permit nopass', /not a sudoers rule/],
    ['NOPASSWD:ALL', /not a sudoers rule/],
    ['', /not a sudoers rule/],
  ];
  for (const [rule, reason] of table)
    test(`${JSON.stringify(rule)} → refused`, () => {
      const t = doasOf(rule);
      assert.equal(typeof t, 'string', `translated: ${JSON.stringify(t)}`);
      assert.match(t as string, reason);
    });
});
