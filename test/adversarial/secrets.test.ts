// Secrets never on a command line (issue 9, point 7), on the real LXD: a listener on /1.0/events (all
// types) during a launch whose cloud-config has users with ssh keys and sudo rules, a password in a
// user and a secret file; none of the secrets shows in any event, and the files are right inside.
//
// STAND-INS, named as such: Debian's busybox-static has no `adduser` and no `chpasswd` applet, so the
// first cloud-config file installs two small scripts in their place (they append to /etc/passwd and
// record their input). Everything else is real: LXD, its events, the files API, busybox's sh, cat,
// chmod and chown in the container.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Agent, WebSocket } from 'undici';
import { IMAGE, inContainer, lxdops, must, ok, requireStack, run, SOCKET, write } from '../integration/stack';

// This file's names on the shared daemon: the `sec-` prefix.
const NAME = 'sec-1';
const PROBE = 'sec-probe';

const SECRETS = {
  bobKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsecBobKeyMaterial7f3a bob@laptop',
  aliceKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADsecAliceKeyMaterial91c2 alice@desk',
  dbPassword: 'secDbPassword-4e1b9',
  userPassword: 'secHashedPasswd-8d2c7',
  appended: 'secAppendedToken-5a0f3',
};

const STANDINS = `#cloud-config
write_files:
  - path: /usr/sbin/adduser
    permissions: '0755'
    content: |
      #!/bin/sh
      # stand-in for busybox adduser (missing from Debian's busybox-static)
      [ "$1" = -g ] || exit 0
      for name; do :; done
      if grep -q "^$name:" /etc/passwd; then echo "adduser: user '$name' in use" >&2; exit 1; fi
      uid=$((1000 + $(grep -c . /etc/passwd)))
      echo "$name:x:$uid:$uid::/home/$name:/bin/sh" >> /etc/passwd
      echo "$name:x:$uid:" >> /etc/group
      mkdir -p "/home/$name" && chown "$uid:$uid" "/home/$name"
  - path: /usr/sbin/chpasswd
    permissions: '0755'
    content: |
      #!/bin/sh
      # stand-in for busybox chpasswd: records its arguments and input
      printf '%s\\n' "$*" >> /var/lib/standin/chpasswd
      cat >> /var/lib/standin/chpasswd
  - path: /var/lib/standin/chpasswd
    content: ''
  - path: /etc/sudoers.d/README
    content: sudo is not installed; the directory makes lxdops write the rules
  - path: /etc/doas.d/README
    content: doas is not installed; the directory makes lxdops write the rules
`;

const SECRET_CONFIG = `#cloud-config
write_files:
  - path: /etc/app/db.conf
    permissions: '0600'
    content: "password=${SECRETS.dbPassword}\\n"
  - path: /etc/app/tokens
    append: true
    content: "${SECRETS.appended}\\n"
users:
  - name: bob
    hashed_passwd: ${SECRETS.userPassword}
    sudo: ["ALL=(ALL) NOPASSWD:ALL", "ALL=(root) /sbin/apk", "ALL=(ALL) NOPASSWD: /usr/bin/*"]
    ssh_authorized_keys:
      - ${SECRETS.bobKey}
  - name: alice
    ssh_authorized_keys: ["${SECRETS.aliceKey}"]
`;

/** Every message of LXD's event stream, all types, from open to close. */
class EventLog {
  readonly messages: string[] = [];
  private readonly agent = new Agent({ connect: { socketPath: SOCKET } });
  private ws: WebSocket | undefined;
  private waiters: { test: (m: string) => boolean; resolve: () => void }[] = [];

  async open(): Promise<void> {
    // made here, not earlier: an `open` before the handler is set would never be seen
    const ws = new WebSocket('ws://lxd/1.0/events?type=lifecycle,operation,logging', {
      dispatcher: this.agent,
    } as never);
    this.ws = ws;
    ws.onmessage = (m) => {
      const text = String(m.data);
      this.messages.push(text);
      this.waiters = this.waiters.filter((w) => (w.test(text) ? (w.resolve(), false) : true));
    };
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`the events websocket on ${SOCKET} failed`));
    });
  }

  /** Makes an event of our own and waits for it: every earlier event has then been received. */
  async sync(): Promise<void> {
    const seen = new Promise<void>((resolve) =>
      this.waiters.push({ test: (m) => m.includes('profile-created') && m.includes(PROBE), resolve }),
    );
    await must('lxc', ['profile', 'create', PROBE]);
    await seen;
    await must('lxc', ['profile', 'delete', PROBE]);
  }

  async close(): Promise<void> {
    this.ws?.close();
    await this.agent.close();
  }
}

async function cleanup(): Promise<void> {
  if ((await run('lxc', ['info', NAME])).status === 0) await must('lxc', ['delete', '--force', NAME]);
  const profiles = JSON.parse(await must('lxc', ['profile', 'list', '--format', 'json'])) as {
    name: string;
  }[];
  for (const p of profiles.filter((x) => x.name.startsWith('sec-')))
    await must('lxc', ['profile', 'delete', p.name]);
}

/** `stat` of a path in the container: octal mode and owner name. */
const statOf = (path: string) => inContainer(NAME, `stat -c '%a %U' ${path}`).then((s) => s.trim());

describe('integration: secrets never travel in exec command lines or events', () => {
  let dir = '';
  const events = new EventLog();
  let launch = '';

  before(async () => {
    await requireStack();
    await cleanup();
    dir = mkdtempSync(join(tmpdir(), 'lxdops-sec-'));
    write(join(dir, 'standins.cfg'), STANDINS);
    write(join(dir, 'secrets.cfg'), SECRET_CONFIG);
    write(
      join(dir, `${NAME}.yaml`),
      `#lxdops\nos: {name: alpine, image: ${IMAGE}}\nprofiles: [default]\ncloud-config-files: [standins.cfg, secrets.cfg]\n`,
    );
    await events.open();
    await events.sync();
    const r = ok(await lxdops(['launch', join(dir, `${NAME}.yaml`)], { cwd: dir }));
    launch = `${r.stdout}${r.stderr}`;
    await events.sync();
  });
  after(async () => {
    await events.close();
    await cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the listener saw the exec commands and the file pushes (so it would have seen a secret in them)', () => {
    const ofOurs = events.messages.filter((m) => m.includes(`/1.0/instances/${NAME}`));
    const execs = ofOurs.filter((m) => m.includes('"instance-exec"'));
    assert.ok(
      execs.some((m) => m.includes('authorized_keys') && m.includes('/run/lxdops/')),
      `no instance-exec event of the ssh-keys script among ${execs.length}`,
    );
    assert.ok(
      ofOurs.some((m) => m.includes('"instance-file-pushed"') && /"path":"\/run\/lxdops\/\d+"/.test(m)),
      'no instance-file-pushed event of a private file',
    );
  });

  test('no secret appears in any event, nor in what the CLI printed', () => {
    for (const [name, secret] of Object.entries(SECRETS)) {
      const carrying = events.messages.filter((m) => m.includes(secret));
      assert.deepEqual(carrying, [], `${name} was broadcast in ${carrying.length} events`);
      assert.ok(!launch.includes(secret), `${name} was printed by lxdops launch`);
    }
  });

  test('authorized_keys: the keys, mode 0600, in a 0700 .ssh, owned by each user', async () => {
    assert.equal(await inContainer(NAME, 'cat /home/bob/.ssh/authorized_keys'), `${SECRETS.bobKey}\n`);
    assert.equal(await inContainer(NAME, 'cat /home/alice/.ssh/authorized_keys'), `${SECRETS.aliceKey}\n`);
    for (const user of ['bob', 'alice']) {
      assert.equal(await statOf(`/home/${user}/.ssh/authorized_keys`), `600 ${user}`);
      assert.equal(await statOf(`/home/${user}/.ssh`), `700 ${user}`);
    }
  });

  test('write_files: the secret file with its content and mode 0600; the appended one', async () => {
    assert.equal(await inContainer(NAME, 'cat /etc/app/db.conf'), `password=${SECRETS.dbPassword}\n`);
    assert.equal(await statOf('/etc/app/db.conf'), '600 root');
    assert.equal(await inContainer(NAME, 'cat /etc/app/tokens'), `${SECRETS.appended}\n`);
    assert.equal(await statOf('/usr/sbin/adduser'), '755 root');
  });

  test('chpasswd read its lines from the private file; the private directory is gone', async () => {
    assert.equal(await inContainer(NAME, 'cat /var/lib/standin/chpasswd'), '-e\nbob:*\nalice:*\n');
    assert.equal(await inContainer(NAME, '[ -e /run/lxdops ] && echo present || echo gone'), 'gone\n');
  });

  test('sudo rules: as written for sudoers; translated for doas, the wildcard rule left out', async () => {
    assert.equal(
      await inContainer(NAME, 'cat /etc/sudoers.d/bob'),
      'bob ALL=(ALL) NOPASSWD:ALL\nbob ALL=(root) /sbin/apk\nbob ALL=(ALL) NOPASSWD: /usr/bin/*\n',
    );
    assert.equal(await statOf('/etc/sudoers.d/bob'), '600 root');
    assert.equal(
      await inContainer(NAME, 'cat /etc/doas.d/bob.conf'),
      'permit nopass bob\npermit persist bob as root cmd /sbin/apk\n',
    );
    assert.equal(await statOf('/etc/doas.d/bob.conf'), '600 root');
    assert.equal(
      await inContainer(NAME, '[ -e /etc/doas.d/alice.conf ] && echo present || echo none'),
      'none\n',
    );
  });
});
