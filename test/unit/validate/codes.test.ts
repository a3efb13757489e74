// Every registered diagnostic code has, in this folder, a positive test that pins its exact span
// (`at('code', …)` / `within('code', …)`) and a negative test (`only(…, 'code')` on a correct input).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODES } from '../../../core/src/diagnostics/codes';

const sources = readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.ts') && f !== 'codes.test.ts')
  .map((f) => readFileSync(join(__dirname, f), 'utf8'))
  .join('\n');

/** `only(<anything, with balanced parentheses one level deep>, 'code')`, as prettier lays it out. */
const ONLY = /\bonly\((?:[^()]|\([^()]*(?:\([^()]*\)[^()]*)*\))*?,\s*'([a-z-]+)',?\s*\)/g;

/** `deepEqual(only(…, 'code'), [])` or `deepEqual(located(only(…, 'code')), [])`. */
const NEGATIVE =
  /deepEqual\(\s*(?:located\(\s*)?only\((?:[^()]|\([^()]*(?:\([^()]*\)[^()]*)*\))*?,\s*'([a-z-]+)',?\s*\)\s*\)?,\s*\[\]/g;

const found = (re: RegExp) => new Set([...sources.matchAll(re)].map((m) => m[1]!));

test('every code of codes.ts has a positive test with an exact span', () => {
  const positive = found(/\b(?:at|within)\('([a-z-]+)'/g);
  assert.deepEqual(
    Object.keys(CODES).filter((c) => !positive.has(c)),
    [],
  );
});

test('every code of codes.ts has a negative test (`deepEqual(only(…, code), [])`)', () => {
  const negative = found(NEGATIVE);
  assert.deepEqual(
    Object.keys(CODES).filter((c) => !negative.has(c)),
    [],
  );
});

test('the tests name no code that codes.ts lacks', () => {
  const all = new Set([...found(/\b(?:at|within)\('([a-z-]+)'/g), ...found(ONLY)]);
  assert.deepEqual(
    [...all].filter((c) => !(c in CODES)),
    [],
  );
});
