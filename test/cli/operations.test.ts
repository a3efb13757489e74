// The engine commands of the CLI over the operation pipeline, where no LXD is needed: the socket
// given does not exist, so the check comes first and what needs LXD is reported, not attempted.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, lxdops } from './runCli';

const NO_SOCKET = '/nonexistent/lxd.sock';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lxdops-cli-ops-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CLEAN = '#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default]\n';

describe('lxdops launch / cleanup through the pipeline', () => {
  test('a config error is reported at file:line:col before LXD is needed; exit 1', () => {
    const dir = workspace({ 'web.yaml': `${CLEAN}profilez: [x]\n` });
    const r = lxdops(['launch', '--socket', NO_SOCKET, 'web.yaml'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^web\.yaml:4:1: error unknown-key: /m);
    assert.match(r.stderr, /lxdops: 1 error\(s\) in the config: fix them first \(lxdops check\)/);
    assert.doesNotMatch(r.stderr, /no LXD socket/);
  });

  test('a clean config without LXD: the pre-flight says what to do, exit 1', () => {
    const dir = workspace({ 'web.yaml': CLEAN });
    const r = lxdops(['launch', '--socket', NO_SOCKET, 'web.yaml'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /^web\.yaml: error lxd-unreachable: no LXD socket found \(tried \/nonexistent\/lxd\.sock\): is LXD installed and running\?/m,
    );
    assert.match(r.stderr, /nothing was changed/);
  });

  test('a file that is not an #lxdops config is a usage error (exit 2), as before', () => {
    const dir = workspace({ 'notes.yaml': 'a: 1\n' });
    const r = lxdops(['cleanup', '--socket', NO_SOCKET, 'notes.yaml'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /notes\.yaml: first line should be: #lxdops/);
  });

  test('cleanup is a command with --dry-run and --yes', () => {
    const r = lxdops(['cleanup', '--help'], ROOT);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--dry-run/);
    assert.match(r.stdout, /--yes/);
    assert.match(r.stdout, /lxdops:owner/);
  });
});
