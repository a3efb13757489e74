// The SSH control folder on real directories: a socket planted there would receive the commands,
// so a link, another user's folder or one open to others is refused before ssh runs.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { privateControlDir } from '../../../core/src/host/sshHostRunner';

describe('privateControlDir', () => {
  const top = mkdtempSync(join(tmpdir(), 'lxdops-cm-test-'));

  test('makes a missing folder 0700 and accepts it', () => {
    const dir = join(top, 'fresh');
    assert.equal(privateControlDir(dir), dir);
  });

  test('refuses a link, a folder open to others, and another user’s folder', () => {
    mkdirSync(join(top, 'real'));
    symlinkSync(join(top, 'real'), join(top, 'link'));
    assert.throws(() => privateControlDir(join(top, 'link')), /is not a directory \(a link\?\)/);
    const open = join(top, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    assert.throws(() => privateControlDir(open), /is open to others \(mode 755\)/);
    const theirs = join(top, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chmodSync(theirs, 0o700);
    const uid = process.getuid?.() ?? 0;
    if (uid === 0) chownSync(theirs, 12345, 12345);
    assert.throws(
      () => privateControlDir(theirs, uid === 0 ? 0 : uid + 1),
      /belongs to uid \d+, not to this user/,
    );
  });
});
