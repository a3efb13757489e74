// readHeader on `#lxops-v1` and its near misses (reference lxops-successor §1.2, lxdops-format §1.5).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isConfigKind, readHeader } from '../../../core/src/document/header';
import { spanOf } from '../../helpers';

describe('readHeader: #lxops-v1 near misses', () => {
  const rows: [name: string, text: string, line: string, reason: string][] = [
    ['a BOM', '\uFEFF#lxops-v1\n', '#lxops-v1', 'starts with a byte-order mark'],
    ['a blank line first', '\n#lxops-v1\n', '#lxops-v1', 'has blank lines before it'],
    ['spaces first', '  #lxops-v1\n', '  #lxops-v1', 'has spaces before it'],
    ['a space after #', '# lxops-v1\n', '# lxops-v1', 'has a space after `#`'],
    ['upper case', '#LXOPS-V1\n', '#LXOPS-V1', 'is not in lower case'],
    ['a trailing space', '#lxops-v1 \n', '#lxops-v1 ', 'has trailing spaces'],
    ['a comment after it', '#lxops-v1 # x\n', '#lxops-v1 # x', 'has extra text after `#lxops-v1`'],
    ['no version', '#lxops\n', '#lxops', 'has no version: lxops reads `#lxops-v1`'],
    [
      'version 2',
      '#lxops-v2\n',
      '#lxops-v2',
      'names version `v2`, which lxops does not read (it reads `#lxops-v1`)',
    ],
  ];
  for (const [name, text, line, reason] of rows)
    test(name, () => {
      assert.deepEqual(readHeader(text), {
        kind: 'lxops',
        exact: false,
        problem: { span: spanOf(text, line), expected: '#lxops-v1', reason },
      });
    });

  test('not near misses: #lxopsx, #lxops-v1x, #lxdops-v1 (an lxdops near miss, as before)', () => {
    assert.equal(readHeader('#lxopsx\n').kind, 'unknown');
    assert.equal(readHeader('#lxops-v1x\n').kind, 'unknown');
    assert.equal(readHeader('#lxdops-v1\n').kind, 'lxdops');
  });

  test('isConfigKind: both config kinds, nothing else', () => {
    assert.deepEqual(
      ['lxdops', 'lxops', 'cloud-config', 'unknown', 'missing', undefined].map((k) => isConfigKind(k)),
      [true, true, false, false, false, false],
    );
  });
});
