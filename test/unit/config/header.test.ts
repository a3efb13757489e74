import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readHeader } from '../../../core/src/document/header';
import { spanOf } from '../../helpers';

// Reference §1.1, §1.2, §1.4, §1.5: a header is the exact bytes `#lxdops` / `#cloud-config` /
// `#lxops-v1` followed by `\n`, `\r` or the end of the file.

describe('readHeader: exact headers', () => {
  const rows: { name: string; text: string; kind: 'lxdops' | 'cloud-config' | 'lxops' }[] = [
    { name: '#lxdops then LF', text: '#lxdops\nos:\n  name: alpine\n', kind: 'lxdops' },
    { name: '#lxdops then CRLF', text: '#lxdops\r\nos:\r\n  name: alpine\r\n', kind: 'lxdops' },
    { name: '#lxdops then a lone CR', text: '#lxdops\rprofiles: [default]\r', kind: 'lxdops' },
    { name: 'a file that is only #lxdops', text: '#lxdops', kind: 'lxdops' },
    { name: '#lxdops then an empty line only', text: '#lxdops\n', kind: 'lxdops' },
    { name: '#cloud-config', text: '#cloud-config\npackages: [curl]\n', kind: 'cloud-config' },
    { name: '#cloud-config with CRLF', text: '#cloud-config\r\nruncmd: []\r\n', kind: 'cloud-config' },
    { name: 'a file that is only #cloud-config', text: '#cloud-config', kind: 'cloud-config' },
    { name: '#lxops-v1 (successor format)', text: '#lxops-v1\nostype: alpine\n', kind: 'lxops' },
    { name: 'a file that is only #lxops-v1', text: '#lxops-v1', kind: 'lxops' },
  ];
  for (const r of rows) {
    test(r.name, () => {
      assert.deepEqual(readHeader(r.text), { kind: r.kind, exact: true });
    });
  }
});

describe('readHeader: near misses (rejected by upstream) with reason and span', () => {
  const BOM = '\uFEFF';
  const rows: {
    name: string;
    text: string;
    kind: 'lxdops' | 'cloud-config';
    expected: '#lxdops' | '#cloud-config';
    reason: string;
    /** The text of the line that holds the header (the span), and which occurrence. */
    line: string;
    nth?: number;
  }[] = [
    {
      name: 'UTF-8 BOM before #lxdops',
      text: `${BOM}#lxdops\nos: {}\n`,
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'starts with a byte-order mark',
      line: '#lxdops',
    },
    {
      name: 'leading blank line',
      text: '\n#lxdops\nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has blank lines before it',
      line: '#lxdops',
    },
    {
      name: 'two leading blank lines, CRLF',
      text: '\r\n\r\n#lxdops\r\nos: {}\r\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has blank lines before it',
      line: '#lxdops',
    },
    {
      name: '# lxdops (space after #)',
      text: '# lxdops\nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has a space after `#`',
      line: '# lxdops',
    },
    {
      name: '#LXDOPS (upper case)',
      text: '#LXDOPS\nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'is not in lower case',
      line: '#LXDOPS',
    },
    {
      name: '#lxdops with a trailing space',
      text: '#lxdops \nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has trailing spaces',
      line: '#lxdops ',
    },
    {
      name: '#lxdops with a trailing space, CRLF',
      text: '#lxdops \r\nos: {}\r\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has trailing spaces',
      line: '#lxdops ',
    },
    {
      name: '#lxdops # comment',
      text: '#lxdops # comment\nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has extra text after `#lxdops`',
      line: '#lxdops # comment',
    },
    {
      name: '#lxdops-v1',
      text: '#lxdops-v1\nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has extra text after `#lxdops`',
      line: '#lxdops-v1',
    },
    {
      name: '#Cloud-Config (mixed case)',
      text: '#Cloud-Config\npackages: []\n',
      kind: 'cloud-config',
      expected: '#cloud-config',
      reason: 'is not in lower case',
      line: '#Cloud-Config',
    },
    {
      name: '# cloud-config (space after #)',
      text: '# cloud-config\npackages: []\n',
      kind: 'cloud-config',
      expected: '#cloud-config',
      reason: 'has a space after `#`',
      line: '# cloud-config',
    },
    {
      name: 'leading spaces before #lxdops',
      text: '  #lxdops\nos: {}\n',
      kind: 'lxdops',
      expected: '#lxdops',
      reason: 'has spaces before it',
      line: '  #lxdops',
    },
  ];
  for (const r of rows) {
    test(r.name, () => {
      assert.deepEqual(readHeader(r.text), {
        kind: r.kind,
        exact: false,
        problem: { span: spanOf(r.text, r.line, r.nth ?? 0), expected: r.expected, reason: r.reason },
      });
    });
  }

  test('the span of a BOM near miss starts after the BOM (offset 1)', () => {
    const h = readHeader(`${BOM}#lxdops\n`);
    assert.deepEqual(h.problem?.span, { start: 1, end: 8 });
  });

  test('the span of a CRLF near miss does not include the CR', () => {
    const text = '#LXDOPS\r\nos: {}\r\n';
    assert.deepEqual(readHeader(text).problem?.span, { start: 0, end: 7 });
  });
});

describe('readHeader: not headers at all', () => {
  const rows: { name: string; text: string }[] = [
    { name: '#cloud-config-archive', text: '#cloud-config-archive\n- type: text/cloud-config\n' },
    { name: 'a YAML document marker ---', text: '---\nos: {}\n' },
    { name: 'empty text', text: '' },
    { name: 'plain YAML without a comment', text: 'os:\n  name: alpine\n' },
    { name: 'an unrelated comment', text: '# my container\nos: {}\n' },
  ];
  for (const r of rows) {
    test(r.name, () => {
      assert.deepEqual(readHeader(r.text), { kind: 'unknown', exact: false });
    });
  }
});
