// Headers (reference lxdops-format §1.1, §1.4, §1.5), YAML syntax and unreadable files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles } from '../../../core/src/check/checkFiles';
import { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import type { FileSystem, ReadResult } from '../../../core/src/fs/fileSystem';
import { at, check, located, only } from '../../helpers';
import { applyEdit, CLEAN, cc, lx, OS } from './fixtures';

const BODY = `${OS.join('\n')}\n`;

describe('header: #lxdops', () => {
  test('a correct config has no diagnostics at all', () => {
    const r = check({ '/ws/web.yaml': CLEAN });
    assert.deepEqual(located(r.diagnostics), []);
  });

  for (const [name, text] of [
    ['LF', `#lxdops\n${BODY}`],
    ['CRLF', `#lxdops\r\n${BODY.replace(/\n/g, '\r\n')}`],
    ['header only, no newline', '#lxdops'],
  ] as const) {
    test(`accepted: ${name}`, () => {
      const r = check({ '/ws/web.yaml': text });
      assert.deepEqual(only(r.diagnostics, 'header'), []);
      assert.deepEqual(r.roots, ['/ws/web.yaml']);
    });
  }

  // Every first line that reference §1.1 rejects; needle = the text the diagnostic must cover.
  const nearMisses: [string, string, string][] = [
    ['a UTF-8 BOM', '\ufeff#lxdops', '#lxdops'],
    ['a leading blank line', '\n#lxdops', '#lxdops'],
    ['leading spaces', '  #lxdops', '  #lxdops'],
    ['`# lxdops`', '# lxdops', '# lxdops'],
    ['`#LXDOPS`', '#LXDOPS', '#LXDOPS'],
    ['a trailing space', '#lxdops ', '#lxdops '],
    ['`#lxdops-v1`', '#lxdops-v1', '#lxdops-v1'],
    ['`#lxdops # comment`', '#lxdops # comment', '#lxdops # comment'],
  ];
  for (const [name, first, needle] of nearMisses) {
    test(`rejected: ${name}, at the header line, with a fix that makes it exact`, () => {
      const text = `${first}\n${BODY}`;
      const r = check({ '/ws/web.yaml': text });
      const headers = only(r.diagnostics, 'header');
      assert.deepEqual(located(headers), [at('header', '/ws/web.yaml', text, needle)]);
      const fix = headers[0]!.fixes?.[0];
      assert.ok(fix, 'a header near miss offers a fix');
      assert.equal(applyEdit(text, fix), `#lxdops\n${BODY}`);
    });
  }

  test('a near miss is still checked as an lxdops config (keys, rules)', () => {
    const text = `#LXDOPS\n${BODY}profile: [default]\n`;
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(located(only(r.diagnostics, 'unknown-key')), [
      at('unknown-key', '/ws/web.yaml', text, 'profile'),
    ]);
  });

  test('an lxops `#lxops-v1` file is a config of its own kind (no header diagnostic, a root)', () => {
    const text = `#lxops-v1\nostype: alpine\n`;
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(only(r.diagnostics, 'header'), []);
    assert.deepEqual(r.roots, ['/ws/web.yaml']);
  });

  test('a file with no header: header at the first line', () => {
    const text = BODY;
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(located(only(r.diagnostics, 'header')), [at('header', '/ws/web.yaml', text, 'os:')]);
  });

  test('a CRLF file with no header: the span is the first line without its \\r', () => {
    const text = BODY.replace(/\n/g, '\r\n');
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(located(only(r.diagnostics, 'header')), [at('header', '/ws/web.yaml', text, 'os:')]);
  });

  test('an empty file: header at offset 0', () => {
    const r = check({ '/ws/web.yaml': '' });
    assert.deepEqual(located(only(r.diagnostics, 'header')), [at('header', '/ws/web.yaml', '', '')]);
  });

  test('a header-less file that a config includes gets ONE header diagnostic (plus include-not-lxdops at the entry)', () => {
    const root = lx(...OS, 'include: [frag.yaml]');
    const frag = 'profiles: [a]\n';
    const r = check({ '/ws/web.yaml': root, '/ws/frag.yaml': frag });
    assert.deepEqual(located(only(r.diagnostics, 'include-not-lxdops')), [
      at('include-not-lxdops', '/ws/web.yaml', root, 'frag.yaml'),
    ]);
    assert.deepEqual(located(only(r.diagnostics, 'header')), [
      at('header', '/ws/frag.yaml', frag, 'profiles: [a]'),
    ]);
  });

  test('a header-less file listed in cloud-config-files gets ONE header diagnostic', () => {
    const root = lx(...OS, 'cloud-config-files: [motd.cfg]');
    const motd = 'write_files:\n- path: /etc/motd\n  content: hi\n';
    const r = check({ '/ws/web.yaml': root, '/ws/motd.cfg': motd });
    assert.deepEqual(located(only(r.diagnostics, 'header')), [
      at('header', '/ws/motd.cfg', motd, 'write_files:'),
    ]);
  });
});

describe('yaml-syntax', () => {
  test('at the offending token', () => {
    const text = lx(...OS, 'profiles: [a, b]]');
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(located(only(r.diagnostics, 'yaml-syntax')), [
      at('yaml-syntax', '/ws/web.yaml', text, ']', 1),
    ]);
  });

  test('a tab used as indentation, at the tab', () => {
    const text = lx('os:', '\tname: alpine');
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(located(only(r.diagnostics, 'yaml-syntax')), [
      at('yaml-syntax', '/ws/web.yaml', text, '\t'),
    ]);
  });

  test('in a cloud-config file', () => {
    const text = cc('packages: [a, b]]');
    const r = check({ '/ws/a.cfg': text });
    assert.deepEqual(located(only(r.diagnostics, 'yaml-syntax')), [
      at('yaml-syntax', '/ws/a.cfg', text, ']', 1),
    ]);
  });

  test('an unterminated flow list at the end of the file: the span stays inside the file', () => {
    const text = lx(...OS, 'profiles: [a');
    const r = check({ '/ws/web.yaml': text });
    const errs = only(r.diagnostics, 'yaml-syntax');
    assert.equal(errs.length, 1);
    assert.ok(
      errs[0]!.span.start <= text.length && errs[0]!.span.end <= text.length,
      `span ${JSON.stringify(errs[0]!.span)} beyond ${text.length}`,
    );
  });

  test('not reported for correct files', () => {
    const r = check({
      '/ws/web.yaml': CLEAN,
      '/ws/a.cfg': cc('timezone: UTC', 'runcmd:', '- [echo, "a: b"]'),
    });
    assert.deepEqual(only(r.diagnostics, 'yaml-syntax'), []);
  });
});

describe('file-unreadable', () => {
  /** A file system where some paths exist but cannot be read. */
  const fsWith = (files: Record<string, string>, unreadable: string[]): FileSystem => ({
    read: (p: string): ReadResult =>
      files[p] !== undefined
        ? { ok: true, text: files[p]! }
        : unreadable.includes(p)
          ? { ok: false, reason: 'unreadable', message: `${p}: permission denied` }
          : { ok: false, reason: 'not-found', message: `${p}: no such file` },
  });

  test('a path given to check that cannot be read, at offset 0 of that path', () => {
    const r = checkFiles(['/ws/gone.yaml'], new ConfigWorkspace(fsWith({}, [])));
    assert.deepEqual(located(only(r.diagnostics, 'file-unreadable')), [
      at('file-unreadable', '/ws/gone.yaml', '', ''),
    ]);
  });

  test('an include and a cloud-config file that exist but cannot be read, at their entries', () => {
    const root = lx(...OS, 'include: [secret.yaml]', 'cloud-config-files: [secret.cfg]');
    const fs = fsWith({ '/ws/web.yaml': root }, ['/ws/secret.yaml', '/ws/secret.cfg']);
    const r = checkFiles(['/ws/web.yaml'], new ConfigWorkspace(fs));
    assert.deepEqual(located(only(r.diagnostics, 'file-unreadable')), [
      at('file-unreadable', '/ws/web.yaml', root, 'secret.yaml'),
      at('file-unreadable', '/ws/web.yaml', root, 'secret.cfg'),
    ]);
    assert.deepEqual(only(r.diagnostics, 'include-not-found'), []);
    assert.deepEqual(only(r.diagnostics, 'cloud-config-not-found'), []);
  });

  test('not reported when every file can be read', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [frag.yaml]', 'cloud-config-files: [a.cfg]'),
      '/ws/frag.yaml': lx(),
      '/ws/a.cfg': cc(),
    });
    assert.deepEqual(only(r.diagnostics, 'file-unreadable'), []);
  });
});

describe('file-too-large', () => {
  const big = (header: string, mb: number) =>
    `${header}\n${BODY}properties:\n${Array.from({ length: Math.ceil((mb * 1024 * 1024) / 80) }, (_, i) => `  k${String(i).padStart(6, '0')}: ${'v'.repeat(66)}\n`).join('')}`;

  test('a 3 MB config: one warning at the start of the file, and nothing else (it is not checked)', () => {
    const text = big('#lxdops', 3);
    const r = check({ '/ws/web.yaml': text });
    assert.deepEqual(located(r.diagnostics), [at('file-too-large', '/ws/web.yaml', text, '')]);
    assert.equal(r.diagnostics[0]!.severity, 'warning');
  });

  test('a 3 MB cloud-config file listed by a config: one warning in it', () => {
    const text = big('#cloud-config', 3);
    const r = check({ '/ws/web.yaml': lx(...OS, 'cloud-config-files: [big.cfg]'), '/ws/big.cfg': text });
    assert.deepEqual(located(r.diagnostics), [at('file-too-large', '/ws/big.cfg', text, '')]);
  });

  test('not reported for a 1 MB file', () => {
    const r = check({ '/ws/web.yaml': big('#lxdops', 1) });
    assert.deepEqual(only(r.diagnostics, 'file-too-large'), []);
  });
});
