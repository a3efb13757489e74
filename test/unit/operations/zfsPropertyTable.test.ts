// The property table of `zfs get`'s usage, and what it refuses: table-driven.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseZfsPropertyTable, refusal } from '../../../core/src/operations/zfsPropertyTable';
import { ZFS_FUSE_USAGE } from './world';

const table = parseZfsPropertyTable(ZFS_FUSE_USAGE);

test('the rows of the usage are read; the header row is not a property', () => {
  assert.deepEqual([...table.keys()], ['available', 'atime', 'compression', 'dedup', 'quota', 'sharenfs']);
});

const cases: { key: string; value: string; refused: RegExp | undefined }[] = [
  { key: 'compression', value: 'lz4', refused: /accepts compression: on \| off .*not `lz4`/ },
  { key: 'compression', value: 'gzip-9', refused: undefined },
  { key: 'compression', value: 'gzip-10', refused: /not `gzip-10`/ },
  { key: 'compression', value: 'zle', refused: undefined },
  { key: 'dedup', value: 'sha256,verify', refused: undefined },
  { key: 'dedup', value: 'sha256', refused: undefined },
  { key: 'dedup', value: 'sha512', refused: /not `sha512`/ },
  { key: 'quota', value: '10G', refused: undefined },
  { key: 'sharenfs', value: 'rw=@10.0.0.0/8', refused: undefined },
  { key: 'available', value: '1G', refused: /read-only/ },
  { key: 'compresion', value: 'on', refused: /no property `compresion`/ },
  { key: 'lxdops:owner', value: 'anything at all', refused: undefined },
  { key: 'userquota@bob', value: '1G', refused: undefined },
];

for (const c of cases)
  test(`${c.key}=${c.value}: ${c.refused ? 'refused' : 'accepted'}`, () => {
    const why = refusal(table, c.key, c.value);
    if (c.refused) assert.match(why ?? '', c.refused);
    else assert.equal(why, undefined);
  });

test('text without a property table gives an empty table (the caller then checks nothing, and says so)', () => {
  assert.equal(parseZfsPropertyTable('zfs: command not found\n').size, 0);
});
