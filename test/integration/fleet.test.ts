// The fleet on the real stack (issue 11 §6): a busybox template launched with `snapshot: snap` and
// five clones (`origin: <template>/snap`, each with data on its own ZFS filesystem). fleet status
// shows them current; a new template snapshot makes them stale; fleet upgrade --parallel 3 makes
// them current again with their data byte-identical and their MACs kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FleetStatus, FleetTemplate } from '../../core/src/fleet/fleetTypes';
import {
  checksums,
  fleetNames,
  killedWhen,
  launchFleet,
  writeFleet,
  renameSnapshot,
  takeSnapshot,
} from './fleetStack';
import { HOST, instance, lxdops, lxdSnapshots, ok, shown, stackHooks, write } from './stack';

const F = fleetNames('fleet');
const COUNT = 5;

describe(`integration: fleet (${HOST.label})`, () => {
  let dir = '';
  let paths: { template: string; clones: string[] } = { template: '', clones: [] };
  stackHooks(F.tag, { ready: (d) => (dir = d) });

  const status = async (): Promise<FleetTemplate> => {
    const r = ok(
      await lxdops(['fleet', 'status', '--format', 'json', '--host', HOST.name, dir], { cwd: dir }),
    );
    const parsed = JSON.parse(r.stdout) as FleetStatus;
    const mine = parsed.templates.filter((t) => t.instance === F.template);
    assert.equal(mine.length, 1, shown(r));
    return mine[0]!;
  };
  const states = (t: FleetTemplate) => t.clones.map((c) => `${c.instance}:${c.state}`);
  const all = (state: string) => Array.from({ length: COUNT }, (_, i) => `${F.clone(i + 1)}:${state}`);

  test('a template and 5 clones: fleet status shows them current, with the contract keys', async () => {
    paths = writeFleet(dir, F, COUNT);
    await launchFleet(dir, paths, F.tag);
    const t = await status();
    assert.deepEqual(states(t), all('current'));
    assert.deepEqual(Object.keys(t).sort(), ['clones', 'config', 'host', 'instance', 'snapshots']);
    assert.deepEqual(
      Object.keys(t.clones[0]!).filter((k) =>
        ['config', 'instance', 'host', 'state', 'builtFrom'].includes(k),
      ).length,
      5,
    );
    assert.equal(t.config, paths.template);
    assert.deepEqual(t.clones[0]!.builtFrom, { snapshot: 'snap', id: t.snapshots[0]!.id });
    const text = ok(await lxdops(['fleet', 'status', '--host', HOST.name, dir], { cwd: dir })).stdout;
    assert.match(text, new RegExp(`template ${F.template}  on ${HOST.name}`));
    assert.match(text, new RegExp(`    ${F.clone(1)}  current  on ${HOST.name}  built `));
  });

  const host = ['--host', HOST.name];
  const macs = async () => {
    const out: Record<string, string> = {};
    for (let i = 1; i <= COUNT; i++) {
      const info = await instance(F.clone(i));
      out[F.clone(i)] = Object.entries(info!.config)
        .filter(([k]) => /^volatile\..*\.hwaddr$/.test(k))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    }
    return out;
  };
  const data = () => Array.from({ length: COUNT }, (_, i) => checksums(F.dataDir(i + 1)));
  const upgrade = (...args: string[]) =>
    lxdops(['fleet', 'upgrade', ...host, '--configs', dir, ...args, paths.template], { cwd: dir });

  test("--dry-run lists the snapshot steps and every clone's rebuild, and changes nothing", async () => {
    for (let i = 1; i <= COUNT; i++)
      write(`${F.dataDir(i)}/data/site/index.html`, `<p>site ${i} ${Math.random()}</p>\n`);
    const before = await lxdSnapshots(F.template);
    const r = ok(await upgrade('--snapshot', '--dry-run'));
    assert.match(r.stdout, new RegExp(`keep the old snapshot ${F.template}/snap as snap-\\d{14}`));
    assert.match(r.stdout, new RegExp(`take LXD snapshot ${F.template}/snap`));
    assert.match(r.stdout, /dry run: nothing was changed/);
    assert.deepEqual(await lxdSnapshots(F.template), before);
    assert.deepEqual(states(await status()), all('current'));
  });

  test('the template snapshot taken again by hand: every clone is stale, saying why', async () => {
    await renameSnapshot(F.template, 'snap', 'snap-byhand');
    await takeSnapshot(F.template, 'snap');
    const t = await status();
    assert.deepEqual(states(t), all('stale'));
    assert.match(t.clones[0]!.reason!, /taken again/);
  });

  test('upgrade --parallel 3: all current again, data byte-identical, MACs kept, the marks removed', async () => {
    const [dataBefore, macsBefore] = [data(), await macs()];
    const started = Date.now();
    const r = ok(await upgrade('--parallel', '3', '--yes'));
    console.log(`upgrade of ${COUNT} clones --parallel 3: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(r.stdout, new RegExp(`fleet upgrade: ${COUNT} done, 0 reverted, 0 failed, 0 skipped`));
    assert.deepEqual(states(await status()), all('current'));
    assert.deepEqual(data(), dataBefore);
    assert.deepEqual(await macs(), macsBefore);
    const tpl = await instance(F.template);
    assert.equal(tpl!.config['user.lxdops.fleet.upgrade'], undefined);
    assert.equal(tpl!.config['user.lxdops.fleet.upgrade.clones'], undefined);
  });

  test('kill -9 mid-upgrade, then the same command: every clone current, with a container; one new snapshot', async () => {
    const dataBefore = data();
    const args = [
      'fleet',
      'upgrade',
      ...host,
      '--configs',
      dir,
      '--snapshot',
      '--parallel',
      '2',
      '--yes',
      paths.template,
    ];
    const killed = await killedWhen(args, dir, new RegExp(`${F.clone(2)}  running \\[\\d+/\\d+\\] copy`));
    assert.ok(killed.killed, `not killed: ${killed.stderr}`);
    const snapshots = (await lxdSnapshots(F.template)).length;
    const midway = states(await status());
    assert.ok(
      midway.some((s) => !s.endsWith(':current')),
      `killed before the end: ${midway.join(' ')}`,
    );
    console.log(`after kill -9: ${midway.join(' ')}`);
    const r = ok(await upgrade('--snapshot', '--parallel', '2', '--yes'));
    assert.match(r.stderr, /in progress goes on/);
    assert.equal((await lxdSnapshots(F.template)).length, snapshots, 'no other snapshot taken');
    const t = await status();
    assert.deepEqual(states(t), all('current'));
    for (let i = 1; i <= COUNT; i++) assert.ok(await instance(F.clone(i)), `${F.clone(i)} has a container`);
    assert.deepEqual(data(), dataBefore);
  });

  test('a clone whose health command fails is reverted (old container running, data rolled back) while the others finish', async () => {
    await renameSnapshot(F.template, 'snap', 'snap-byhand2');
    await takeSnapshot(F.template, 'snap');
    write(`${F.dataDir(3)}/data/fail-health`, 'this clone fails its health check\n');
    const dataBefore = data();
    const r = await upgrade('--parallel', '3', '--health-cmd', 'test ! -e /data/fail-health', '--yes');
    assert.equal(r.status, 1, shown(r));
    assert.match(r.stdout, new RegExp(`fleet upgrade: ${COUNT - 1} done, 1 reverted, 0 failed, 0 skipped`));
    const t = await status();
    assert.deepEqual(
      states(t),
      all('current').map((s, i) => (i === 2 ? `${F.clone(3)}:reverted` : s)),
    );
    assert.equal((await instance(F.clone(3)))!.status, 'Running');
    assert.deepEqual(data(), dataBefore);
  });
});
