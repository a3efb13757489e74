// What the extension bundle carries: it is built here in memory (as `npm run build -- --production`
// builds it) and its esbuild metafile is read. The client validates LXD records (zod/mini) but needs
// neither zod classic, nor its other locales, nor ajv, nor the checker: the server checks.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';

const REPO = join(__dirname, '../../..');

/** Bytes in the minified output per input file (paths as esbuild names them). */
async function bundleInputs(): Promise<Map<string, number>> {
  const result = await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: ['client/src/extension.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['vscode'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output!.inputs).map(([path, info]) => [path, info.bytesInOutput] as const);
  return new Map(inputs.filter(([, bytes]) => bytes > 0));
}

const matching = (inputs: Map<string, number>, pattern: RegExp) =>
  [...inputs.keys()].filter((path) => pattern.test(path));

const bytesOf = (inputs: Map<string, number>, pattern: RegExp) =>
  matching(inputs, pattern).reduce((sum, path) => sum + inputs.get(path)!, 0);

/** zod's whole share was 455 KB with the classic API; the records need about 26 KB of it. */
const ZOD_BUDGET = 40_000;

describe('client bundle', () => {
  let inputs: Map<string, number>;
  before(async () => {
    inputs = await bundleInputs();
  });

  test('validates LXD records with zod/mini', () => {
    assert.ok(matching(inputs, /core\/src\/lxd\/records\/instance\.ts$/).length === 1);
    assert.ok(matching(inputs, /node_modules\/zod\/v4\/mini\//).length > 0);
  });

  test('carries no zod classic and no locale but English', () => {
    assert.deepEqual(matching(inputs, /node_modules\/zod\/v4\/classic\//), []);
    assert.deepEqual(matching(inputs, /node_modules\/zod\/v4\/locales\/(?!en\.js$)/), []);
  });

  test(`keeps zod under ${ZOD_BUDGET} bytes`, () => {
    const zod = bytesOf(inputs, /node_modules\/zod\//);
    assert.ok(zod > 0 && zod < ZOD_BUDGET, `zod is ${zod} bytes of the bundle`);
  });

  test('carries neither ajv nor the checker nor the language server', () => {
    assert.deepEqual(matching(inputs, /node_modules\/ajv\//), []);
    assert.deepEqual(matching(inputs, /core\/src\/(check|validate|config)\//), []);
    assert.deepEqual(matching(inputs, /node_modules\/vscode-languageserver\/|server\/src\//), []);
  });
});
