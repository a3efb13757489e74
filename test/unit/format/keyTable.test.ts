import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cloudConfigSchema from '../../../schemas/cloud-config.schema.json';
import lxdopsSchema from '../../../schemas/lxdops.schema.json';
import { CLOUD_INIT_TOP_LEVEL_KEYS } from '../../../core/src/format/cloudInitKeys';
import {
  CONFIG_KEYS,
  DEVICE_KEYS,
  FILESYSTEM_KEYS,
  isSubstitutablePath,
  type KeyType,
  type NestedKeySpec,
  OS_KEYS,
  REMOVED_V1_KEYS,
  TOP_ONLY_KEYS,
} from '../../../core/src/format/keyTable';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  $ref?: string;
}
const schema = lxdopsSchema as unknown as {
  properties: Record<string, SchemaNode>;
  definitions: Record<string, SchemaNode>;
};

/** The JSON type a key of the table is written as (what the schema must say, besides null). */
const JSON_TYPE: Record<KeyType | NestedKeySpec['type'], string> = {
  string: 'string',
  boolean: 'boolean',
  path: 'string',
  'string-list': 'array',
  'path-list': 'array',
  'string-map': 'object',
  os: 'object',
  filesystems: 'object',
  devices: 'object',
};

const typesOf = (node: SchemaNode) => [node.type ?? []].flat().filter((t) => t !== 'null');
const keysOf = (node: SchemaNode | undefined) => Object.keys(node?.properties ?? {}).sort();

function assertNested(label: string, node: SchemaNode | undefined, keys: readonly NestedKeySpec[]): void {
  assert.deepEqual(keys.map((spec) => spec.key).sort(), keysOf(node), `${label}: the same keys`);
  for (const spec of keys) {
    const entry = node!.properties![spec.key]!;
    assert.deepEqual(typesOf(entry), [JSON_TYPE[spec.type]], `${label}.${spec.key}: type`);
    assert.equal(spec.docs, entry.description, `${label}.${spec.key}: docs`);
  }
}

describe('the key table against schemas/lxdops.schema.json', () => {
  test('every top-level schema key is in the table and back, with the same type and its docs', () => {
    assert.deepEqual(
      CONFIG_KEYS.map((spec) => spec.key),
      Object.keys(schema.properties),
      'same keys, same order',
    );
    for (const spec of CONFIG_KEYS) {
      const entry = schema.properties[spec.key]!;
      assert.deepEqual(typesOf(entry), [JSON_TYPE[spec.type]], `${spec.key}: type`);
      assert.ok(spec.docs.length > 0, `${spec.key}: has docs`);
      assert.equal(spec.docs, entry.description, `${spec.key}: docs from the schema`);
      if (JSON_TYPE[spec.type] === 'array')
        assert.equal(entry.items?.type, 'string', `${spec.key}: a list of strings`);
    }
  });

  test('os, filesystem and device keys match the schema', () => {
    assertNested('os', schema.properties.os, OS_KEYS);
    assertNested('filesystem', schema.definitions.filesystem, FILESYSTEM_KEYS);
    assertNested('device', schema.definitions.device, DEVICE_KEYS);
  });

  test('substitutable and top-only keys agree with what the schema documents', () => {
    const says = (node: SchemaNode) => /Goes through property substitution/.test(node.description ?? '');
    for (const spec of CONFIG_KEYS)
      assert.equal(spec.substitutable, says(schema.properties[spec.key]!), spec.key);
    for (const [node, keys] of [
      [schema.properties.os, OS_KEYS],
      [schema.definitions.filesystem, FILESYSTEM_KEYS],
      [schema.definitions.device, DEVICE_KEYS],
    ] as const)
      for (const spec of keys) assert.equal(spec.substitutable, says(node!.properties![spec.key]!), spec.key);
    const topOnly = Object.entries(schema.properties)
      .filter(([, node]) => /top file only/.test(node.description ?? ''))
      .map(([key]) => key);
    assert.deepEqual([...TOP_ONLY_KEYS], topOnly);
  });

  test('removed v1 keys are not keys of the v2 schema', () => {
    for (const key of Object.keys(REMOVED_V1_KEYS)) assert.equal(schema.properties[key], undefined, key);
    assert.ok(Object.keys(REMOVED_V1_KEYS).length >= 7);
  });

  test('isSubstitutablePath follows the table, at each depth', () => {
    assert.equal(isSubstitutablePath(['container']), true);
    assert.equal(isSubstitutablePath(['project']), false);
    assert.equal(isSubstitutablePath(['os', 'image']), true);
    assert.equal(isSubstitutablePath(['os', 'name']), false);
    assert.equal(isSubstitutablePath(['filesystems', 'host', 'pattern']), true);
    assert.equal(isSubstitutablePath(['filesystems', 'host', 'zfsproperties']), false);
    assert.equal(isSubstitutablePath(['devices', 'home', 'dir']), true);
    assert.equal(isSubstitutablePath(['devices', 'home', 'path']), false);
    assert.equal(isSubstitutablePath(['properties', 'fsroot']), false);
  });
});

describe('the cloud-config schema against the cloud-init key list', () => {
  test('every key of schemas/cloud-config.schema.json is a cloud-init key', () => {
    const keys = Object.keys((cloudConfigSchema as { properties: Record<string, unknown> }).properties);
    assert.ok(keys.length > 0);
    for (const key of keys) assert.ok(CLOUD_INIT_TOP_LEVEL_KEYS.includes(key), key);
  });
});
