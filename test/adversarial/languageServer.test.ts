// Issue 9, "One 18-byte file kills the language server": the built server in its own process, on a
// workspace where every hostile file is present from the start (the server died at every start
// when one merely lay in the workspace). Each file, opened, gets its diagnostic within a generous
// bound; the server then still answers for another document; at the end it is alive, logged no
// error, and its peak memory stayed far below what the findings took (2.2 GB for one long key).
// test/lsp/robustness.test.ts and test/unit/validate/robustness.test.ts hold the exact ranges.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { ServerProcess } from './serverProcess';

/** A generous bound, not a measurement: the findings took 100 s or never answered. */
const BOUND_MS = 5000;
const PEAK_MEMORY = 1024 * 1024 * 1024;

const OS = 'os: {name: alpine, image: busybox}';
const nest = (n: number, open: string, close: string) => `${open.repeat(n)}x${close.repeat(n)}`;
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
  .concat('bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`))
  .join('\n');

/** File → the code its diagnostics must hold (and, for long keys, no suggestion). */
const HOSTILE: Record<string, { text: string; code: string }> = {
  'alias.yaml': { text: '#lxdops\nx: &a [*a]\n', code: 'alias-cycle' },
  'deep-flow.yaml': { text: `#lxdops\nx: ${nest(10_000, '[', ']')}\n`, code: 'nesting-too-deep' },
  'deep-block.yaml': {
    text: `#lxdops\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} leaf\n`,
    code: 'nesting-too-deep',
  },
  'long-key.yaml': { text: `#lxdops\n${OS}\n? ${'k'.repeat(8000)}\n: v\n`, code: 'unknown-key' },
  'scalar-key.yaml': { text: `#lxdops\n${OS}\n? ${'x'.repeat(500_000)}\n: v\n`, code: 'unknown-key' },
  'scalar-value.yaml': {
    text: `#lxdops\n${OS}\nfilesystems:\n  h: {pattern: "${'x'.repeat(500_000)}"}\n`,
    code: 'invalid-dataset-name',
  },
  'bomb.yaml': { text: `#lxdops\n${bomb}\n`, code: 'alias-limit' },
};

/** Resolves with `p`, or fails naming `what` when it takes longer than the bound. */
async function bounded<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)), BOUND_MS);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('adversarial: the language server survives a hostile workspace (real server process)', () => {
  let server: ServerProcess;
  let folder = '';
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'adv-lsp-'));
    writeFileSync(join(folder, 'web.yaml'), `#lxdops\n${OS}\n`);
    for (const [name, { text }] of Object.entries(HOSTILE)) writeFileSync(join(folder, name), text);
    server = new ServerProcess(folder);
    await bounded('initialize', server.start());
  });
  after(() => {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** The server answers for the healthy document: its (empty) diagnostics, a hover and its outline. */
  async function stillAnswers(after: string): Promise<void> {
    const uri = server.uri('web.yaml');
    await bounded(
      `hover of web.yaml after ${after}`,
      server.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } }),
    );
    await bounded(
      `outline of web.yaml after ${after}`,
      server.request('textDocument/documentSymbol', { textDocument: { uri } }),
    );
    assert.ok(server.alive, `the server process is alive after ${after}\n${server.stderr}`);
  }

  test('with every hostile file in the workspace from the start, a healthy config is checked: no problem', async () => {
    await server.open('web.yaml');
    assert.deepEqual(
      await bounded(
        'diagnostics of web.yaml',
        server.diagnostics('web.yaml', () => true),
      ),
      [],
    );
    await stillAnswers('the start');
  });

  for (const [name, { code }] of Object.entries(HOSTILE)) {
    test(`${name}: opened, it is ${code} within ${BOUND_MS / 1000} s, and the server still answers for another document`, async () => {
      await server.open(name);
      const found = await bounded(
        `diagnostics of ${name}`,
        server.diagnostics(name, (d: Diagnostic[]) => d.some((x) => x.code === code)),
      );
      if (code === 'unknown-key')
        for (const d of found.filter((x) => x.code === code))
          assert.doesNotMatch(String(d.message), /did you mean/);
      await stillAnswers(name);
    });
  }

  test(`at the end: alive, no error logged, peak memory below ${PEAK_MEMORY / 1024 ** 3} GB`, () => {
    assert.ok(server.alive, server.stderr);
    assert.deepEqual(server.loggedErrors, []);
    const peak = server.peakMemory();
    assert.ok(peak < PEAK_MEMORY, `peak resident memory ${(peak / 1024 ** 2).toFixed(0)} MB`);
  });
});
