// The seeded mutation fuzzer against the language server, over the in-memory LSP connection: each
// mutant is a didChange of an open document of a real workspace, then completion, hover and the
// outline at random positions. Every request must be answered, without an error logged by the
// server's request guard, within the bound.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestConnection } from '../lsp/testConnection';
import { loadCorpus } from './corpus';
import { mutate } from './mutate';
import { intBelow, mutantRandom, pick } from './prng';
import { FUZZ, indexes } from './settings';

const workspace = loadCorpus().find((w) => w.name === 'examples')!;
const docs = Object.keys(workspace.files).sort();
let t: TestConnection;
const logged: string[] = [];

before(async () => {
  t = new TestConnection(workspace.files);
  // the server's request guard logs what it caught: a caught throw is a crash of that request
  t.client.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) logged.push(p.message);
  });
  await t.start();
  for (const d of docs) await t.open(d, workspace.files[d], d.endsWith('.cfg') ? 'cloud-config' : 'lxdops');
});
after(() => t.dispose());

/** The request's answer, or an error naming it when it takes longer than the bound. */
async function answered<R>(what: string, request: Promise<R>): Promise<R> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${FUZZ.boundMs} ms`)), FUZZ.boundMs);
  });
  try {
    const r = await Promise.race([request, late]);
    const ms = performance.now() - started;
    if (ms > FUZZ.boundMs) throw new Error(`${what}: answered after ${ms.toFixed(0)} ms`);
    return r;
  } finally {
    clearTimeout(timer);
  }
}

function positionIn(text: string, random: () => number): { line: number; character: number } {
  const lines = text.split('\n');
  const line = intBelow(random, lines.length + 1);
  return { line, character: intBelow(random, (lines[line]?.length ?? 0) + 2) };
}

test(`language server: ${FUZZ.only ?? FUZZ.lspCount} mutated edits, every request answered within ${FUZZ.boundMs} ms`, async () => {
  const texts = new Map(docs.map((d) => [d, workspace.files[d]!]));
  const failures: string[] = [];
  for (const index of indexes(FUZZ.lspCount)) {
    const random = mutantRandom(FUZZ.seed ^ 0x5eed, index);
    const doc = pick(random, docs);
    // edits pile up, as typing does; every 25th edit of a document starts again from the original
    const base = index % 25 === 0 ? workspace.files[doc]! : texts.get(doc)!;
    const { text, applied } = mutate(base, random);
    texts.set(doc, text);
    const uri = t.uri(doc);
    const where = `mutant #${index} of seed ${FUZZ.seed} (${doc}: ${applied.join(', ')})`;
    const before = logged.length;
    try {
      await t.change(doc, text);
      const position = positionIn(text, random);
      await answered(
        `completion, ${where}`,
        t.request('textDocument/completion', { textDocument: { uri }, position }),
      );
      await answered(
        `hover, ${where}`,
        t.request('textDocument/hover', { textDocument: { uri }, position: positionIn(text, random) }),
      );
      await answered(
        `documentSymbol, ${where}`,
        t.request('textDocument/documentSymbol', { textDocument: { uri } }),
      );
    } catch (e) {
      failures.push(`${(e as Error).message}\n  input: ${JSON.stringify(text.slice(0, 1500))}`);
    }
    if (logged.length > before)
      failures.push(
        `${where}: the server logged ${logged[before]!.split('\n')[0]}\n  input: ${JSON.stringify(text.slice(0, 1500))}`,
      );
    if (failures.length >= 3) break;
  }
  assert.deepEqual(failures, []);
  // and the server is still sane: the original texts give the examples' clean diagnostics back
  for (const d of docs) await t.change(d, workspace.files[d]!);
  const clean = await answered(
    'diagnostics after restore',
    t.diagnostics(docs[0]!, (x) => x.every((y) => y.severity !== 1)),
  );
  assert.ok(clean.every((x) => x.severity !== 1));
});
