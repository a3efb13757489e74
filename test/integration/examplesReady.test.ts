// scripts/examples-ready.sh (the end of scripts/start.sh) against the real LXD and ZFS: the shipped
// examples are ready; a copy whose pool, image or profile does not exist here, or that does not
// check clean, is refused with what is missing. Read-only: it creates nothing on LXD or ZFS.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { onlyOn, POOL, requireStack, ROOT, run, shown } from './stack';

const SCRIPT = join(ROOT, 'scripts/examples-ready.sh');
const copies: string[] = [];

/** A copy of examples/ with `edit` applied to the text of each file it names. */
function copyOfExamples(edits: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'lxdops-examples-ready-'));
  copies.push(dir);
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const edited = edit(readFileSync(path, 'utf8'));
    assert.notEqual(edited, readFileSync(path, 'utf8'), `the edit of ${file} changed nothing`);
    writeFileSync(path, edited);
  }
  return dir;
}

const ready = (examples?: string) =>
  run('bash', [SCRIPT], { env: examples ? { LXDOPS_EXAMPLES: examples } : {}, timeoutMs: 60_000 });

// LXD only: start.sh opens the examples on the local LXD, and examples-ready.sh asks `lxc` for
// what they use; Incus is not where the shipped examples run.
const LXD_ONLY = onlyOn(['local'], 'the shipped examples run on the local LXD (examples-ready.sh asks lxc)');

describe('scripts/examples-ready.sh on the real stack', LXD_ONLY, () => {
  before(requireStack);
  after(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  test('the shipped examples are ready: it names what they use and what to click first', async () => {
    const r = await ready();
    assert.equal(r.status, 0, shown(r));
    assert.match(
      r.stdout,
      new RegExp(`ready: ZFS pool '${POOL}', LXD image 'busybox', profile\\(s\\) 'default'`),
    );
    assert.match(r.stdout, /right-click containers\/ex-template\.yaml → Launch Instance/);
    assert.equal(r.stderr, '');
  });

  test('a pool, an image and a profile that do not exist are each named, with the file to edit; exit 1', async () => {
    const dir = copyOfExamples({
      'fragments/base.yaml': (t) => t.replace('fsroot: lxdtest/examples', 'fsroot: no-such-pool/examples'),
      'containers/ex-template.yaml': (t) => t.replace('image: busybox', 'image: no-such-image'),
      'containers/ex-web1.yaml': (t) => t.replace('- default', '- no-such-profile'),
    });
    const r = await ready(dir);
    assert.equal(r.status, 1, shown(r));
    assert.doesNotMatch(r.stdout, /ready:/);
    assert.match(
      r.stderr,
      /MISSING: ZFS pool 'no-such-pool' \(fsroot in .*\/fragments\/base\.yaml\) is missing/,
    );
    assert.match(
      r.stderr,
      /MISSING: LXD image 'no-such-image' \(os\.image in .*ex-template\.yaml\) is missing/,
    );
    assert.match(r.stderr, /MISSING: LXD profile 'no-such-profile'/);
    assert.match(r.stderr, /run: sudo bash scripts\/setup-real-stack\.sh/);
  });

  test('examples that do not check clean are refused with the diagnostics; exit 1', async () => {
    const dir = copyOfExamples({
      'containers/ex-web2.yaml': (t) => t.replace('profiles:', 'profilez:'),
    });
    const r = await ready(dir);
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stderr, /ex-web2\.yaml:\d+:\d+: error unknown-key/);
    assert.match(r.stderr, /does not check clean/);
    assert.doesNotMatch(r.stdout, /ready:/);
  });
});
