import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { FILES } from './fixtureWorkspace';
import { TestConnection } from './testConnection';

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '\n',
  ':',
  ': ',
  '- ',
  '  ',
  '\t',
  '(',
  ')',
  '((',
  '(fsroot)',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '*a',
  '&a ',
  '<<: *a\n',
  '#',
  '---\n',
  '? ',
  '|\n',
  '>-\n',
  'include: [x.yaml]\n',
  'filesystems:\n  h:\n',
  'devices:\n',
  '~',
  'null',
  'yes',
  '0o777',
  '\u0000',
  '\u0007',
  '\ufffd',
  '\ud800',
  '\r',
  '\r\n',
  'é',
  '日本',
];

function mutate(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.35) return text.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + text.slice(at);
  if (r < 0.6) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12)));
  if (r < 0.75) {
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    lines.splice(i, 0, lines[Math.floor(rnd() * lines.length)] ?? '');
    return lines.join('\n');
  }
  if (r < 0.85) return text.slice(0, at);
  if (r < 0.95)
    return (
      text.slice(0, at) +
      String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(rnd() * 256))) +
      text.slice(at)
    );
  return text.split('').reverse().join('').slice(0, 200);
}

/** Every request must be answered within a second: a hang is a failure, not a slow pass. */
async function answered<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within 1 s`)), 1000);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('LSP robustness', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({
      ...FILES,
      'cycle/a.yaml': '#lxdops\ninclude: [b.yaml]\n',
      'cycle/b.yaml': '#lxdops\ninclude: [a.yaml]\n',
      'weird/uses-dir.yaml':
        '#lxdops\ninclude: [adir.yaml, fifo.yaml]\nos: {name: alpine, image: x}\ncloud-config-files: [adir.yaml]\n',
    });
    mkdirSync(t.path('weird/adir.yaml'));
    execFileSync('mkfifo', [t.path('weird/fifo.yaml')]);
    await t.start();
  });
  after(() => t.dispose());

  test('2,000 mutated documents: no crash, every request answered within 1 s', async () => {
    const rnd = prng(20261125);
    const docs = ['containers/web.yaml', 'fragments/devices.yaml', 'cloud/base.cfg'] as const;
    const texts = new Map<string, string>(docs.map((d) => [d, FILES[d]]));
    for (const d of docs) await t.open(d, FILES[d], d.endsWith('.cfg') ? 'cloud-config' : 'lxdops');
    for (let i = 0; i < 2000; i++) {
      const doc = docs[i % docs.length]!;
      const next = i % 60 === 0 ? FILES[doc] : mutate(texts.get(doc)!, rnd);
      texts.set(doc, next);
      await t.change(doc, next);
      const uri = t.uri(doc);
      const lines = next.split('\n');
      const line = Math.floor(rnd() * (lines.length + 1));
      const position = { line, character: Math.floor(rnd() * ((lines[line]?.length ?? 0) + 2)) };
      const td = { textDocument: { uri }, position };
      const which = i % 6;
      if (which === 0) await answered(`completion #${i}`, t.request('textDocument/completion', td));
      if (which === 1) await answered(`hover #${i}`, t.request('textDocument/hover', td));
      if (which === 2) await answered(`definition #${i}`, t.request('textDocument/definition', td));
      if (which === 3)
        await answered(`symbols #${i}`, t.request('textDocument/documentSymbol', { textDocument: { uri } }));
      if (which === 4)
        await answered(
          `code actions #${i}`,
          t.request('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: position },
            context: { diagnostics: [] },
          }),
        );
      if (which === 5)
        await answered(
          `references #${i}`,
          t.request('textDocument/references', { ...td, context: { includeDeclaration: true } }),
        );
    }
    // the server is still sane: restoring the texts restores clean diagnostics
    for (const d of docs) await t.change(d, FILES[d]);
    assert.deepEqual(
      await answered(
        'diagnostics after restore',
        t.diagnostics('containers/web.yaml', (x) => x.length === 0),
      ),
      [],
    );
  });

  test('a 5 MB file, 500-deep nesting, binary bytes: answered, with a clear diagnostic where it applies', async () => {
    const big = `#lxdops\ndescription: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
    await t.open('weird/big.yaml', big);
    const d = await answered(
      '5 MB diagnostics',
      t.diagnostics('weird/big.yaml', (x) => x.length > 0),
    );
    assert.deepEqual(
      d.map((x) => x.code),
      ['file-too-large'],
    );
    await answered(
      '5 MB hover',
      t.request('textDocument/hover', {
        textDocument: { uri: t.uri('weird/big.yaml') },
        position: { line: 1, character: 3 },
      }),
    );

    let deep = '#lxdops\nfilesystems:\n';
    for (let i = 0; i < 500; i++) deep += `${'  '.repeat(i + 1)}k${i}:\n`;
    await t.open('weird/deep.yaml', deep);
    await answered(
      'deep diagnostics',
      t.diagnostics('weird/deep.yaml', (x) => x.length > 0),
    );
    await answered(
      'deep symbols',
      t.request('textDocument/documentSymbol', { textDocument: { uri: t.uri('weird/deep.yaml') } }),
    );
    await answered(
      'deep completion',
      t.request('textDocument/completion', {
        textDocument: { uri: t.uri('weird/deep.yaml') },
        position: { line: 400, character: 801 },
      }),
    );

    const binary = `#lxdops\n${String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))}`;
    await t.open('weird/binary.yaml', binary);
    await answered(
      'binary diagnostics',
      t.diagnostics('weird/binary.yaml', (x) => x.length > 0),
    );
  });

  test('include cycles, a folder and a FIFO where files are expected: clear errors, no hang', async () => {
    await t.open('weird/uses-dir.yaml');
    const d = await answered(
      'diagnostics',
      t.diagnostics('weird/uses-dir.yaml', (x) => x.length >= 2),
    );
    assert.deepEqual(d.map((x) => x.code).sort(), ['file-unreadable', 'file-unreadable', 'file-unreadable']);
    await t.open('cycle/a.yaml');
    const cyc = await answered(
      'cycle diagnostics',
      t.diagnostics('cycle/b.yaml', (x) => x.some((y) => y.code === 'include-cycle')),
    );
    assert.ok(cyc.some((x) => x.code === 'include-cycle'));
  });
});

describe('LSP robustness: the 18-byte alias file of issue 9', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({ ...FILES, 'weird/alias.yaml': '#lxdops\nx: &a [*a]\n' });
    await t.start();
  });
  after(() => t.dispose());

  test('only present in the workspace, it does not take the server down; opened, it is alias-cycle', async () => {
    await t.open('containers/web.yaml');
    await answered(
      'diagnostics of another file',
      t.diagnostics('containers/web.yaml', (x) => x.length === 0),
    );
    await t.open('weird/alias.yaml');
    const d = await answered(
      'alias diagnostics',
      t.diagnostics('weird/alias.yaml', (x) => x.length > 0),
    );
    assert.deepEqual(
      d.map((x) => [x.code, x.range.start.line, x.range.start.character]),
      [['alias-cycle', 1, 7]],
    );
    const uri = t.uri('weird/alias.yaml');
    await answered(
      'hover',
      t.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 8 } }),
    );
    await answered(
      'completion',
      t.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 8 } }),
    );
    await answered('symbols', t.request('textDocument/documentSymbol', { textDocument: { uri } }));
  });
});
