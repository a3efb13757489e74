import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BLOCKER_CODES, CODES } from '../../core/src/diagnostics/codes';
import { NOTE_CODES, PROBLEM_CODES } from '../../core/src/migrate/types';

test('every diagnostic and blocker code is documented in docs/diagnostics.md with its severity', () => {
  const doc = readFileSync(join(__dirname, '../../docs/diagnostics.md'), 'utf8');
  for (const [code, info] of [...Object.entries(CODES), ...Object.entries(BLOCKER_CODES)]) {
    assert.ok(
      doc.includes(`### \`${code}\` (${info.severity})`),
      `docs/diagnostics.md lacks "### \`${code}\` (${info.severity})"`,
    );
  }
});

test('no blocker code is also a diagnostic code (a code means one thing)', () => {
  assert.deepEqual(
    Object.keys(BLOCKER_CODES).filter((c) => c in CODES),
    [],
  );
});

test('every migration note and problem code is documented in docs/diagnostics.md', () => {
  const doc = readFileSync(join(__dirname, '../../docs/diagnostics.md'), 'utf8');
  for (const code of NOTE_CODES) assert.ok(doc.includes(`### \`${code}\` (note)`), `${code} (note)`);
  for (const code of PROBLEM_CODES)
    assert.ok(doc.includes(`### \`${code}\` (not converted)`), `${code} (not converted)`);
});
