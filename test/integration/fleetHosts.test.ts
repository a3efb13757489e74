// A fleet on two hosts (issue 11 §6): the same template config and clone configs launched on the
// local LXD and the local Incus; fleet status lists the template on each; one fleet upgrade over
// both hosts (hosts in parallel) makes every clone current on both. The clones have no filesystems
// here: both servers run on this machine, where the same pattern would name the same dataset.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import type { FleetStatus } from '../../core/src/fleet/fleetTypes';
import { fleetNames } from './fleetStack';
import { cleanup, configDir, lxdops, must, NIC_PROFILE, ok, requireStack, run, shown, write } from './stack';

const F = fleetNames('fleet');
const HOSTS = [
  { name: 'local', cli: 'lxc' },
  { name: 'incus-local', cli: 'incus' },
] as const;
const COUNT = 2;

async function removeOn(cli: string): Promise<void> {
  const listed = JSON.parse(await must(cli, ['list', '--format', 'json'])) as { name: string }[];
  for (const i of listed.filter((x) => x.name.startsWith('it-fleet-')))
    await must(cli, ['delete', '--force', i.name]);
  const profiles = JSON.parse(await must(cli, ['profile', 'list', '--format', 'json'])) as { name: string }[];
  for (const p of profiles.filter((x) => x.name.startsWith('it-fleet-')))
    await run(cli, ['profile', 'delete', p.name]);
}

describe('integration: a fleet on two hosts (LXD and Incus)', () => {
  let dir = '';
  const template = () => join(dir, `${F.template}.yaml`);
  const clones = () => Array.from({ length: COUNT }, (_, i) => join(dir, `${F.clone(i + 1)}.yaml`));
  before(async () => {
    await requireStack();
    await cleanup(F.tag);
    for (const h of HOSTS) await removeOn(h.cli);
    dir = configDir(F.tag);
    write(
      template(),
      [
        '#lxdops',
        'os: {name: alpine, image: busybox}',
        `profiles: [default, ${NIC_PROFILE}]`,
        'snapshot: snap',
        '',
      ].join('\n'),
    );
    for (const c of clones())
      write(
        c,
        [
          '#lxdops',
          `origin: ${F.template}/snap`,
          'os: {name: alpine}',
          `profiles: [default, ${NIC_PROFILE}]`,
          '',
        ].join('\n'),
      );
  });
  after(async () => {
    // whichever server the suite runs against, this file made instances on both
    for (const h of HOSTS) await removeOn(h.cli);
    await cleanup(F.tag);
  });

  const statusOn = async () => {
    const r = ok(
      await lxdops(['fleet', 'status', '--format', 'json', '--host', 'local', '--host', 'incus-local', dir], {
        cwd: dir,
      }),
    );
    const parsed = JSON.parse(r.stdout) as FleetStatus;
    return parsed.templates
      .filter((t) => t.instance === F.template)
      .map((t) => `${t.host}: ${t.clones.map((c) => c.state).join(',')}`);
  };

  test('launched on both hosts: the template listed on each, every clone current', async () => {
    for (const h of HOSTS) {
      ok(
        await lxdops(['launch', '--yes', '--host', h.name, template()], { cwd: dir }),
        `template on ${h.name}`,
      );
      ok(
        await lxdops(['launch', '--yes', '--host', h.name, '--parallel', '2', ...clones()], { cwd: dir }),
        `clones on ${h.name}`,
      );
    }
    assert.deepEqual(await statusOn(), ['local: current,current', 'incus-local: current,current']);
  });

  test('one upgrade --snapshot over both hosts: every clone current on both, a new snapshot on each', async () => {
    const ids = async (cli: string) =>
      (JSON.parse(await must(cli, ['query', `/1.0/instances/${F.template}/snapshots`])) as string[]).length;
    const before = await Promise.all(HOSTS.map((h) => ids(h.cli)));
    const r = await lxdops(
      [
        'fleet',
        'upgrade',
        '--host',
        'local',
        '--host',
        'incus-local',
        '--configs',
        dir,
        '--snapshot',
        '--parallel',
        '2',
        '--yes',
        template(),
      ],
      { cwd: dir },
    );
    assert.equal(r.status, 0, shown(r));
    assert.match(r.stdout, /fleet upgrade: 4 done, 0 reverted, 0 failed, 0 skipped/);
    assert.match(r.stderr, /local\/it-fleet-1 {2}done/);
    assert.match(r.stderr, /incus-local\/it-fleet-1 {2}done/);
    assert.deepEqual(await statusOn(), ['local: current,current', 'incus-local: current,current']);
    const afterIds = await Promise.all(HOSTS.map((h) => ids(h.cli)));
    afterIds.forEach((n, i) => assert.ok(n > before[i]!, `${HOSTS[i]!.name}: a snapshot more`));
  });
});
