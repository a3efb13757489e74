// prepare(): load → check → pre-flight → plan through recording doubles of the doors. Each
// refusal points at the value to fix, and nothing but reads reached the doors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepare } from '../../../core/src/operations/prepare';
import type { Blocker, PrepareResult } from '../../../core/src/operations/types';
import { spanOf } from '../../helpers';
import { dirEntry, linkEntry, lx } from '../engine/support';
import { request, state, world } from './world';

const ROOT = '/ws/web1.yaml';
const config = (
  o: { image?: string; profiles?: string; props?: string; pattern?: string; extra?: string[] } = {},
) =>
  lx(
    `os: {name: alpine, image: ${o.image ?? 'busybox'}}`,
    `profiles: [${o.profiles ?? 'default'}]`,
    'filesystems:',
    `  host: {pattern: "${o.pattern ?? 'z/demo/host/(instance)'}", destroy: true${o.props ? `, zfsproperties: {${o.props}}` : ''}}`,
    'devices:',
    '  data: {path: /data, filesystem: host}',
    ...(o.extra ?? []),
  );

const blockers = (r: PrepareResult): Blocker[] => (r.ok ? [] : r.blockers);
/** Blockers as [stage, code, the text they point at]. */
const pointed = (r: PrepareResult, text: string) =>
  blockers(r).map((b) => [b.stage, b.code, b.origin ? text.slice(b.origin.start, b.origin.end) : undefined]);

describe('prepare: check', () => {
  test('an error of the config blocks at its key, and LXD and ZFS are not even asked', async () => {
    const text = config({ extra: ['profilez: [x]'] });
    const w = world({ [ROOT]: text });
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(pointed(r, text), [['check', 'unknown-key', 'profilez']]);
    assert.deepEqual(w.journal, []);
  });

  test('a file that is not #lxdops is a load blocker; a missing one too', async () => {
    const w = world({ '/ws/notes.yaml': 'a: 1\n' });
    const r = await prepare(request('launch', ['/ws/notes.yaml', '/ws/gone.yaml']), w.env);
    assert.deepEqual(
      blockers(r).map((b) => [b.stage, b.code, b.file]),
      [
        ['load', 'not-a-config', '/ws/notes.yaml'],
        ['load', 'config-unreadable', '/ws/gone.yaml'],
      ],
    );
  });
});

describe('prepare: pre-flight', () => {
  test('a missing image alias blocks at os.image, before any plan runs', async () => {
    const text = config({ image: 'nosuchimage' });
    const w = world({ [ROOT]: text });
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(pointed(r, text), [['pre-flight', 'image-missing', 'nosuchimage']]);
    assert.match(blockers(r)[0]!.message, /no image with the alias nosuchimage/);
    assert.deepEqual(w.changes(), []);
  });

  test('a missing profile blocks at its entry, with the message the CLI always gave', async () => {
    const text = config({ profiles: 'default, nosuchprofile' });
    const w = world({ [ROOT]: text });
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(pointed(r, text), [['pre-flight', 'profile-missing', 'nosuchprofile']]);
    assert.match(blockers(r)[0]!.message, /missing profiles in project default: nosuchprofile/);
    assert.deepEqual(w.changes(), []);
  });

  test('compression: lz4 is refused by a zfs-fuse table, at the value, with what it accepts', async () => {
    const text = config({ props: 'compression: lz4, atime: "off"' });
    const w = world({ [ROOT]: text });
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(pointed(r, text), [['pre-flight', 'zfs-property-refused', 'lz4']]);
    assert.match(
      blockers(r)[0]!.message,
      /accepts compression: on \| off \| lzjb \| gzip \| gzip-\[1-9\] \| zle, not `lz4`/,
    );
    assert.deepEqual(w.changes(), []);
  });

  test('a table that cannot be read refuses nothing, and a note says the values were not checked', async () => {
    const text = config({ props: 'compression: lz4' });
    const w = world({ [ROOT]: text }, state({ zfsUsage: 'zfs: command not found' }));
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.ok(r.ok, JSON.stringify(blockers(r)));
    assert.match(r.prepared.notes.join('\n'), /could not be read .*values are not checked/);
  });

  test('a pool that does not exist blocks at the pattern', async () => {
    const text = config({ pattern: 'tank/host/(instance)' });
    const w = world({ [ROOT]: text });
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(pointed(r, text), [['pre-flight', 'zfs-pool-missing', '"tank/host/(instance)"']]);
  });

  test('every root is pre-flighted: the blockers of two configs come together', async () => {
    const one = config({ image: 'nosuchimage' });
    const two = config({ profiles: 'nosuchprofile' });
    const w = world({ [ROOT]: one, '/ws/web2.yaml': two });
    const r = await prepare(request('launch', [ROOT, '/ws/web2.yaml']), w.env);
    assert.deepEqual(
      blockers(r).map((b) => [b.instance, b.code]),
      [
        ['web1', 'image-missing'],
        ['web2', 'profile-missing'],
      ],
    );
  });
});

describe('prepare: plans', () => {
  test('a clean launch is prepared: the plan, its (no) destructive steps, and only reads were made', async () => {
    const text = config({ props: 'compression: gzip-9' });
    const w = world({ [ROOT]: text });
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.ok(r.ok, JSON.stringify(blockers(r)));
    const [p] = r.prepared.plans;
    assert.equal(p!.plan.command, 'launch');
    assert.deepEqual(p!.destructive, []);
    const create = p!.plan.steps.find((s) => s.kind === 'host' && s.command.argv[1] === 'create');
    assert.deepEqual(create?.kind === 'host' && create.command.argv, [
      'zfs',
      'create',
      '-p',
      '-o',
      'compression=gzip-9',
      '-o',
      'lxdops:owner=default/web1',
      '--',
      'z/demo/host/web1',
    ]);
    assert.deepEqual(w.changes(), []);
  });

  test('the pre-flight and the plan share one zfs list (datasets and pools); two roots each have theirs, in order', async () => {
    const w = world({ [ROOT]: config(), '/ws/web2.yaml': config() });
    const r = await prepare(request('launch', [ROOT, '/ws/web2.yaml']), w.env);
    assert.ok(r.ok, JSON.stringify(blockers(r)));
    assert.deepEqual(
      r.prepared.plans.map((p) => p.plan.instance),
      ['web1', 'web2'],
    );
    const lists = w.journal.flatMap((e) =>
      e.door === 'host.run' && e.command.argv[1] === 'list' ? [e.command.argv.slice(-2).join(' ')] : [],
    );
    assert.deepEqual(lists.sort(), ['z/demo/host/web1 z', 'z/demo/host/web2 z']);
  });

  test('a link in instance data is a plan blocker with its own code, and nothing but reads were made', async () => {
    const text = config({ extra: ['  ssh: {path: /root/.ssh, filesystem: host, dir: link/.ssh}'] });
    const entries = ['/z', '/z/demo', '/z/demo/host', '/z/demo/host/web1'].map((p) => dirEntry(p));
    const w = world(
      { [ROOT]: text },
      state({
        datasets: new Map([['z/demo/host/web1', 'default/web1']]),
        entries: [...entries, linkEntry('/z/demo/host/web1/link')],
      }),
    );
    const r = await prepare(request('launch', [ROOT]), w.env);
    assert.deepEqual(
      blockers(r).map((b) => [b.stage, b.code]),
      [['plan', 'host-path-link']],
    );
    assert.match(blockers(r)[0]!.message, /^device ssh: \/z\/demo\/host\/web1\/link is a symbolic link/);
    assert.deepEqual(w.changes(), []);
    assert.ok(w.journal.some((e) => e.door === 'host.inspect' && e.path === '/z/demo/host/web1/link/.ssh'));
  });

  test('a state that does not allow the command is a plan blocker (configure of a missing container)', async () => {
    const w = world({ [ROOT]: config() });
    const r = await prepare(request('configure', [ROOT]), w.env);
    assert.deepEqual(
      blockers(r).map((b) => [b.stage, b.code]),
      [['plan', 'plan-refused']],
    );
    assert.match(blockers(r)[0]!.message, /does not exist/);
  });

  test('warnings of the config are carried to the confirmation', async () => {
    const text = config({ extra: ['device-owner: "1000:1000"', 'cloud-config-files: [a.cfg, a.cfg]'] });
    const w = world({ [ROOT]: text, '/ws/a.cfg': '#cloud-config\ntimezone: UTC\n' });
    const r = await prepare(request('create-profile', [ROOT]), w.env);
    assert.ok(r.ok, JSON.stringify(blockers(r)));
    assert.deepEqual(
      r.prepared.plans[0]!.warnings.map((d) => [d.code, text.slice(d.span.start, d.span.end)]),
      [['duplicate-cloud-config', 'a.cfg']],
    );
    assert.deepEqual(spanOf(text, 'a.cfg', 1).start, r.prepared.plans[0]!.warnings[0]!.span.start);
  });
});

test('prepare without any config is a load blocker, not an empty success', async () => {
  const r = await prepare(request('destroy', []), world({}).env);
  assert.deepEqual(
    blockers(r).map((b) => [b.stage, b.code, b.message]),
    [['load', 'config-unreadable', 'no config was chosen']],
  );
});

test('zfs that cannot answer is zfs-unavailable with its message, not a missing pool', async () => {
  const w = world({ [ROOT]: config() });
  const failing = w.env.doors.host.run.bind(w.env.doors.host);
  w.env.doors.host.run = async (c) =>
    c.argv[1] === 'list' ? { exitCode: 1, stdout: '', stderr: 'connect: Connection refused' } : failing(c);
  const r = await prepare(request('launch', [ROOT]), w.env);
  assert.deepEqual(
    blockers(r).map((b) => [b.stage, b.code]),
    [['pre-flight', 'zfs-unavailable']],
  );
  assert.match(blockers(r)[0]!.message, /zfs list failed \(exit 1\): connect: Connection refused/);
});
