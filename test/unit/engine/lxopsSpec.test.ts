// The engine on `#lxops-v1` configs (issue 12 §3): the instance profile `(instance).lxops`, readonly
// devices, devices without a filesystem (the user's absolute directory, never created), ostype.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceSpec, SpecError } from '../../../core/src/engine/instanceSpec';
import { launchPlan, type LaunchOptions } from '../../../core/src/engine/launchPlan';
import { needsOf } from '../../../core/src/engine/needs';
import { PlanError } from '../../../core/src/engine/planError';
import { observed, rootOf, specOf } from './support';

const lo = (...lines: string[]): string => `#lxops-v1\n${lines.map((l) => `${l}\n`).join('')}`;
const ROOT = '/ws/web1.yaml';
const NO_CC: LaunchOptions = { cloudConfigs: new Map() };

const CONFIG = lo(
  'ostype: alpine',
  'image: images:alpine/3.19',
  'properties:',
  '  shared: /srv/shared',
  'filesystems:',
  '  host:',
  '    pattern: z/demo/host/(instance)',
  'devices:',
  '  home:',
  '    path: /home',
  '    filesystem: host',
  '    readonly: true',
  '  shared:',
  '    path: /shared',
  '    dir: (shared)',
);

describe('instanceSpec of an #lxops-v1 config', () => {
  test('profile (instance).lxops, ostype as the OS, readonly and external devices', () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    assert.equal(spec.profile, 'web1.lxops');
    assert.deepEqual(spec.os, { name: 'alpine', image: 'images:alpine/3.19' });
    assert.equal(spec.container, 'web1');
    assert.deepEqual(spec.devices, [
      { name: 'home', path: '/home', filesystem: 'host', source: '/z/demo/host/web1/home', readonly: true },
      {
        name: 'shared',
        path: '/shared',
        filesystem: '',
        source: '/srv/shared',
        readonly: false,
        external: true,
      },
    ]);
    assert.equal(spec.stop, false);
    assert.equal(spec.snapshot, '');
  });

  test('a profile-pattern is substituted; built-ins cannot be overridden with -P', () => {
    const files = { [ROOT]: lo('ostype: alpine', 'image: i', 'profile-pattern: p-(instance)') };
    const spec = specOf(files, ROOT, { commandLineProperties: new Map([['instance', 'other']]) });
    assert.equal(spec.profile, 'p-web1');
  });

  test('a device without a filesystem and a relative dir: SpecError with lxops words', () => {
    const files = {
      [ROOT]: lo('ostype: alpine', 'image: i', 'devices:', '  d:', '    path: /d', '    dir: rel'),
    };
    assert.throws(
      () => specOf(files, ROOT),
      (e) => e instanceof SpecError && /no filesystem but relative dir: rel/.test(e.message),
    );
  });

  test('openwrt with cloud-config files: SpecError', () => {
    const files = {
      [ROOT]: lo('ostype: openwrt', 'image: i', 'cloud-config-files: [a.cfg]'),
      '/ws/a.cfg': '#cloud-config\n',
    };
    assert.throws(
      () => specOf(files, ROOT),
      (e) => e instanceof SpecError && /openwrt/.test(e.message),
    );
  });

  test('an undefined property in image names the lxops field `image`', () => {
    const files = { [ROOT]: lo('ostype: alpine', 'image: (img)') };
    assert.throws(
      () => instanceSpec(rootOf(files, ROOT)),
      (e) => e instanceof SpecError && /^image: property \(img\)/.test(e.message),
    );
  });
});

describe('launchPlan of an #lxops-v1 config', () => {
  const spec = specOf({ [ROOT]: CONFIG }, ROOT);

  test('the external directory is observed, never created; the profile has readonly and its source', () => {
    assert.ok(needsOf(spec).paths.includes('/srv/shared'));
    const plan = launchPlan(spec, observed({ profiles: ['default'], paths: ['/srv/shared'] }), NO_CC);
    const profile = plan.steps.find((s) => s.kind === 'lxd' && s.request.path === '/1.0/profiles');
    assert.ok(profile && profile.kind === 'lxd', 'the plan creates the profile');
    const body = profile.request.body as {
      name: string;
      description: string;
      devices: Record<string, Record<string, string>>;
    };
    assert.equal(body.name, 'web1.lxops');
    assert.equal(body.description, ROOT, "lxops' profile description: the config's absolute path");
    assert.deepEqual(body.devices, {
      home: { type: 'disk', path: '/home', source: '/z/demo/host/web1/home', readonly: 'true' },
      shared: { type: 'disk', path: '/shared', source: '/srv/shared' },
    });
    // nothing is made, chowned or copied in the user's directory: only the profile names it
    const naming = plan.steps.filter((s) => JSON.stringify(s).includes('/srv/shared'));
    assert.deepEqual(naming, [profile]);
  });

  test('the external directory does not exist: refused before anything, code device-dir-missing', () => {
    assert.throws(
      () => launchPlan(spec, observed({ profiles: ['default'] }), NO_CC),
      (e) =>
        e instanceof PlanError &&
        e.code === 'device-dir-missing' &&
        /\/srv\/shared does not exist/.test(e.message),
    );
  });
});
