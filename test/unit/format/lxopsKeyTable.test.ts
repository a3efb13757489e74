// The `#lxops-v1` key table against schemas/lxops.schema.json, as keyTable.test.ts holds the
// `#lxdops` one against its schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import lxopsSchema from '../../../schemas/lxops.schema.json';
import {
  isSubstitutablePathIn,
  keysOf,
  LXOPS_CONFIG_KEYS,
  LXOPS_DEVICE_KEYS,
  LXOPS_FILESYSTEM_KEYS,
  REMOVED_LXOPS_KEYS,
} from '../../../core/src/format/keyTable';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
}
const schema = lxopsSchema as unknown as {
  properties: Record<string, SchemaNode>;
  definitions: Record<string, SchemaNode>;
};
const says = (node: SchemaNode) => /Goes through property substitution/.test(node.description ?? '');

describe('the key table against schemas/lxops.schema.json', () => {
  test('the same top-level keys in the same order, with their docs and substitution', () => {
    assert.deepEqual(
      LXOPS_CONFIG_KEYS.map((s) => s.key),
      Object.keys(schema.properties),
    );
    for (const spec of LXOPS_CONFIG_KEYS) {
      assert.equal(spec.docs, schema.properties[spec.key]!.description, spec.key);
      assert.equal(spec.substitutable, says(schema.properties[spec.key]!), spec.key);
    }
    assert.deepEqual(keysOf('lxops').topOnlyKeys, ['description']);
  });

  test('filesystem and device keys (device readonly) match the schema', () => {
    for (const [node, keys] of [
      [schema.definitions.filesystem, LXOPS_FILESYSTEM_KEYS],
      [schema.definitions.device, LXOPS_DEVICE_KEYS],
    ] as const) {
      assert.deepEqual(keys.map((k) => k.key).sort(), Object.keys(node!.properties!).sort());
      for (const spec of keys) assert.equal(spec.docs, node!.properties![spec.key]!.description, spec.key);
    }
    assert.deepEqual(schema.definitions.device!.properties!.readonly!.type, 'boolean');
  });

  test('the dropped keys are the seven of the reference, none in the schema, each with what to do', () => {
    assert.deepEqual(Object.keys(REMOVED_LXOPS_KEYS).sort(), [
      'container',
      'os',
      'profile-config',
      'profiles-config',
      'profiles-run',
      'snapshot',
      'stop',
    ]);
    for (const [key, instead] of Object.entries(REMOVED_LXOPS_KEYS)) {
      assert.equal(schema.properties[key], undefined, key);
      assert.ok(instead.length > 20, key);
    }
  });

  test('profile-pattern defaults to (instance).lxops', () => {
    assert.equal(keysOf('lxops').defaultProfilePattern, '(instance).lxops');
    assert.equal((schema.properties['profile-pattern'] as { default?: string }).default, '(instance).lxops');
  });

  test('substitutable paths: image, patterns and dirs; not ostype, not os.image', () => {
    assert.equal(isSubstitutablePathIn('lxops', ['image']), true);
    assert.equal(isSubstitutablePathIn('lxops', ['ostype']), false);
    assert.equal(isSubstitutablePathIn('lxops', ['os', 'image']), false);
    assert.equal(isSubstitutablePathIn('lxops', ['devices', 'd', 'dir']), true);
    assert.equal(isSubstitutablePathIn('lxops', ['devices', 'd', 'readonly']), false);
    assert.equal(isSubstitutablePathIn('lxdops', ['os', 'image']), true);
  });
});
