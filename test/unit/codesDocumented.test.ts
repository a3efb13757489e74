import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CODES } from '../../core/src/diagnostics/codes';

test('every diagnostic code is documented in docs/diagnostics.md with its severity', () => {
  const doc = readFileSync(join(__dirname, '../../docs/diagnostics.md'), 'utf8');
  for (const [code, info] of Object.entries(CODES)) {
    assert.ok(
      doc.includes(`### \`${code}\` (${info.severity})`),
      `docs/diagnostics.md lacks "### \`${code}\` (${info.severity})"`,
    );
  }
});
