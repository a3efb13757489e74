// instanceSpec: a root's merged config with every pattern substituted (reference §2.6, §4, §6.1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceSpec, type InstanceSpec, SpecError } from '../../../core/src/engine/instanceSpec';
import { globalProps } from '../../helpers';
import { lx, rootOf, specOf } from './support';

const ROOT = '/ws/web1.yaml';

describe('instanceSpec: substitution of every pattern field', () => {
  const files = {
    [ROOT]: lx(
      'project: web',
      'container: c-(instance)',
      'profile-pattern: (instance)-(project).prof',
      'origin: (tplproj)_(tpl)/(snap)',
      'device-owner: (uid):(uid)',
      'os:',
      '  name: alpine',
      '  image: (remote):alpine/(ver)',
      '  version: "3.19"',
      'properties:',
      '  fsroot: z/demo',
      '  remote: images',
      '  ver: "3.19"',
      '  uid: "1000000"',
      '  tplproj: base',
      '  tpl: tpl',
      '  snap: s1',
      '  literal: (instance)-not-rescanned',
      'profile-config:',
      '  boot.autostart: "false"',
      'filesystems:',
      '  host:',
      '    pattern: (fsroot)/host/(project_instance)',
      '    zfsproperties:',
      '      compression: lz4',
      '      recordsize: 16k',
      '    destroy: true',
      '  log:',
      '    pattern: /var/log/lxdops/(project/)(instance)',
      '    transient: true',
      'devices:',
      '  home:',
      '    path: /home',
      '    filesystem: host',
      '  data:',
      '    path: /data',
      '    filesystem: host',
      '    dir: data-(instance)',
      '  log:',
      '    path: /var/log',
      '    filesystem: log',
      '    dir: .',
      '  abs:',
      '    path: /srv',
      '    filesystem: host',
      '    dir: /srv/(instance)/(literal)',
      'profiles: [default, base]',
      'profiles-config: [cfg]',
      'profiles-run: [base]',
      'lxc-options: [--vm]',
      'cloud-config-files: [web.cfg]',
      'stop: true',
      'snapshot: copy',
    ),
  };

  test('the whole spec, exactly', () => {
    const expected: InstanceSpec = {
      config: ROOT,
      instance: 'web1',
      project: 'web',
      container: 'c-web1',
      profile: 'web1-web.prof',
      profileDescription: 'lxdops profile',
      profileConfig: { 'boot.autostart': 'false' },
      os: { name: 'alpine', image: 'images:alpine/3.19' },
      origin: { project: 'base', container: 'tpl', snapshot: 's1', text: 'base_tpl/s1' },
      owner: '1000000:1000000',
      filesystems: [
        {
          id: 'host',
          dataset: 'z/demo/host/web_web1',
          dir: '/z/demo/host/web_web1',
          zfsproperties: [
            ['compression', 'lz4'],
            ['recordsize', '16k'],
          ],
          destroy: true,
          transient: false,
        },
        { id: 'log', dir: '/var/log/lxdops/web/web1', zfsproperties: [], destroy: false, transient: true },
      ],
      devices: [
        {
          name: 'home',
          path: '/home',
          filesystem: 'host',
          source: '/z/demo/host/web_web1/home',
          readonly: false,
        },
        {
          name: 'data',
          path: '/data',
          filesystem: 'host',
          source: '/z/demo/host/web_web1/data-web1',
          readonly: false,
        },
        {
          name: 'log',
          path: '/var/log',
          filesystem: 'log',
          source: '/var/log/lxdops/web/web1',
          readonly: false,
        },
        // a property value is not scanned again: `(instance)` inside it stays literal
        {
          name: 'abs',
          path: '/srv',
          filesystem: 'host',
          source: '/srv/web1/(instance)-not-rescanned',
          readonly: false,
        },
      ],
      profiles: ['default', 'base'],
      profilesConfig: ['cfg'],
      profilesRun: ['base'],
      lxcOptions: ['--vm'],
      cloudConfigFiles: ['/ws/web.cfg'],
      stop: true,
      snapshot: 'copy',
    };
    assert.deepEqual(specOf(files, ROOT), expected);
  });

  test('a plain directory filesystem (`/x`) has no dataset; a dataset (`z/x`) lives at `/z/x`', () => {
    const s = specOf(
      { [ROOT]: lx('filesystems:', '  a:', '    pattern: /x', '  b:', '    pattern: z/x') },
      ROOT,
    );
    assert.deepEqual(
      s.filesystems.map((f) => ({ id: f.id, dataset: f.dataset, dir: f.dir })),
      [
        { id: 'a', dataset: undefined, dir: '/x' },
        { id: 'b', dataset: 'z/x', dir: '/z/x' },
      ],
    );
    assert.equal('dataset' in s.filesystems[0]!, false, 'a plain dir has no dataset key at all');
  });

  test('device source dirs: default = device name, `.` = the filesystem dir, absolute dir as is', () => {
    const s = specOf(
      {
        [ROOT]: lx(
          'filesystems:',
          '  fs:',
          '    pattern: z/demo/(instance)',
          'devices:',
          '  home:',
          '    path: /home',
          '    filesystem: fs',
          '  empty:',
          '    path: /e',
          '    filesystem: fs',
          '    dir: ""',
          '  dot:',
          '    path: /d',
          '    filesystem: fs',
          '    dir: .',
          '  sub:',
          '    path: /s',
          '    filesystem: fs',
          '    dir: a/b',
          '  abs:',
          '    path: /a',
          '    filesystem: fs',
          '    dir: /opt/(instance)',
        ),
      },
      ROOT,
    );
    assert.deepEqual(
      s.devices.map((d) => [d.name, d.source]),
      [
        ['home', '/z/demo/web1/home'],
        ['empty', '/z/demo/web1/empty'],
        ['dot', '/z/demo/web1'],
        ['sub', '/z/demo/web1/a/b'],
        ['abs', '/opt/web1'],
      ],
    );
  });

  test('the profile name defaults to (instance).lxdops; the container to (instance)', () => {
    const s = specOf({ [ROOT]: lx('profiles: [default]') }, ROOT);
    assert.equal(s.profile, 'web1.lxdops');
    assert.equal(s.container, 'web1');
    assert.equal(
      specOf({ [ROOT]: lx('profiles: [default]') }, ROOT, { name: 'other' }).profile,
      'other.lxdops',
    );
  });

  test('an empty profile-pattern does not clear the default (override if non-empty)', () => {
    assert.equal(specOf({ [ROOT]: lx('profile-pattern: ""') }, ROOT).profile, 'web1.lxdops');
    const withInclude = {
      '/ws/base.yaml': lx('profile-pattern: (instance).p'),
      [ROOT]: lx('include: [base.yaml]', 'profile-pattern: ""'),
    };
    assert.equal(specOf(withInclude, ROOT).profile, 'web1.p');
  });

  test('a profile-pattern that substitutes to "" means no lxdops profile', () => {
    assert.equal(
      specOf({ [ROOT]: lx('properties:', '  none: ""', 'profile-pattern: (none)') }, ROOT).profile,
      '',
    );
  });

  test('built-ins in the default project: (project) default, (project/) empty, (project_instance) = instance', () => {
    const s = specOf(
      {
        [ROOT]: lx(
          'container: (project)-(instance)',
          'filesystems:',
          '  a:',
          '    pattern: /v/(project/)(project_instance)',
        ),
      },
      ROOT,
    );
    assert.equal(s.project, 'default');
    assert.equal(s.container, 'default-web1');
    assert.equal(s.filesystems[0]!.dir, '/v/web1');
  });

  test('built-ins in a non-default project, from the config or from --project', () => {
    const text = lx(
      'container: (project)-(instance)',
      'filesystems:',
      '  a:',
      '    pattern: /v/(project/)(project_instance)',
    );
    const fromConfig = specOf({ [ROOT]: lx('project: web', ...text.split('\n').slice(1, -1)) }, ROOT);
    assert.equal(fromConfig.project, 'web');
    assert.equal(fromConfig.container, 'web-web1');
    assert.equal(fromConfig.filesystems[0]!.dir, '/v/web/web_web1');
    const fromFlag = specOf({ [ROOT]: text }, ROOT, { project: 'prod' });
    assert.equal(fromFlag.project, 'prod');
    assert.equal(fromFlag.container, 'prod-web1');
    assert.equal(fromFlag.filesystems[0]!.dir, '/v/prod/prod_web1');
  });

  test('-P beats config properties, which beat built-ins, which beat global properties', () => {
    const r = rootOf(
      { [ROOT]: lx('properties:', '  a: config', '  b: config', 'container: (a)-(b)-(c)-(instance)') },
      ROOT,
      {
        commandLineProperties: new Map([['a', 'cli']]),
        globalProperties: globalProps('/home/u/.config/lxdops/properties.yaml', {
          a: 'g',
          b: 'g',
          c: 'global',
          instance: 'g',
        }),
      },
    );
    assert.equal(instanceSpec(r).container, 'cli-config-global-web1');
  });
});

describe('instanceSpec: source instances', () => {
  const base = [
    'properties:',
    '  fsroot: z/demo',
    '  tpl: tpl1',
    'filesystems:',
    '  host:',
    '    pattern: (fsroot)/host/(instance)',
    '  log:',
    '    pattern: /var/log/lxdops/(project_instance)',
    '    transient: true',
    'devices:',
    '  home:',
    '    path: /home',
    '    filesystem: host',
    '  conf:',
    '    path: /etc/app',
    '    filesystem: host',
    '    dir: conf-(instance)',
    '  log:',
    '    path: /var/log',
    '    filesystem: log',
    '    dir: .',
  ];

  test('device-template: the template devices are substituted with the TEMPLATE instance name', () => {
    const s = specOf({ [ROOT]: lx('project: web', 'device-template: (tpl)', ...base) }, ROOT);
    assert.equal(s.deviceOrigin, undefined);
    assert.equal(s.deviceTemplate?.instance, 'tpl1');
    assert.deepEqual(
      [...s.deviceTemplate!.devices.values()].map((d) => [d.name, d.source]),
      [
        ['home', '/z/demo/host/tpl1/home'],
        ['conf', '/z/demo/host/tpl1/conf-tpl1'],
        ['log', '/var/log/lxdops/web_tpl1'],
      ],
    );
    // the instance itself keeps its own name
    assert.deepEqual(
      s.devices.map((d) => d.source),
      ['/z/demo/host/web1/home', '/z/demo/host/web1/conf-web1', '/var/log/lxdops/web_web1'],
    );
  });

  test('device-origin: the source filesystems are substituted with the SOURCE instance name', () => {
    const s = specOf({ [ROOT]: lx('device-origin: (tpl)@copy', 'device-template: ignored', ...base) }, ROOT);
    assert.equal(s.deviceTemplate, undefined, 'device-origin takes priority over device-template');
    assert.equal(s.deviceOrigin?.instance, 'tpl1');
    assert.equal(s.deviceOrigin?.snapshot, 'copy');
    assert.deepEqual(
      [...s.deviceOrigin!.filesystems.entries()],
      [
        [
          'host',
          {
            id: 'host',
            dataset: 'z/demo/host/tpl1',
            dir: '/z/demo/host/tpl1',
            zfsproperties: [],
            destroy: false,
            transient: false,
          },
        ],
        [
          'log',
          { id: 'log', dir: '/var/log/lxdops/tpl1', zfsproperties: [], destroy: false, transient: true },
        ],
      ],
    );
  });

  test('device-origin whose source name depends on (instance): the source is evaluated once, for that name', () => {
    const s = specOf({ [ROOT]: lx('device-origin: (instance)-tpl@copy', ...base) }, ROOT);
    assert.equal(s.deviceOrigin?.instance, 'web1-tpl');
    assert.equal(s.deviceOrigin?.filesystems.get('host')?.dataset, 'z/demo/host/web1-tpl');
  });

  for (const bad of ['tpl1', '@copy', 'tpl1@', 'a@b@c']) {
    test(`device-origin \`${bad}\` is not <instance>@<snapshot>: SpecError`, () => {
      assert.throws(
        () => specOf({ [ROOT]: lx(`device-origin: "${bad}"`, ...base) }, ROOT),
        (e: unknown) => e instanceof SpecError && e.message.includes(`device-origin ${bad}`),
      );
    });
  }
});

describe('instanceSpec: SpecError on an undefined property', () => {
  const cases: [string, string[]][] = [
    ['container', ['container: (nope)-x']],
    ['profile-pattern', ['profile-pattern: (nope).lxdops']],
    ['origin', ['origin: (nope)']],
    ['device-origin', ['device-origin: (nope)@s']],
    ['device-template', ['device-template: (nope)']],
    ['device-owner', ['device-owner: (nope)']],
    ['os.image', ['os:', '  name: alpine', '  image: (nope)']],
    ['filesystems.host.pattern', ['filesystems:', '  host:', '    pattern: z/(nope)/x']],
    [
      'devices.home.dir',
      [
        'filesystems:',
        '  host:',
        '    pattern: z/x',
        'devices:',
        '  home:',
        '    path: /home',
        '    filesystem: host',
        '    dir: (nope)',
      ],
    ],
  ];
  for (const [field, lines] of cases) {
    test(`in ${field}`, () => {
      assert.throws(
        () => specOf({ [ROOT]: lx(...lines) }, ROOT),
        (e: unknown) => e instanceof SpecError && e.message === `${field}: property (nope) is not defined`,
      );
    });
  }

  test('in a device-template source (the same config evaluated for the template)', () => {
    // (tplonly) is defined for nobody: the source instance fails too, with the field named
    assert.throws(
      () =>
        specOf(
          { [ROOT]: lx('device-template: tpl1', 'filesystems:', '  host:', '    pattern: z/(tplonly)') },
          ROOT,
        ),
      (e: unknown) =>
        e instanceof SpecError && e.message === 'filesystems.host.pattern: property (tplonly) is not defined',
    );
  });
});
