// The Fleet view's and the Instances view's menus for the fleet (package.json): each `viewItem =~
// /…/` or `viewItem == …` is matched against the contextValue the nodes set, and the confirmation
// lines of Upgrade Fleet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { NODE_TYPES } from '../../../client/src/explorer/nodeTypes';
import { upgradeLines } from '../../../client/src/model/fleetUpgradeLines';

interface MenuEntry {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]>; views: Record<string, { id: string }[]> };
};

/** The commands a node of that contextValue offers in the view. */
function commandsFor(view: string, contextValue: string): Set<string> {
  const out = new Set<string>();
  for (const entry of manifest.contributes.menus['view/item/context'] ?? []) {
    const when = entry.when ?? '';
    if (!when.includes(`view == ${view}`)) continue;
    const pattern = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
    const equal = /viewItem == (\S+)/.exec(when);
    if (pattern ? new RegExp(pattern[1]!).test(contextValue) : equal?.[1] === contextValue)
      out.add(entry.command);
  }
  return out;
}

const clone = (state: string, kept = false) =>
  `${NODE_TYPES.fleetClone}.${state}${kept ? NODE_TYPES.withKept : ''}`;

describe('Fleet menus', () => {
  test('the Fleet view is in the LXD container beside Instances and Configs', () => {
    assert.deepEqual(
      manifest.contributes.views['lxdops']!.map((v) => v.id),
      ['lxdops.instances', 'lxdops.configs', 'lxdops.fleet'],
    );
  });

  test('Upgrade Fleet is offered on a template with a config, not on one without', () => {
    assert.ok(
      commandsFor('lxdops.fleet', `${NODE_TYPES.fleetTemplate}${NODE_TYPES.withConfig}`).has(
        'lxdops.upgradeFleet',
      ),
    );
    assert.equal(commandsFor('lxdops.fleet', NODE_TYPES.fleetTemplate).has('lxdops.upgradeFleet'), false);
  });

  test('Revert Last Rebuild and Clean Up… only on clones with kept containers (and on the kept ones)', () => {
    for (const state of ['current', 'stale', 'failed', 'reverted']) {
      const kept = commandsFor('lxdops.fleet', clone(state, true));
      assert.ok(kept.has('lxdops.revert') && kept.has('lxdops.cleanup'), state);
      const none = commandsFor('lxdops.fleet', clone(state));
      assert.equal(none.has('lxdops.revert') || none.has('lxdops.cleanup'), false, state);
    }
    const keptNode = commandsFor('lxdops.fleet', NODE_TYPES.fleetKept);
    assert.ok(keptNode.has('lxdops.revert') && keptNode.has('lxdops.cleanup'));
  });

  test('a clone not created offers Launch, not Rebuild', () => {
    const items = commandsFor('lxdops.fleet', clone('not-created'));
    assert.ok(items.has('lxdops.launch'));
    assert.equal(items.has('lxdops.rebuild'), false);
  });

  test('Instances view: an instance with kept containers keeps its menus and gains Revert', () => {
    const kept = `${NODE_TYPES.instanceRunning}${NODE_TYPES.withKept}${NODE_TYPES.withConfig}`;
    const items = commandsFor('lxdops.instances', kept);
    for (const c of ['lxdops.revert', 'lxdops.cleanup', 'lxdops.rebuild', 'lxdops.stop', 'lxdops.destroy'])
      assert.ok(items.has(c), c);
    const plain = commandsFor('lxdops.instances', `${NODE_TYPES.instanceRunning}${NODE_TYPES.withConfig}`);
    assert.equal(plain.has('lxdops.revert'), false);
  });
});

describe('Upgrade Fleet confirmation', () => {
  test('lists every clone, what is deleted, what is kept and what is left alone', () => {
    const lines = upgradeLines({
      id: '1',
      blockers: [],
      planText: '',
      clones: [
        {
          uri: 'file:///a.yaml',
          instance: 'a',
          host: 'local',
          outline: ['x', 'y'],
          destructive: ['delete container a'],
        },
        { uri: 'file:///b.yaml', instance: 'b', host: 'local', outline: ['x'], destructive: [] },
      ],
      skipped: [{ instance: 'c', host: 'local', reason: 'current' }],
      kept: ['a, b: the old containers, stopped, until Clean Up (retention 1)'],
      notes: ['note'],
    });
    assert.deepEqual(lines, [
      'Rebuilt (2):',
      '• a on local: 2 steps',
      '• b on local: 1 step',
      'Deleted or overwritten:',
      '  ✗ a: delete container a',
      'Kept:',
      '  ↺ a, b: the old containers, stopped, until Clean Up (retention 1)',
      'Left as they are:',
      '  – c on local: current',
      'note',
    ]);
  });

  test('says that nothing is kept when the server keeps nothing', () => {
    const lines = upgradeLines({
      id: '1',
      blockers: [],
      planText: '',
      clones: [],
      skipped: [],
      kept: [],
      notes: [],
    });
    assert.deepEqual(lines, ['Rebuilt (0):', 'Kept: nothing']);
  });
});
