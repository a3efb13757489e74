// fleetModel: templates from the configs that name them, on each host where they or their clones
// are; kept and -next containers are no clones; fleetConfigOf reads origin, device-origin and -template.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fleetConfigOf, fleetConfigsOf } from '../../../core/src/fleet/fleetConfig';
import { fleetModel } from '../../../core/src/fleet/fleetModel';
import { formatFleet } from '../../../core/src/fleet/fleetText';
import { lx, rootOf, specOf } from '../engine/support';
import { builtFrom, clone, instance, T1, T2, templateConfig } from './support';

const tplInstance = instance('tpl', { snapshots: [['snap', T1]], created: T1 });

describe('fleetModel', () => {
  test('one template, its snapshots and every clone state, with the exact contract keys', () => {
    const configs = [templateConfig, clone('web1'), clone('web2'), clone('web3')];
    const status = fleetModel(configs, [
      {
        host: 'local',
        instances: [
          tplInstance,
          instance('web1', { config: builtFrom('snap', T1), created: T2 }),
          instance('web2', { config: builtFrom('snap', '2025-12-01T00:00:00Z') }),
        ],
      },
    ]);
    assert.deepEqual(Object.keys(status), ['templates']);
    const [t] = status.templates;
    assert.deepEqual(
      { config: t!.config, instance: t!.instance, host: t!.host, snapshots: t!.snapshots },
      { config: '/ws/tpl.yaml', instance: 'tpl', host: 'local', snapshots: [{ name: 'snap', id: T1 }] },
    );
    assert.deepEqual(
      t!.clones.map((c) => [c.instance, c.state, c.host, c.config, c.wants]),
      [
        ['web1', 'current', 'local', '/ws/web1.yaml', 'snap'],
        ['web2', 'stale', 'local', '/ws/web2.yaml', 'snap'],
        ['web3', 'not-created', 'local', '/ws/web3.yaml', 'snap'],
      ],
    );
    assert.equal(t!.clones[0]!.built, T2);
    assert.deepEqual(t!.clones[0]!.builtFrom, { snapshot: 'snap', id: T1 });
  });

  test('kept and -next containers are not clones; a clone lists its kept ones, newest first', () => {
    const kept = (name: string, time: string) =>
      instance(name, { config: { 'user.lxdops.kept.for': 'web1', 'user.lxdops.kept.time': time } });
    const next = instance('web1-next', { config: { 'user.lxdops.next.for': 'web1' } });
    const status = fleetModel(
      [clone('web1')],
      [
        {
          host: 'local',
          instances: [tplInstance, instance('web1'), kept('web1-k1', T1), kept('web1-k2', T2), next],
        },
      ],
    );
    const clones = status.templates[0]!.clones;
    assert.deepEqual(
      clones.map((c) => c.instance),
      ['web1'],
    );
    assert.deepEqual(clones[0]!.kept, ['web1-k2', 'web1-k1']);
  });

  test('two hosts: the template on each where it or a clone exists; a host with neither has none', () => {
    const status = fleetModel(
      [clone('web1')],
      [
        { host: 'local', instances: [tplInstance, instance('web1', { config: builtFrom('snap', T1) })] },
        { host: 'incus-local', instances: [instance('tpl', { snapshots: [['snap', T2]] })] },
        { host: 'other', instances: [] },
      ],
      [{ host: 'down', message: 'unreachable' }],
    );
    assert.deepEqual(
      status.templates.map((t) => [t.host, t.clones.map((c) => c.state)]),
      [
        ['local', ['current']],
        ['incus-local', ['not-created']],
      ],
    );
    assert.deepEqual(status.problems, [{ host: 'down', message: 'unreachable' }]);
  });

  test('a template that exists nowhere is shown on the first host, with its clones not created', () => {
    const status = fleetModel([clone('web1')], [{ host: 'local', instances: [] }]);
    assert.deepEqual(
      status.templates.map((t) => [t.instance, t.host, t.config, t.snapshots, t.clones[0]!.state]),
      [['tpl', 'local', null, [], 'not-created']],
    );
  });

  test('projects: a clone in another project than its template is matched in its own', () => {
    const c = {
      ...clone('web1', 'tpl/snap', 'web'),
      origin: { container: 'tpl', project: 'default', snapshot: 'snap' },
    };
    const status = fleetModel(
      [c],
      [
        {
          host: 'local',
          instances: [tplInstance, instance('web1', { project: 'web', config: builtFrom('snap', T1) })],
        },
      ],
    );
    assert.equal(status.templates[0]!.clones[0]!.state, 'current');
  });

  test('no config names another: no templates, and the text says so', () => {
    const status = fleetModel([templateConfig], [{ host: 'local', instances: [tplInstance] }]);
    assert.deepEqual(status.templates, []);
    assert.match(formatFleet(status), /no templates/);
  });

  test('text: template → snapshot → its clones, then the others with why', () => {
    const status = fleetModel(
      [templateConfig, clone('web1'), clone('web2')],
      [
        {
          host: 'local',
          instances: [tplInstance, instance('web1', { config: builtFrom('snap', T1), created: T2 })],
        },
      ],
      [{ host: 'down', message: 'no answer' }],
    );
    assert.equal(
      formatFleet(status),
      [
        'template tpl  on local  config /ws/tpl.yaml',
        `  snapshot snap  ${T1}`,
        `    web1  current  on local  built ${T2}`,
        '  other clones',
        '    web2  not-created  on local  (no container)',
        'problem: down: no answer',
        '',
      ].join('\n'),
    );
  });
});

describe('fleetConfigOf', () => {
  const ROOT = '/ws/web1.yaml';
  test('origin with project and snapshot; device-origin and device-template as device sources', () => {
    const spec = specOf({ [ROOT]: lx('origin: proj_tpl/snap', 'profiles: [default]') }, ROOT);
    assert.deepEqual(fleetConfigOf(spec), {
      config: ROOT,
      container: 'web1',
      project: 'default',
      origin: { container: 'tpl', project: 'proj', snapshot: 'snap' },
      deviceSources: [],
    });
    const devices = specOf({ [ROOT]: lx('device-template: tpl2', 'profiles: [default]') }, ROOT);
    assert.deepEqual(fleetConfigOf(devices).deviceSources, ['tpl2']);
  });

  test('a root that cannot be substituted is left out, with why', () => {
    const root = rootOf({ [ROOT]: lx('origin: (nope)/snap', 'profiles: [default]') }, ROOT);
    const r = fleetConfigsOf([root]);
    assert.deepEqual(r.configs, []);
    assert.equal(r.unresolved[0]!.config, ROOT);
    assert.match(r.unresolved[0]!.message, /nope/);
  });
});
