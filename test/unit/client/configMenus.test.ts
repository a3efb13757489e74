// The Configs view's item menus (package.json) per config state: the `viewItem =~ /…/` of each
// entry is matched against the contextValue the config node sets (NODE_TYPES.config + stateKey).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { NODE_TYPES } from '../../../client/src/explorer/nodeTypes';

interface MenuEntry {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};

/** The commands that the Configs view offers on a config node of that state key. */
function commandsFor(key: string): Set<string> {
  const contextValue = `${NODE_TYPES.config}.${key}`;
  const out = new Set<string>();
  for (const entry of manifest.contributes.menus['view/item/context'] ?? []) {
    const when = entry.when ?? '';
    const pattern = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
    if (!when.includes('view == lxdops.configs') || !pattern) continue;
    if (new RegExp(pattern[1]!).test(contextValue)) out.add(entry.command);
  }
  return out;
}

describe('Configs view menus', () => {
  test('Clean Up… is offered on configure failed, as on partially created and unreachable', () => {
    for (const key of ['failed', 'partial', 'unreachable'])
      assert.ok(commandsFor(key).has('lxdops.cleanup'), key);
  });

  test('Clean Up… is not offered on a finished launch or on nothing', () => {
    for (const key of ['running', 'stopped', 'absent', 'invalid'])
      assert.equal(commandsFor(key).has('lxdops.cleanup'), false, key);
  });

  test('configure failed still offers Retry next to Clean Up…', () => {
    assert.ok(commandsFor('failed').has('lxdops.retry'));
  });

  test('Adopt Filesystems… is offered on a config in every state (existing data may be there before any launch)', () => {
    for (const key of ['running', 'stopped', 'failed', 'partial', 'unreachable', 'absent', 'invalid'])
      assert.ok(commandsFor(key).has('lxdops.adopt'), key);
  });
});
