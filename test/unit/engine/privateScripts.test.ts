// The scripts that read a private file (cloudConfig/privateFiles.ts), run for real by the host's
// /bin/sh in a scratch folder: the private file stands where the push would put it, every target
// path lies in the folder. What a container's sh does with them is the integration test's part
// (test/adversarial/secrets.test.ts); here: modes, contents, and that the private file goes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cloudConfigSteps } from '../../../core/src/engine/cloudConfigSteps';
import type { Step } from '../../../core/src/engine/plan';
import { workspace } from '../../helpers';
import { cc } from './support';

let root = '';
before(() => (root = mkdtempSync(join(tmpdir(), 'lxdops-private-'))));
after(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (path: string) => (statSync(path).mode & 0o7777).toString(8);

/**
 * Applies the steps of a cloud-config as the container would, for the two kinds that matter here:
 * a push writes its content to a stand-in private file, an exec of `sh -c` runs on the host (with the
 * stand-in in place of the private path). Other steps (mkdir of a directory that exists) are left out.
 */
function applyOnHost(text: string): { status: number | null; stderr: string; privateFiles: string[] } {
  const { ws } = workspace({ '/ws/a.cfg': text });
  const p = ws.parsed('/ws/a.cfg');
  assert.ok(p.ok);
  const steps = cloudConfigSteps(p.value, { instance: 'web1', project: 'default', os: 'debian' });
  const standIns = new Map<string, string>();
  for (const s of steps.filter((x): x is Step & { kind: 'push-file' } => x.kind === 'push-file')) {
    const file = join(root, `private-${standIns.size + 1}`);
    writeFileSync(file, s.content, { mode: 0o600 });
    standIns.set(s.path, file);
  }
  for (const s of steps) {
    if (s.kind !== 'exec' || s.command[0] !== 'sh' || !standIns.has(s.command[4] ?? '')) continue;
    const argv = s.command.map((a) => standIns.get(a) ?? a);
    const r = spawnSync('sh', argv.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) return { status: r.status, stderr: r.stderr, privateFiles: [...standIns.values()] };
  }
  return { status: 0, stderr: '', privateFiles: [...standIns.values()] };
}

function ok(text: string): void {
  const r = applyOnHost(text);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.privateFiles.filter(existsSync), [], 'every private file is removed');
}

describe('write_files through a private file', () => {
  test('a new file: its content, with the mode', () => {
    const path = join(root, 'new.conf');
    ok(
      cc('write_files:', `  - path: ${path}`, '    content: "password=s3cret\\n"', "    permissions: '0640'"),
    );
    assert.equal(readFileSync(path, 'utf8'), 'password=s3cret\n');
    assert.equal(modeOf(path), '640');
  });

  test('overwriting an existing 0644 file with 0600: the mode is set (LXD would keep 0644)', () => {
    const path = join(root, 'existing.conf');
    writeFileSync(path, 'old and longer content\n');
    chmodSync(path, 0o644);
    ok(cc('write_files:', `  - path: ${path}`, '    content: "new\\n"', "    permissions: '0600'"));
    assert.equal(readFileSync(path, 'utf8'), 'new\n');
    assert.equal(modeOf(path), '600');
  });

  test('appending to an existing 0600 file: the content is added, the mode stays (no default 0644)', () => {
    const path = join(root, 'tokens');
    writeFileSync(path, 'a\n');
    chmodSync(path, 0o600);
    ok(cc('write_files:', `  - path: ${path}`, '    content: "b\\n"', '    append: true'));
    assert.equal(readFileSync(path, 'utf8'), 'a\nb\n');
    assert.equal(modeOf(path), '600');
  });

  test('appending to a missing file creates it with the mode', () => {
    const path = join(root, 'appended-new');
    ok(
      cc(
        'write_files:',
        `  - path: ${path}`,
        '    content: "b\\n"',
        '    append: true',
        "    permissions: '0604'",
      ),
    );
    assert.equal(readFileSync(path, 'utf8'), 'b\n');
    assert.equal(modeOf(path), '604');
  });

  test('a failing write still removes the private file', () => {
    const r = applyOnHost(cc('write_files:', `  - path: ${join(root, 'no/such/dir/f')}`, '    content: x'));
    assert.notEqual(r.status, 0);
    assert.deepEqual(r.privateFiles.filter(existsSync), []);
  });
});

describe('ssh_authorized_keys through a private file', () => {
  const me = userInfo().username;

  test('the keys one per line, mode 0600 in a 0700 .ssh, owned by the user', () => {
    const home = join(root, 'home-a');
    mkdirSync(home);
    ok(
      cc('users:', `  - name: ${me}`, `    homedir: ${home}`, '    ssh_authorized_keys: [key-one, key-two]'),
    );
    const file = join(home, '.ssh/authorized_keys');
    assert.equal(readFileSync(file, 'utf8'), 'key-one\nkey-two\n');
    assert.equal(modeOf(file), '600');
    assert.equal(modeOf(join(home, '.ssh')), '700');
    assert.equal(statSync(file).uid, userInfo().uid);
  });

  test('an existing authorized_keys is left as it is', () => {
    const home = join(root, 'home-b');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh/authorized_keys'), 'mine\n');
    ok(cc('users:', `  - name: ${me}`, `    homedir: ${home}`, '    ssh_authorized_keys: [theirs]'));
    assert.equal(readFileSync(join(home, '.ssh/authorized_keys'), 'utf8'), 'mine\n');
  });
});
