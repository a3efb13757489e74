// The converted tree read as #lxops-v1: it checks clean, and each root's merged config is the one
// it had as #lxdops wherever the two formats agree (issue 12 §4).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { resolveRoot } from '../../../core/src/check/resolveRoot';
import type { EffectiveConfig } from '../../../core/src/config/effectiveConfig';
import { scanPaths } from '../../../core/src/fs/scanPaths';
import { convertTree } from '../../../core/src/migrate/convertTree';
import { check, workspace } from '../../helpers';

const TREE = resolve(__dirname, '../../fixtures/convert/tree');
/** The fixture's files (configs and cloud-config), by absolute path, as they are on disk. */
function fixtureFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of scanPaths([TREE]).files) out[f] = readFileSync(f, 'utf8');
  return out;
}

/**
 * What both formats mean the same way: everything but the keys lxops dropped (stop, snapshot,
 * container, profile-config, profiles-config, profiles-run, os.version). The profile name is the
 * one each format uses, its default included.
 */
function agreed(c: EffectiveConfig, defaultProfile: string) {
  const v = <T>(x: { value: T } | undefined) => x?.value;
  return {
    ostype: v(c.os.name),
    image: v(c.os.image),
    description: v(c.description),
    project: v(c.project),
    profile: v(c.profilePattern) || defaultProfile,
    origin: v(c.origin),
    deviceTemplate: v(c.deviceTemplate),
    deviceOrigin: v(c.deviceOrigin),
    deviceOwner: v(c.deviceOwner),
    sourceConfig: c.sourceConfig?.resolved,
    lxcOptions: c.lxcOptions?.map((x) => x.value),
    properties: [...c.properties].map(([k, e]) => [k, e.value.value]).sort(),
    filesystems: [...c.filesystems].map(([id, f]) => ({
      id,
      pattern: v(f.pattern),
      destroy: v(f.destroy),
      transient: v(f.transient),
      zfsproperties: f.zfsproperties.map((z) => [z.key, z.value.value]),
    })),
    devices: [...c.devices].map(([name, d]) => ({
      name,
      path: v(d.path),
      filesystem: v(d.filesystem),
      dir: v(d.dir),
    })),
    profiles: c.profiles.map((p) => p.value),
    cloudConfigFiles: c.cloudConfigFiles.map((p) => p.resolved),
  };
}

describe('the converted tree as #lxops-v1', () => {
  const before = fixtureFiles();
  const { ws: original } = workspace(before);
  const tree = convertTree(Object.keys(before), original);
  const after = Object.fromEntries(Object.entries(before).map(([f, t]) => [f, t]));
  for (const f of tree.files) if (f.status === 'converted') after[f.file] = f.output;

  test('the original tree checks clean as #lxdops (the baseline)', () => {
    assert.deepEqual(check(before).diagnostics, []);
  });

  test('it checks clean as #lxops-v1', () => {
    const r = check(after);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.file}: ${d.code}: ${d.message}`),
      [],
    );
  });

  test("each root's merged config is the same as before where the formats agree", () => {
    const { ws: converted } = workspace(after);
    assert.equal(tree.roots.length, 2);
    for (const root of tree.roots) {
      const a = resolveRoot(root, original, {});
      const b = resolveRoot(root, converted, {});
      assert.ok(a && b, root);
      assert.equal(a.result.config.format, 'lxdops', root);
      assert.equal(b.result.config.format, 'lxops', root);
      assert.deepEqual(
        agreed(b.result.config, '(instance).lxops'),
        agreed(a.result.config, '(instance).lxdops'),
        root,
      );
    }
  });

  test('what the template keeps through the migration: its OS, image, profile name and filesystems', () => {
    const { ws: converted } = workspace(after);
    const tpl = tree.roots.find((r) => r.endsWith('nginx-template.yaml'))!;
    const c = agreed(resolveRoot(tpl, converted, {})!.result.config, '(instance).lxops');
    assert.deepEqual([c.ostype, c.image, c.profile], ['alpine', 'images:alpine/3.17', '(instance).lxdops']);
    assert.deepEqual(c.filesystems.map((f) => f.id).sort(), ['host', 'log', 'tmp']);
  });
});
