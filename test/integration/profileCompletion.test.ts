import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { positionOf, TestConnection } from '../lsp/testConnection';
import { NIC_PROFILE, requireStack, SOCKET } from './stack';

/**
 * The language server completes profile names from the real server (LXD or Incus, its socket): the first request starts a
 * background fetch and answers at once (never waits for LXD); a later request has the names.
 */
const TEXT = '#lxdops\nos: {name: alpine, image: busybox}\nprofiles:\n  - \n';

let t: TestConnection;
before(async () => {
  await requireStack();
  t = new TestConnection({ 'c1.yaml': TEXT });
  await t.start({ socket: SOCKET });
  await t.open('c1.yaml', TEXT);
});
after(() => t.dispose());

test('profile names from the local LXD, cached, never blocking', async () => {
  const params = { textDocument: { uri: t.uri('c1.yaml') }, position: positionOf(TEXT, '  - ', 4) };
  let labels: string[] = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const items =
      (await t.request<{ label: string; detail?: string }[]>('textDocument/completion', params)) ?? [];
    labels = items.map((i) => i.label);
    if (labels.includes(NIC_PROFILE)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(labels.includes('default'), `profiles offered: ${labels.join(', ')}`);
  assert.ok(labels.includes(NIC_PROFILE), `profiles offered: ${labels.join(', ')}`);
});
