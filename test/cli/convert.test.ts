import assert from 'node:assert/strict';
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runConfigConvert } from '../../core/src/cli/configCommands';
import { writeConverted } from '../../core/src/cli/convertFiles';
import type { FileConversion } from '../../core/src/migrate/types';
import { ROOT, lxdops } from './runCli';

const TREE = join(ROOT, 'test/fixtures/convert/tree');
const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the fixture tree in a temporary folder. */
function copyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lxdops-convert-'));
  temps.push(dir);
  cpSync(TREE, join(dir, 'tree'), { recursive: true });
  return dir;
}

/** Every file below a folder with its text. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p.slice(dir.length + 1), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('lxdops config convert', () => {
  test('--dry-run prints a unified diff and the dropped keys, and changes nothing', () => {
    const dir = copyTree();
    const before = snapshot(dir);
    const r = lxdops(['config', 'convert', '--dry-run', 'tree'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^--- a\/tree\/alpine\/containers\/nginx-template\.yaml$/m);
    assert.match(r.stdout, /^\+\+\+ b\/tree\/alpine\/containers\/nginx-template\.yaml$/m);
    assert.match(r.stdout, /^-#lxdops$/m);
    assert.match(r.stdout, /^\+#lxops-v1$/m);
    assert.match(r.stdout, /^- {2}name: alpine$/m);
    assert.match(r.stdout, /^\+ostype: alpine$/m);
    assert.match(r.stdout, /^tree\/alpine\/containers\/nginx-template\.yaml:12: commented out `stop`: /m);
    assert.match(r.stdout, /^tree\/device\/host\.yaml:3: commented out `container`: /m);
    assert.match(
      r.stdout,
      /^dry run: nothing written \(7 to convert, 0 already #lxops-v1, 3 not lxdops configs\)$/m,
    );
    assert.deepEqual(snapshot(dir), before);
  });

  test('converts the tree in place: each file once, the mode kept, no temporary file left, dropped keys listed', () => {
    const dir = copyTree();
    const tpl = join(dir, 'tree/alpine/containers/nginx-template.yaml');
    chmodSync(tpl, 0o640);
    const before = snapshot(dir);
    const r = lxdops(['config', 'convert', 'tree'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^7 files converted, 7 keys commented out/m);
    assert.equal(r.stdout.match(/^converted /gm)?.length, 7);
    const after = snapshot(dir);
    assert.deepEqual([...after.keys()], [...before.keys()], 'no file added or removed');
    for (const [f, text] of after) {
      if (f.endsWith('.cfg')) assert.equal(text, before.get(f), f);
      else assert.ok(text.startsWith('#lxops-v1'), f);
    }
    assert.equal(statSync(tpl).mode & 0o777, 0o640);
    assert.match(after.get('tree/alpine/containers/nginx-template.yaml')!, /^ostype: alpine$/m);
    const checked = lxdops(['check', 'tree'], dir);
    assert.equal(checked.status, 0, checked.stdout);
    assert.match(checked.stdout, /^10 files checked: 0 errors, 0 warnings$/m);
  });

  test('a second run finds nothing to do and changes nothing', () => {
    const dir = copyTree();
    assert.equal(lxdops(['config', 'convert', 'tree'], dir).status, 0);
    const once = snapshot(dir);
    const r = lxdops(['config', 'convert', 'tree/alpine/containers/nginx.yaml'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^0 files converted, 0 keys commented out \(0 to convert, 6 already #lxops-v1/m);
    assert.deepEqual(snapshot(dir), once);
  });

  test('one root converts it and the files it includes', () => {
    const dir = copyTree();
    const r = lxdops(['config', 'convert', 'tree/alpine/containers/nginx.yaml'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.match(/^converted /gm)?.length, 6);
    const after = snapshot(dir);
    assert.ok(after.get('tree/alpine/containers/nginx-template.yaml')!.startsWith('#lxdops\n'));
    assert.ok(after.get('tree/device/tmp.yaml')!.startsWith('#lxops-v1\n'));
  });

  test('a file with YAML errors: reported, exit 1, and nothing is written', () => {
    const dir = copyTree();
    writeFileSync(join(dir, 'tree/device/broken.yaml'), '#lxdops\nos:\n  name: [alpine\n');
    const before = snapshot(dir);
    const r = lxdops(['config', 'convert', 'tree'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^tree\/device\/broken\.yaml:\d+: error yaml-errors: .*fix the YAML first/m);
    assert.match(r.stdout, /^1 files cannot be converted: nothing written/m);
    assert.deepEqual(snapshot(dir), before);
  });

  test('usage errors exit 2: no path, a missing path, a file that is no lxdops config', () => {
    const dir = copyTree();
    writeFileSync(join(dir, 'plain.yaml'), 'a: 1\n');
    assert.equal(lxdops(['config', 'convert'], dir).status, 2);
    const missing = lxdops(['config', 'convert', 'nope'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope: no such file or directory/);
    const plain = lxdops(['config', 'convert', 'plain.yaml'], dir);
    assert.equal(plain.status, 2);
    assert.match(plain.stderr, /plain\.yaml: not an lxdops config/);
    assert.equal(readFileSync(join(dir, 'plain.yaml'), 'utf8'), 'a: 1\n');
  });

  test('the CRLF fragment is still CRLF on disk', () => {
    const dir = copyTree();
    assert.equal(lxdops(['config', 'convert', 'tree'], dir).status, 0);
    const text = readFileSync(join(dir, 'tree/device/standard.yaml'), 'utf8');
    assert.ok(text.startsWith('#lxops-v1\r\n'));
    assert.ok(!/[^\r]\n/.test(text), JSON.stringify(text));
  });

  test('a file that cannot be written: said, exit 1, the files before it written, a second run finishes', () => {
    // in-process, so that the temporary file's name (it holds the pid) can be taken first
    const dir = copyTree();
    const root = join(dir, 'root.yaml');
    const frag = join(dir, 'frag.yaml');
    writeFileSync(root, '#lxdops\ninclude: [frag.yaml]\nstop: true\n');
    writeFileSync(frag, '#lxdops\nos:\n  name: alpine\n  image: images:alpine/3.19\n');
    const blocker = join(dir, `.root.yaml.lxdops-convert-${process.pid}.tmp`);
    writeFileSync(blocker, 'in the way');
    const lines: string[] = [];
    const status = runConfigConvert([root], {}, (s) => lines.push(s));
    assert.equal(status, 1, lines.join(''));
    assert.match(lines.join(''), /root\.yaml: cannot write: .*EEXIST/);
    assert.match(lines.join(''), /^1 of 2 files converted; run the command again to convert the rest$/m);
    assert.equal(readFileSync(frag, 'utf8'), '#lxops-v1\nostype: alpine\nimage: images:alpine/3.19\n');
    assert.ok(readFileSync(root, 'utf8').startsWith('#lxdops\n'));
    rmSync(blocker);
    assert.equal(
      runConfigConvert([root], {}, () => undefined),
      0,
    );
    // still known as the root (the fragment it includes was written first): its profile name kept
    assert.match(
      readFileSync(root, 'utf8'),
      /^#lxops-v1\n[^]*# stop: true\n[^]*^profile-pattern: \(instance\)\.lxdops$/m,
    );
  });
});

describe('writeConverted (the atomic write)', () => {
  const conversion = (file: string, text: string, output: string): FileConversion => ({
    file,
    status: 'converted',
    text,
    changes: [],
    output,
    dropped: [],
    notes: [],
    problems: [],
  });

  test('replaces the file through a temporary file beside it, keeping its mode', () => {
    const dir = copyTree();
    const f = join(dir, 'c.yaml');
    writeFileSync(f, '#lxdops\n');
    chmodSync(f, 0o600);
    writeConverted(conversion(f, '#lxdops\n', '#lxops-v1\n'));
    assert.equal(readFileSync(f, 'utf8'), '#lxops-v1\n');
    assert.equal(statSync(f).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).sort(), ['c.yaml', 'tree']);
  });

  test('a file that changed since it was read is not overwritten', () => {
    const dir = copyTree();
    const f = join(dir, 'c.yaml');
    writeFileSync(f, '#lxdops\nstop: true\n');
    assert.throws(
      () => writeConverted(conversion(f, '#lxdops\n', '#lxops-v1\n')),
      /changed while it was being converted/,
    );
    assert.equal(readFileSync(f, 'utf8'), '#lxdops\nstop: true\n');
    assert.deepEqual(readdirSync(dir).sort(), ['c.yaml', 'tree']);
  });

  test('a temporary file in the way: the write fails, the file and that temporary file are left as they are', () => {
    const dir = copyTree();
    const f = join(dir, 'c.yaml');
    writeFileSync(f, '#lxdops\n');
    const temp = join(dir, `.c.yaml.lxdops-convert-${process.pid}.tmp`);
    writeFileSync(temp, 'not ours');
    assert.throws(() => writeConverted(conversion(f, '#lxdops\n', '#lxops-v1\n')), /EEXIST/);
    assert.equal(readFileSync(f, 'utf8'), '#lxdops\n');
    assert.equal(readFileSync(temp, 'utf8'), 'not ours');
  });
});
