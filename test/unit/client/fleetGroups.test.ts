// The Fleet view's shape (client/src/model/fleetGroups.ts): template → snapshots → the clones built
// from each, by the snapshot's identity, not its name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FleetClone, FleetTemplate } from '../../../core/src/fleet/fleetTypes';
import { snapshotGroups, staleCount } from '../../../client/src/model/fleetGroups';

const OLD = { name: 'base', id: '2026-12-01T10:00:00Z' };
const NEW = { name: 'base', id: '2026-12-02T10:00:00Z' };
const V2 = { name: 'v2', id: '2026-12-02T11:00:00Z' };

function clone(instance: string, o: Partial<FleetClone> = {}): FleetClone {
  return {
    config: `file:///ws/${instance}.yaml`,
    instance,
    host: 'local',
    state: 'current',
    builtFrom: { snapshot: NEW.name, id: NEW.id },
    wants: 'base',
    ...o,
  };
}

function template(clones: FleetClone[], snapshots = [NEW]): FleetTemplate {
  return { config: 'file:///ws/tmpl.yaml', instance: 'tmpl', host: 'local', snapshots, clones };
}

const names = (clones: FleetClone[]) => clones.map((c) => c.instance);

describe('Fleet view groups', () => {
  test('a clone sits under the snapshot it was built from, matched by identity', () => {
    const { groups, loose } = snapshotGroups(template([clone('a'), clone('b')]));
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0]!.snapshot, NEW);
    assert.equal(groups[0]!.replaced, false);
    assert.deepEqual(names(groups[0]!.clones), ['a', 'b']);
    assert.deepEqual(loose, []);
  });

  test('a snapshot taken again under the same name: its stale clones sit under the replaced one, listed first', () => {
    const stale = clone('old', { state: 'stale', builtFrom: { snapshot: OLD.name, id: OLD.id } });
    const { groups } = snapshotGroups(template([stale, clone('fresh')]));
    assert.deepEqual(
      groups.map((g) => [g.snapshot.id, g.replaced, names(g.clones)]),
      [
        [OLD.id, true, ['old']],
        [NEW.id, false, ['fresh']],
      ],
    );
  });

  test('two clones of the same replaced snapshot share one group', () => {
    const built = { snapshot: OLD.name, id: OLD.id };
    const { groups } = snapshotGroups(
      template([clone('x', { builtFrom: built }), clone('y', { builtFrom: built })]),
    );
    assert.deepEqual(
      groups.filter((g) => g.replaced).map((g) => names(g.clones)),
      [['x', 'y']],
    );
  });

  test('a clone not created yet sits under the newest snapshot its config names', () => {
    const absent = clone('new', { state: 'not-created', builtFrom: null, wants: 'v2' });
    const { groups, loose } = snapshotGroups(template([absent], [NEW, V2]));
    assert.deepEqual(
      groups.map((g) => [g.snapshot.name, names(g.clones)]),
      [
        ['base', []],
        ['v2', ['new']],
      ],
    );
    assert.deepEqual(loose, []);
  });

  test('a clone with no record and a snapshot that does not exist is loose (under the template)', () => {
    const { loose } = snapshotGroups(template([clone('z', { builtFrom: null, wants: 'gone' })]));
    assert.deepEqual(names(loose), ['z']);
  });

  test('a snapshot without clones is still listed (an upgrade may be about to use it)', () => {
    const { groups } = snapshotGroups(template([], [OLD, V2]));
    assert.deepEqual(
      groups.map((g) => g.snapshot.name),
      ['base', 'v2'],
    );
  });

  test('staleCount counts the stale clones only', () => {
    const t = template([clone('a', { state: 'stale' }), clone('b'), clone('c', { state: 'failed' })]);
    assert.equal(staleCount(t), 1);
  });
});
