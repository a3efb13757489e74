// launchPlan (launch and rebuild): exact steps from a spec and a hand-made observed state
// (reference §6.2, §6.3, without the ⚠ bugs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { imageSource } from '../../../core/src/engine/imageSource';
import type { InstanceSpec } from '../../../core/src/engine/instanceSpec';
import { configureProfiles, launchPlan, type LaunchOptions } from '../../../core/src/engine/launchPlan';
import type { Step } from '../../../core/src/engine/plan';
import { PlanError } from '../../../core/src/engine/planError';
import {
  cc,
  chownStep,
  execStep,
  hostStep,
  inst,
  lx,
  lxdStep,
  mkdirStep,
  observed,
  parsedFiles,
  recordStep,
  rsyncStep,
  specOf,
  gracefulStopStep,
  stateStep,
  waitIpv4,
  waitMountedStep,
  waitRunning,
  zfsCloneStep,
  zfsCreateStep,
} from './support';

const ROOT = '/ws/web1.yaml';
const OWNER = '1000000:1000000';
const NO_CC: LaunchOptions = { cloudConfigs: new Map() };
/** The config keys that tie a container to its config file. */
const IDENTITY = { 'user.lxdops.config': ROOT };

const IMAGES = {
  type: 'image',
  alias: 'alpine/3.19',
  server: 'https://images.linuxcontainers.org',
  protocol: 'simplestreams',
  mode: 'pull',
};

/** A config with a zfs filesystem (with a property), a plain dir, a transient zfs, and four devices. */
const FULL = lx(
  'os:',
  '  name: alpine',
  '  image: images:alpine/3.19',
  'properties:',
  '  fsroot: z/demo',
  'profiles: [default, base]',
  `device-owner: ${OWNER}`,
  'profile-config:',
  '  boot.autostart: "false"',
  'filesystems:',
  '  host:',
  '    pattern: (fsroot)/host/(instance)',
  '    zfsproperties:',
  '      compression: lz4',
  '  log:',
  '    pattern: /var/lib/lxdops/(instance)/log',
  '    destroy: true',
  '  tmp:',
  '    pattern: (fsroot)/tmp/(instance)',
  '    transient: true',
  'devices:',
  '  home:',
  '    path: /home',
  '    filesystem: host',
  '  etc:',
  '    path: /etc/opt',
  '    filesystem: host',
  '    dir: etc',
  '  log:',
  '    path: /var/log',
  '    filesystem: log',
  '    dir: .',
  '  cache:',
  '    path: /var/cache',
  '    filesystem: tmp',
);

const FULL_DEVICES = {
  home: { type: 'disk', path: '/home', source: '/z/demo/host/web1/home' },
  etc: { type: 'disk', path: '/etc/opt', source: '/z/demo/host/web1/etc' },
  log: { type: 'disk', path: '/var/log', source: '/var/lib/lxdops/web1/log' },
  cache: { type: 'disk', path: '/var/cache', source: '/z/demo/tmp/web1/cache' },
};
const FULL_PROFILE_BODY = {
  description: 'lxdops profile',
  config: { 'boot.autostart': 'false' },
  devices: FULL_DEVICES,
};

const createInstance = (
  profiles: string[],
  source: unknown,
  o: { config?: Record<string, string>; type?: string; description?: string; project?: string } = {},
): Step =>
  lxdStep(
    o.description ?? 'create container web1 from images:alpine/3.19',
    'POST',
    '/1.0/instances',
    o.project ?? 'default',
    {
      name: 'web1',
      type: o.type ?? 'container',
      profiles,
      // the container records its config file (and, when given, a hash of what was applied)
      config: { ...(o.config ?? {}), 'user.lxdops.config': ROOT },
      devices: {},
      source,
    },
  );

describe('launchPlan: from an image', () => {
  test('nothing exists: filesystems (sorted by path), device dirs, profile, container, start, wait', () => {
    const spec = specOf({ [ROOT]: FULL }, ROOT);
    const plan = launchPlan(spec, observed({ profiles: ['default', 'base'] }), NO_CC);
    assert.equal(plan.command, 'launch');
    assert.equal(plan.instance, 'web1');
    assert.equal(plan.container, 'web1');
    assert.equal(plan.project, 'default');
    assert.equal(plan.config, ROOT);
    assert.deepEqual(plan.steps, [
      // the plain directory is recorded as the instance's before it is made (dirRecords.ts)
      recordStep('/var/lib/lxdops/web1/log'),
      mkdirStep('/var/lib/lxdops/web1/log', '/var/lib/lxdops/web1/log'),
      chownStep(OWNER, '/var/lib/lxdops/web1/log'),
      zfsCreateStep('z/demo/host/web1', ['-o', 'compression=lz4']),
      waitMountedStep('/z/demo/host/web1'),
      chownStep(OWNER, '/z/demo/host/web1'),
      zfsCreateStep('z/demo/tmp/web1'),
      waitMountedStep('/z/demo/tmp/web1'),
      chownStep(OWNER, '/z/demo/tmp/web1'),
      // devices sorted by (filesystem id, name); `dir: .` needs no directory of its own
      mkdirStep('/z/demo/host/web1/etc', '/z/demo/host/web1'),
      chownStep(OWNER, '/z/demo/host/web1/etc', '/z/demo/host/web1'),
      mkdirStep('/z/demo/host/web1/home', '/z/demo/host/web1'),
      chownStep(OWNER, '/z/demo/host/web1/home', '/z/demo/host/web1'),
      mkdirStep('/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
      chownStep(OWNER, '/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
      lxdStep('create profile web1.lxdops (4 disk devices)', 'POST', '/1.0/profiles', 'default', {
        name: 'web1.lxdops',
        ...FULL_PROFILE_BODY,
      }),
      createInstance(['default', 'base', 'web1.lxdops'], IMAGES),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
    assert.deepEqual(plan.notes, []);
  });

  test('everything exists and runs: nothing recreated, the profile is PUT, the container is neither created nor started', () => {
    const spec = specOf({ [ROOT]: FULL }, ROOT);
    const o = observed({
      instance: inst('web1', 'Running', { profiles: ['default', 'base', 'web1.lxdops'], config: IDENTITY }),
      profiles: ['default', 'base', 'web1.lxdops'],
      datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
      paths: [
        '/var/lib/lxdops/web1/log',
        '/z/demo/host/web1',
        '/z/demo/tmp/web1',
        '/z/demo/host/web1/home',
        '/z/demo/host/web1/etc',
        '/z/demo/tmp/web1/cache',
      ],
    });
    const plan = launchPlan(spec, o, NO_CC);
    assert.deepEqual(plan.steps, [
      lxdStep(
        'update profile web1.lxdops (4 disk devices)',
        'PUT',
        '/1.0/profiles/web1.lxdops',
        'default',
        FULL_PROFILE_BODY,
      ),
      waitRunning('web1', 'default'),
    ]);
    assert.deepEqual(plan.notes, ['container web1 exists: it is not created again']);
  });

  test('an existing stopped container is started, and its profile list corrected when it differs', () => {
    const spec = specOf({ [ROOT]: FULL }, ROOT);
    const o = observed({
      instance: inst('web1', 'Stopped', { profiles: ['default'], config: IDENTITY }),
      profiles: ['default', 'base', 'web1.lxdops'],
      datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
      paths: [
        '/var/lib/lxdops/web1/log',
        '/z/demo/host/web1/home',
        '/z/demo/host/web1/etc',
        '/z/demo/tmp/web1/cache',
      ],
    });
    assert.deepEqual(launchPlan(spec, o, NO_CC).steps, [
      lxdStep(
        'update profile web1.lxdops (4 disk devices)',
        'PUT',
        '/1.0/profiles/web1.lxdops',
        'default',
        FULL_PROFILE_BODY,
      ),
      lxdStep(
        'set the profiles of web1: default, base, web1.lxdops',
        'PATCH',
        '/1.0/instances/web1',
        'default',
        { profiles: ['default', 'base', 'web1.lxdops'] },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
  });

  test('an existing container that does not record this config (or another hash) gets it recorded', () => {
    const spec = specOf({ [ROOT]: FULL }, ROOT);
    const o = (config: Record<string, string>) =>
      observed({
        instance: inst('web1', 'Running', { profiles: ['default', 'base', 'web1.lxdops'], config }),
        profiles: ['default', 'base', 'web1.lxdops'],
        datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
        paths: [
          '/var/lib/lxdops/web1/log',
          '/z/demo/host/web1/home',
          '/z/demo/host/web1/etc',
          '/z/demo/tmp/web1/cache',
        ],
      });
    const record = (config: Record<string, string>) =>
      lxdStep('record the config of web1', 'PATCH', '/1.0/instances/web1', 'default', { config });
    assert.deepEqual(launchPlan(spec, o({ 'image.os': 'Alpine' }), NO_CC).steps, [
      lxdStep(
        'update profile web1.lxdops (4 disk devices)',
        'PUT',
        '/1.0/profiles/web1.lxdops',
        'default',
        FULL_PROFILE_BODY,
      ),
      record(IDENTITY),
      waitRunning('web1', 'default'),
    ]);
    const hashed = { ...IDENTITY, 'user.lxdops.hash': 'h2' };
    assert.deepEqual(
      launchPlan(spec, o({ ...IDENTITY, 'user.lxdops.hash': 'h1' }), { ...NO_CC, configHash: 'h2' }).steps[1],
      record(hashed),
    );
    assert.equal(launchPlan(spec, o(hashed), { ...NO_CC, configHash: 'h2' }).steps.length, 2);
  });

  test('a new container records the config hash when one is given', () => {
    const spec = specOf({ [ROOT]: FULL }, ROOT);
    const create = launchPlan(spec, observed({ profiles: ['default', 'base'] }), {
      ...NO_CC,
      configHash: '0123456789abcdef',
    }).steps.find((s) => s.kind === 'lxd' && s.request.path === '/1.0/instances');
    assert.ok(create && create.kind === 'lxd');
    assert.deepEqual((create.request.body as { config: unknown }).config, {
      'user.lxdops.config': ROOT,
      'user.lxdops.hash': '0123456789abcdef',
    });
  });

  test('a missing device dir in an existing filesystem is created; existing ones are left alone', () => {
    const spec = specOf({ [ROOT]: FULL }, ROOT);
    const o = observed({
      profiles: ['default', 'base'],
      datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
      paths: ['/var/lib/lxdops/web1/log', '/z/demo/host/web1/home', '/z/demo/tmp/web1/cache'],
    });
    assert.deepEqual(launchPlan(spec, o, NO_CC).steps.slice(0, 3), [
      mkdirStep('/z/demo/host/web1/etc', '/z/demo/host/web1'),
      chownStep(OWNER, '/z/demo/host/web1/etc', '/z/demo/host/web1'),
      lxdStep('create profile web1.lxdops (4 disk devices)', 'POST', '/1.0/profiles', 'default', {
        name: 'web1.lxdops',
        ...FULL_PROFILE_BODY,
      }),
    ]);
  });

  test('without device-owner nothing is chowned; without profiles the list is [default, <profile>]', () => {
    const spec = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'filesystems:',
          '  fs:',
          '    pattern: /srv/(instance)',
          'devices:',
          '  data:',
          '    path: /data',
          '    filesystem: fs',
        ),
      },
      ROOT,
    );
    assert.deepEqual(launchPlan(spec, observed(), NO_CC).steps, [
      recordStep('/srv/web1'),
      mkdirStep('/srv/web1', '/srv/web1'),
      mkdirStep('/srv/web1/data', '/srv/web1'),
      lxdStep('create profile web1.lxdops (1 disk devices)', 'POST', '/1.0/profiles', 'default', {
        name: 'web1.lxdops',
        description: 'lxdops profile',
        config: {},
        devices: { data: { type: 'disk', path: '/data', source: '/srv/web1/data' } },
      }),
      createInstance(
        ['default', 'web1.lxdops'],
        { type: 'image', alias: 'busybox' },
        { description: 'create container web1 from busybox' },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
  });

  test('no lxdops profile (profile-pattern substitutes to ""): no profile step, profiles without it', () => {
    const spec = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'properties:',
          '  none: ""',
          'profile-pattern: (none)',
          'profiles: [a]',
        ),
      },
      ROOT,
    );
    assert.deepEqual(launchPlan(spec, observed({ profiles: ['a'] }), NO_CC).steps, [
      createInstance(
        ['a'],
        { type: 'image', alias: 'busybox' },
        { description: 'create container web1 from busybox' },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
  });

  test('missing profiles → PlanError naming them (profiles-config too); nothing else is looked at', () => {
    const spec = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'profiles: [default, base, web]',
          'profiles-config: [cfg]',
        ),
      },
      ROOT,
    );
    assert.throws(
      () => launchPlan(spec, observed({ profiles: ['default'] }), NO_CC),
      (e: unknown) =>
        e instanceof PlanError &&
        e.message === 'missing profiles in project default: base, web, cfg (create them, or fix `profiles`)',
    );
  });

  test('lxc-options --vm → type virtual-machine; other options are noted as not applied', () => {
    const spec = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'profile-pattern: (none)',
          'properties:',
          '  none: ""',
          'lxc-options: [--vm, -c, limits.cpu=2]',
        ),
      },
      ROOT,
    );
    const plan = launchPlan(spec, observed(), NO_CC);
    assert.deepEqual(
      plan.steps[0],
      createInstance(
        ['default'],
        { type: 'image', alias: 'busybox' },
        { description: 'create container web1 from busybox', type: 'virtual-machine' },
      ),
    );
    assert.deepEqual(plan.notes, [
      'lxc-options -c limits.cpu=2 are not applied (only --vm is understood through the API)',
    ]);
  });

  test('in a non-default project every LXD request carries the project', () => {
    const spec = specOf(
      { [ROOT]: lx('project: web', 'os:', '  name: alpine', '  image: busybox', 'profiles: [default]') },
      ROOT,
    );
    const plan = launchPlan(spec, observed({ profiles: ['default'] }), NO_CC);
    assert.deepEqual(plan.steps, [
      lxdStep('create profile web1.lxdops (0 disk devices)', 'POST', '/1.0/profiles', 'web', {
        name: 'web1.lxdops',
        description: 'lxdops profile',
        config: {},
        devices: {},
      }),
      createInstance(
        ['default', 'web1.lxdops'],
        { type: 'image', alias: 'busybox' },
        { description: 'create container web1 from busybox', project: 'web' },
      ),
      stateStep('web1', 'web', 'start'),
      waitRunning('web1', 'web'),
    ]);
  });

  test('neither os.image nor origin → PlanError', () => {
    const spec = specOf({ [ROOT]: lx('os:', '  name: alpine') }, ROOT);
    assert.throws(() => launchPlan(spec, observed(), NO_CC), PlanError);
  });
});

describe('launchPlan: image sources', () => {
  const sourceOf = (image: string, remotes?: Record<string, { addr: string; protocol?: string }>) => {
    const spec = specOf(
      { [ROOT]: lx('os:', '  name: alpine', `  image: "${image}"`, 'profiles: [default]') },
      ROOT,
    );
    const create = launchPlan(spec, observed({ profiles: ['default'] }), {
      cloudConfigs: new Map(),
      ...(remotes ? { remotes } : {}),
    }).steps.find((s) => s.kind === 'lxd' && s.request.path === '/1.0/instances');
    assert.ok(create && create.kind === 'lxd');
    return (create.request.body as { source: unknown }).source;
  };

  test('a local alias (`busybox`)', () =>
    assert.deepEqual(sourceOf('busybox'), { type: 'image', alias: 'busybox' }));
  test('`local:busybox` is the local alias', () =>
    assert.deepEqual(sourceOf('local:busybox'), { type: 'image', alias: 'busybox' }));
  test('`images:alpine/3.19` → the simplestreams server, pulled', () =>
    assert.deepEqual(sourceOf('images:alpine/3.19'), IMAGES));
  test('`ubuntu:22.04` → the ubuntu simplestreams server', () =>
    assert.deepEqual(sourceOf('ubuntu:22.04'), {
      type: 'image',
      alias: '22.04',
      server: 'https://cloud-images.ubuntu.com/releases',
      protocol: 'simplestreams',
      mode: 'pull',
    }));
  test('a fingerprint', () => {
    const fp = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
    assert.deepEqual(sourceOf(fp), { type: 'image', fingerprint: fp });
    assert.deepEqual(sourceOf('a1b2c3d4e5f6'), { type: 'image', fingerprint: 'a1b2c3d4e5f6' });
  });
  test('a remote of the lxc client config (protocol defaults to lxd)', () => {
    assert.deepEqual(sourceOf('mine:app/1', { mine: { addr: 'https://img.example:8443' } }), {
      type: 'image',
      alias: 'app/1',
      server: 'https://img.example:8443',
      protocol: 'lxd',
      mode: 'pull',
    });
  });
  test('imageSource: an unknown remote → an error naming it and the known ones', () => {
    assert.throws(() => imageSource('nowhere:alpine/3.19'), {
      message: 'image nowhere:alpine/3.19: unknown remote `nowhere` (known: images, ubuntu, ubuntu-daily)',
    });
  });
  test('launchPlan: an unknown remote is a PlanError (the plan cannot be made; the CLI reports it as a message, not a crash)', () => {
    const spec = specOf(
      { [ROOT]: lx('os:', '  name: alpine', '  image: nowhere:alpine/3.19', 'profiles: [default]') },
      ROOT,
    );
    assert.throws(
      () => launchPlan(spec, observed({ profiles: ['default'] }), NO_CC),
      (e: unknown) => e instanceof PlanError && /unknown remote `nowhere`/.test(e.message),
    );
  });
});

describe('launchPlan: device-origin (clone of <src>@<snap>)', () => {
  const CONFIG = lx(
    'os:',
    '  name: alpine',
    '  image: busybox',
    'properties:',
    '  tpl: tpl1',
    'device-origin: (tpl)@copy',
    'device-owner: 1000:1000',
    'profiles: [default]',
    'filesystems:',
    '  host:',
    '    pattern: z/demo/host/(instance)',
    '    zfsproperties:',
    '      quota: 1G',
    '  tmp:',
    '    pattern: z/demo/tmp/(instance)',
    '    transient: true',
    'devices:',
    '  home:',
    '    path: /home',
    '    filesystem: host',
    '  cache:',
    '    path: /var/cache',
    '    filesystem: tmp',
  );
  const spec = () => specOf({ [ROOT]: CONFIG }, ROOT);
  const PROFILE = lxdStep('create profile web1.lxdops (2 disk devices)', 'POST', '/1.0/profiles', 'default', {
    name: 'web1.lxdops',
    description: 'lxdops profile',
    config: {},
    devices: {
      home: { type: 'disk', path: '/home', source: '/z/demo/host/web1/home' },
      cache: { type: 'disk', path: '/var/cache', source: '/z/demo/tmp/web1/cache' },
    },
  });

  test('non-transient zfs filesystems are cloned from <src>@<snap> (not chowned); transient ones are created empty', () => {
    const plan = launchPlan(
      spec(),
      observed({ profiles: ['default'], datasets: ['z/demo/host/tpl1@copy'] }),
      NO_CC,
    );
    assert.deepEqual(plan.steps.slice(0, 7), [
      hostStep('clone z/demo/host/tpl1@copy to z/demo/host/web1', [
        'zfs',
        'clone',
        '-p',
        '-o',
        'quota=1G',
        '-o',
        'lxdops:owner=default/web1',
        '--',
        'z/demo/host/tpl1@copy',
        'z/demo/host/web1',
      ]),
      waitMountedStep('/z/demo/host/web1'),
      zfsCreateStep('z/demo/tmp/web1'),
      waitMountedStep('/z/demo/tmp/web1'),
      chownStep('1000:1000', '/z/demo/tmp/web1'),
      // the clone brings its own device dirs and owners: mkdir -p only, no chown
      mkdirStep('/z/demo/host/web1/home', '/z/demo/host/web1'),
      mkdirStep('/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
    ]);
    assert.deepEqual(
      plan.steps.slice(-4).map((s) => s.description),
      [
        'create profile web1.lxdops (2 disk devices)',
        'create container web1 from busybox',
        'start web1',
        'wait until web1 runs and accepts commands',
      ],
    );
  });

  test('the transient filesystem is created empty like any new one: its device dir is given to device-owner too', () => {
    const plan = launchPlan(
      spec(),
      observed({ profiles: ['default'], datasets: ['z/demo/host/tpl1@copy'] }),
      NO_CC,
    );
    assert.deepEqual(plan.steps.slice(6, 9), [
      mkdirStep('/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
      chownStep('1000:1000', '/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
      PROFILE,
    ]);
  });

  test('a missing source snapshot → PlanError (the transient one is never needed)', () => {
    assert.throws(
      () =>
        launchPlan(spec(), observed({ profiles: ['default'], datasets: ['z/demo/tmp/tpl1@copy'] }), NO_CC),
      (e: unknown) =>
        e instanceof PlanError &&
        e.message.startsWith('device-origin: the snapshot z/demo/host/tpl1@copy does not exist'),
    );
  });

  test('rebuild: existing target filesystems and dirs are reused, nothing is cloned again', () => {
    const o = observed({
      instance: inst('web1', 'Stopped', { profiles: ['default', 'web1.lxdops'] }),
      profiles: ['default', 'web1.lxdops'],
      datasets: ['z/demo/host/web1', 'z/demo/tmp/web1', 'z/demo/host/tpl1@copy'],
      paths: ['/z/demo/host/web1/home', '/z/demo/tmp/web1/cache'],
    });
    const plan = launchPlan(spec(), o, { ...NO_CC, rebuild: true });
    assert.deepEqual(plan.steps, [
      lxdStep(
        'delete container web1 (its root filesystem and LXD snapshots)',
        'DELETE',
        '/1.0/instances/web1',
        'default',
        undefined,
        { destructive: true, accept: [404] },
      ),
      lxdStep('update profile web1.lxdops (2 disk devices)', 'PUT', '/1.0/profiles/web1.lxdops', 'default', {
        description: 'lxdops profile',
        config: {},
        devices: {
          home: { type: 'disk', path: '/home', source: '/z/demo/host/web1/home' },
          cache: { type: 'disk', path: '/var/cache', source: '/z/demo/tmp/web1/cache' },
        },
      }),
      createInstance(
        ['default', 'web1.lxdops'],
        { type: 'image', alias: 'busybox' },
        { description: 'create container web1 from busybox' },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
  });

  test('rebuild also works when the source snapshot is gone, as long as the targets exist', () => {
    const o = observed({
      instance: inst('web1', 'Stopped', { profiles: ['default', 'web1.lxdops'] }),
      profiles: ['default', 'web1.lxdops'],
      datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
      paths: ['/z/demo/host/web1/home', '/z/demo/tmp/web1/cache'],
    });
    assert.doesNotThrow(() => launchPlan(spec(), o, { ...NO_CC, rebuild: true }));
  });

  test('a re-run after a failure: the existing clone is reused, only the missing one is cloned', () => {
    const s = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'device-origin: tpl1@copy',
          'filesystems:',
          '  a:',
          '    pattern: z/a/(instance)',
          '  b:',
          '    pattern: z/b/(instance)',
        ),
      },
      ROOT,
    );
    const plan = launchPlan(
      s,
      observed({ profiles: ['default'], datasets: ['z/a/web1', 'z/a/tpl1@copy', 'z/b/tpl1@copy'] }),
      NO_CC,
    );
    assert.deepEqual(plan.steps.slice(0, 3), [
      zfsCloneStep('z/b/tpl1@copy', 'z/b/web1'),
      waitMountedStep('/z/b/web1'),
      plan.steps[2]!,
    ]);
    assert.equal(plan.steps[2]!.description, 'create profile web1.lxdops (0 disk devices)');
  });

  test('a plain-directory filesystem cannot be cloned → PlanError', () => {
    const s = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'device-origin: tpl1@copy',
          'filesystems:',
          '  d:',
          '    pattern: /srv/(instance)',
        ),
      },
      ROOT,
    );
    assert.throws(() => launchPlan(s, observed(), NO_CC), PlanError);
  });
});

describe('launchPlan: device-template (rsync into new device dirs)', () => {
  const CONFIG = lx(
    'os:',
    '  name: alpine',
    '  image: busybox',
    'device-template: tpl1',
    'device-owner: 1000:1000',
    'profiles: [default]',
    'filesystems:',
    '  host:',
    '    pattern: z/demo/host/(instance)',
    '  tmp:',
    '    pattern: z/demo/tmp/(instance)',
    '    transient: true',
    'devices:',
    '  home:',
    '    path: /home',
    '    filesystem: host',
    '  etc:',
    '    path: /etc/app',
    '    filesystem: host',
    '  cache:',
    '    path: /var/cache',
    '    filesystem: tmp',
  );

  // The spec through instanceSpec, and the same spec assembled by hand (the instance without
  // device-template, plus the template instance's devices), so that the rsync rules are checked
  // even if instanceSpec cannot build a device-template spec.
  const builders: [string, () => InstanceSpec][] = [
    ['instanceSpec', () => specOf({ [ROOT]: CONFIG }, ROOT)],
    [
      'hand-built spec',
      () => {
        const noTemplate = CONFIG.replace('device-template: tpl1\n', '');
        const s = specOf({ [ROOT]: noTemplate }, ROOT);
        const tpl = specOf({ [ROOT]: noTemplate }, ROOT, { name: 'tpl1' });
        return {
          ...s,
          deviceTemplate: {
            instance: 'tpl1',
            devices: new Map(tpl.devices.map((d) => [d.name, d])),
            roots: tpl.filesystems.map((f) => f.dir),
          },
        };
      },
    ],
  ];
  for (const [how, build] of builders) {
    test(`${how}: new device dirs get the template copy when it exists, a note when it does not, never for transient filesystems`, () => {
      const spec = build();
      const plan = launchPlan(
        spec,
        observed({ profiles: ['default'], paths: ['/z/demo/host/tpl1/home', '/z/demo/tmp/tpl1/cache'] }),
        NO_CC,
      );
      assert.deepEqual(plan.steps.slice(0, 13), [
        zfsCreateStep('z/demo/host/web1'),
        waitMountedStep('/z/demo/host/web1'),
        chownStep('1000:1000', '/z/demo/host/web1'),
        zfsCreateStep('z/demo/tmp/web1'),
        waitMountedStep('/z/demo/tmp/web1'),
        chownStep('1000:1000', '/z/demo/tmp/web1'),
        mkdirStep('/z/demo/host/web1/etc', '/z/demo/host/web1'),
        chownStep('1000:1000', '/z/demo/host/web1/etc', '/z/demo/host/web1'),
        mkdirStep('/z/demo/host/web1/home', '/z/demo/host/web1'),
        chownStep('1000:1000', '/z/demo/host/web1/home', '/z/demo/host/web1'),
        rsyncStep(
          '/z/demo/host/tpl1/home',
          '/z/demo/host/web1/home',
          '/z/demo/host/tpl1',
          '/z/demo/host/web1',
        ),
        mkdirStep('/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
        chownStep('1000:1000', '/z/demo/tmp/web1/cache', '/z/demo/tmp/web1'),
      ]);
      assert.equal(plan.steps[13]!.description, 'create profile web1.lxdops (3 disk devices)');
      assert.deepEqual(plan.notes, [
        'device etc: the template directory /z/demo/host/tpl1/etc does not exist; /z/demo/host/web1/etc starts empty',
      ]);
    });

    test(`${how}: existing device dirs are never overwritten; only the missing one is made and copied`, () => {
      const spec = build();
      const o = observed({
        profiles: ['default'],
        datasets: ['z/demo/host/web1', 'z/demo/tmp/web1'],
        paths: [
          '/z/demo/host/web1/home',
          '/z/demo/tmp/web1/cache',
          '/z/demo/host/tpl1/home',
          '/z/demo/host/tpl1/etc',
        ],
      });
      const plan = launchPlan(spec, o, NO_CC);
      assert.deepEqual(plan.steps.slice(0, 3), [
        mkdirStep('/z/demo/host/web1/etc', '/z/demo/host/web1'),
        chownStep('1000:1000', '/z/demo/host/web1/etc', '/z/demo/host/web1'),
        rsyncStep('/z/demo/host/tpl1/etc', '/z/demo/host/web1/etc', '/z/demo/host/tpl1', '/z/demo/host/web1'),
      ]);
      assert.equal(plan.steps[3]!.description, 'create profile web1.lxdops (3 disk devices)');
      assert.deepEqual(plan.notes, []);
    });
  }
});

describe('launchPlan: origin copy', () => {
  const cfg = (origin: string, project?: string) =>
    lx(...(project ? [`project: ${project}`] : []), `origin: ${origin}`, 'profiles: [default]');

  test('`tpl/copy` copies the snapshot copy of tpl in the same project', () => {
    const spec = specOf({ [ROOT]: cfg('tpl/copy') }, ROOT);
    const plan = launchPlan(
      spec,
      observed({ profiles: ['default'], origin: inst('tpl', 'Stopped', { snapshots: ['copy'] }) }),
      NO_CC,
    );
    assert.deepEqual(plan.steps, [
      lxdStep('create profile web1.lxdops (0 disk devices)', 'POST', '/1.0/profiles', 'default', {
        name: 'web1.lxdops',
        description: 'lxdops profile',
        config: {},
        devices: {},
      }),
      createInstance(
        ['default', 'web1.lxdops'],
        { type: 'copy', source: 'tpl/copy', instance_only: true },
        { description: 'copy tpl/copy to container web1', config: { 'user.lxdops.built-from': 'tpl/copy' } },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
  });

  test('`proj_tpl/copy` copies snapshot copy of tpl in project proj (not tpl/copy/copy)', () => {
    const spec = specOf({ [ROOT]: cfg('proj_tpl/copy') }, ROOT);
    const plan = launchPlan(
      spec,
      observed({ profiles: ['default'], origin: inst('tpl', 'Stopped', { snapshots: ['copy'] }) }),
      NO_CC,
    );
    assert.deepEqual(
      plan.steps[1],
      createInstance(
        ['default', 'web1.lxdops'],
        { type: 'copy', source: 'tpl/copy', instance_only: true, project: 'proj' },
        {
          description: 'copy proj_tpl/copy to container web1',
          config: { 'user.lxdops.built-from': 'tpl/copy' },
        },
      ),
    );
  });

  test('the copy records the snapshot it is built from: its name and its created_at (fleet identity)', () => {
    const spec = specOf({ [ROOT]: cfg('tpl/copy') }, ROOT);
    const origin = {
      ...inst('tpl', 'Stopped', { snapshots: ['copy'] }),
      snapshotIds: { copy: '2026-01-02T03:04:05Z' },
    };
    const plan = launchPlan(spec, observed({ profiles: ['default'], origin }), NO_CC);
    const body = (plan.steps[1] as { request: { body: { config: Record<string, string> } } }).request.body;
    assert.equal(body.config['user.lxdops.built-from'], 'tpl/copy');
    assert.equal(body.config['user.lxdops.built-from.id'], '2026-01-02T03:04:05Z');
  });

  test('`proj_tpl` (no snapshot) copies the container itself', () => {
    const spec = specOf({ [ROOT]: cfg('proj_tpl', 'web') }, ROOT);
    const plan = launchPlan(spec, observed({ profiles: ['default'], origin: inst('tpl', 'Stopped') }), NO_CC);
    assert.deepEqual(
      plan.steps[1],
      createInstance(
        ['default', 'web1.lxdops'],
        { type: 'copy', source: 'tpl', instance_only: true, project: 'proj' },
        { description: 'copy proj_tpl to container web1', project: 'web' },
      ),
    );
  });

  test('a missing origin container or snapshot → PlanError', () => {
    const spec = specOf({ [ROOT]: cfg('proj_tpl/copy') }, ROOT);
    assert.throws(
      () => launchPlan(spec, observed({ profiles: ['default'] }), NO_CC),
      (e: unknown) =>
        e instanceof PlanError && e.message === 'origin: the container tpl does not exist in project proj',
    );
    assert.throws(
      () =>
        launchPlan(
          spec,
          observed({ profiles: ['default'], origin: inst('tpl', 'Stopped', { snapshots: ['other'] }) }),
          NO_CC,
        ),
      (e: unknown) =>
        e instanceof PlanError && e.message === 'origin: tpl has no snapshot copy (it has: other)',
    );
  });
});

describe('launchPlan: rebuild', () => {
  const HW = {
    'volatile.eth0.hwaddr': '00:16:3e:aa:bb:cc',
    'volatile.eth1.hwaddr': '00:16:3e:dd:ee:ff',
    'volatile.base_image': 'abc123',
    'image.os': 'Alpine',
    'volatile.eth0.host_name': 'veth1',
  };
  const CONFIG = lx(
    'os:',
    '  name: alpine',
    '  image: busybox',
    'profiles: [default, base]',
    'filesystems:',
    '  host:',
    '    pattern: z/demo/host/(instance)',
    'devices:',
    '  home:',
    '    path: /home',
    '    filesystem: host',
  );
  const PROFILE_BODY = {
    description: 'lxdops profile',
    config: {},
    devices: { home: { type: 'disk', path: '/home', source: '/z/demo/host/web1/home' } },
  };
  const existingState = (status: string, profiles: string[]) =>
    observed({
      instance: inst('web1', status, { profiles, config: HW }),
      profiles: ['default', 'base', 'web1.lxdops', 'extra'],
      datasets: ['z/demo/host/web1'],
      paths: ['/z/demo/host/web1/home'],
    });

  test("running: clean stop (forced when it fails), delete, reuse the data, keep the MACs and the container's profiles", () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(spec, existingState('Running', ['default', 'extra', 'web1.lxdops']), {
      ...NO_CC,
      rebuild: true,
    });
    assert.equal(plan.command, 'rebuild');
    assert.deepEqual(plan.steps, [
      gracefulStopStep('web1', 'default'),
      lxdStep(
        'delete container web1 (its root filesystem and LXD snapshots)',
        'DELETE',
        '/1.0/instances/web1',
        'default',
        undefined,
        { destructive: true, accept: [404] },
      ),
      lxdStep(
        'update profile web1.lxdops (1 disk devices)',
        'PUT',
        '/1.0/profiles/web1.lxdops',
        'default',
        PROFILE_BODY,
      ),
      createInstance(
        ['default', 'extra', 'web1.lxdops'],
        { type: 'image', alias: 'busybox' },
        {
          description: 'create container web1 from busybox',
          config: {
            'volatile.eth0.hwaddr': '00:16:3e:aa:bb:cc',
            'volatile.eth1.hwaddr': '00:16:3e:dd:ee:ff',
          },
        },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
    ]);
    assert.deepEqual(plan.notes, ['keeps eth0 00:16:3e:aa:bb:cc, eth1 00:16:3e:dd:ee:ff']);
  });

  test('stopped: no stop step', () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(spec, existingState('Stopped', ['default', 'web1.lxdops']), {
      ...NO_CC,
      rebuild: true,
    });
    assert.equal(plan.steps[0]!.description, 'delete container web1 (its root filesystem and LXD snapshots)');
  });

  test("rebuildProfiles: the config's list instead of the container's, and it is checked", () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(spec, existingState('Stopped', ['default', 'extra', 'web1.lxdops']), {
      ...NO_CC,
      rebuild: true,
      rebuildProfiles: true,
    });
    const create = plan.steps.find((s) => s.kind === 'lxd' && s.request.path === '/1.0/instances');
    assert.ok(create && create.kind === 'lxd');
    assert.deepEqual((create.request.body as { profiles: string[] }).profiles, [
      'default',
      'base',
      'web1.lxdops',
    ]);
    const o = existingState('Stopped', ['default', 'web1.lxdops']);
    o.profiles.delete('base');
    assert.throws(() => launchPlan(spec, o, { ...NO_CC, rebuild: true, rebuildProfiles: true }), PlanError);
    // with preserved profiles, the config's list is not checked
    assert.doesNotThrow(() => launchPlan(spec, o, { ...NO_CC, rebuild: true }));
  });

  test('preserved profiles without the instance profile: a note', () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(spec, existingState('Stopped', ['default']), { ...NO_CC, rebuild: true });
    assert.ok(
      plan.notes.includes(
        "the container's profiles (default) do not include web1.lxdops; use --profiles to take the config's list",
      ),
    );
  });

  test('rebuild of a container that does not exist is a launch (no stop, no delete, MACs none)', () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(
      spec,
      observed({
        profiles: ['default', 'base'],
        datasets: ['z/demo/host/web1'],
        paths: ['/z/demo/host/web1/home'],
      }),
      { ...NO_CC, rebuild: true },
    );
    assert.deepEqual(
      plan.steps.map((s) => s.description),
      [
        'create profile web1.lxdops (1 disk devices)',
        'create container web1 from busybox',
        'start web1',
        'wait until web1 runs and accepts commands',
      ],
    );
  });
});

describe('launchPlan: profiles-config / profiles-run (reference §6.2 step 8)', () => {
  test('configureProfiles: [a, run, b] with profiles-config [config] and profiles-run [run] → [config, a, b]', () => {
    const spec = specOf(
      { [ROOT]: lx('profiles: [a, run, b]', 'profiles-config: [config]', 'profiles-run: [run]') },
      ROOT,
    );
    assert.deepEqual(configureProfiles(['a', 'run', 'b'], spec), ['config', 'a', 'b']);
  });

  test('the container is created with [config, a, b, <profile>] and ends with the full list', () => {
    const spec = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'profiles: [a, run, b]',
          'profiles-config: [config]',
          'profiles-run: [run]',
        ),
      },
      ROOT,
    );
    const plan = launchPlan(spec, observed({ profiles: ['a', 'run', 'b', 'config'] }), NO_CC);
    assert.deepEqual(plan.steps, [
      lxdStep('create profile web1.lxdops (0 disk devices)', 'POST', '/1.0/profiles', 'default', {
        name: 'web1.lxdops',
        description: 'lxdops profile',
        config: {},
        devices: {},
      }),
      createInstance(
        ['config', 'a', 'b', 'web1.lxdops'],
        { type: 'image', alias: 'busybox' },
        { description: 'create container web1 from busybox' },
      ),
      stateStep('web1', 'default', 'start'),
      waitRunning('web1', 'default'),
      lxdStep('set the profiles of web1: a, run, b, web1.lxdops', 'PATCH', '/1.0/instances/web1', 'default', {
        profiles: ['a', 'run', 'b', 'web1.lxdops'],
      }),
    ]);
  });

  test('without an instance profile the lists are exactly [config, a, b] then [a, run, b]', () => {
    const spec = specOf(
      {
        [ROOT]: lx(
          'os:',
          '  name: alpine',
          '  image: busybox',
          'properties:',
          '  none: ""',
          'profile-pattern: (none)',
          'profiles: [a, run, b]',
          'profiles-config: [config]',
          'profiles-run: [run]',
        ),
      },
      ROOT,
    );
    const plan = launchPlan(spec, observed({ profiles: ['a', 'run', 'b', 'config'] }), NO_CC);
    const bodies = plan.steps.flatMap((s) =>
      s.kind === 'lxd' && s.request.body && typeof s.request.body === 'object' && 'profiles' in s.request.body
        ? [(s.request.body as { profiles: string[] }).profiles]
        : [],
    );
    assert.deepEqual(bodies, [
      ['config', 'a', 'b'],
      ['a', 'run', 'b'],
    ]);
  });
});

describe('launchPlan: stop and snapshot at the end', () => {
  const CONFIG = lx(
    'os:',
    '  name: alpine',
    '  image: busybox',
    'profiles: [a, run]',
    'profiles-run: [run]',
    'stop: true',
    'snapshot: copy',
  );

  test('wait, stop, final profiles, then the LXD snapshot', () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(spec, observed({ profiles: ['a', 'run'] }), { ...NO_CC, waitBeforeStop: 5 });
    assert.deepEqual(plan.steps.slice(4), [
      { kind: 'sleep', description: 'wait 5 s for scripts to finish', destructive: false, seconds: 5 },
      stateStep('web1', 'default', 'stop'),
      lxdStep('set the profiles of web1: a, run, web1.lxdops', 'PATCH', '/1.0/instances/web1', 'default', {
        profiles: ['a', 'run', 'web1.lxdops'],
      }),
      lxdStep('take LXD snapshot web1/copy', 'POST', '/1.0/instances/web1/snapshots', 'default', {
        name: 'copy',
      }),
    ]);
  });

  test('an existing LXD snapshot is not taken again (launch over an existing container)', () => {
    const spec = specOf({ [ROOT]: CONFIG }, ROOT);
    const plan = launchPlan(
      spec,
      observed({
        profiles: ['a', 'run', 'web1.lxdops'],
        instance: inst('web1', 'Stopped', { profiles: ['a', 'run', 'web1.lxdops'], snapshots: ['copy'] }),
      }),
      NO_CC,
    );
    assert.equal(
      plan.steps.some((s) => s.kind === 'lxd' && s.request.path.endsWith('/snapshots')),
      false,
    );
    assert.ok(plan.notes.includes('snapshot web1/copy exists: not taken again'));
  });
});

describe('launchPlan: cloud-config', () => {
  const files = {
    [ROOT]: lx(
      'os:',
      '  name: alpine',
      '  image: busybox',
      'profiles: [default]',
      'cloud-config-files: [web.cfg]',
    ),
    '/ws/web.cfg': cc('packages: [curl]', 'runcmd:', '  - echo hi'),
  };

  test('packages need the network: wait for an IPv4 address, then the cloud-config steps', () => {
    const spec = specOf(files, ROOT);
    const plan = launchPlan(spec, observed({ profiles: ['default'] }), {
      cloudConfigs: parsedFiles(files, ['/ws/web.cfg']),
      networkTimeoutSeconds: 30,
    });
    assert.deepEqual(plan.steps.slice(3), [
      waitRunning('web1', 'default'),
      waitIpv4('web1', 'default', 30),
      execStep('install curl', ['apk', 'add', 'curl']),
      execStep('run command 1', ['sh', '-c', 'echo hi']),
    ]);
  });

  test('an OS without a handler → PlanError', () => {
    const f = {
      ...files,
      [ROOT]: lx(
        'os:',
        '  name: centos',
        '  image: busybox',
        'profiles: [default]',
        'cloud-config-files: [web.cfg]',
      ),
    };
    assert.throws(
      () =>
        launchPlan(specOf(f, ROOT), observed({ profiles: ['default'] }), {
          cloudConfigs: parsedFiles(f, ['/ws/web.cfg']),
        }),
      PlanError,
    );
  });
});
