/**
 * The engine against real Incus 6.0, reached over HTTPS with a remote added by `incus remote add`
 * (pinned certificate, client certificate): launch with ZFS filesystems, snapshot, rebuild with the
 * data kept, destroy. Incus and LXD share the API; this proves the one pipeline drives both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRemote, type AddedRemote, removeTrust } from './remotes';
import {
  datasets,
  lxdops,
  dataConfig,
  must,
  ok,
  onlyOn,
  OWNER,
  owner,
  POOL,
  PREFIX,
  requireStack,
  run,
  write,
  zfsDestroy,
} from './stack';

const TAG = `${PREFIX}-incus`;
const NAME = `${TAG}-1`;
const DATASETS = `${POOL}/${TAG}`;
let remote: AddedRemote | undefined;
let dir = '';

async function incusCleanup(): Promise<void> {
  const list = JSON.parse(await must('incus', ['list', '--format', 'json'])) as { name: string }[];
  for (const i of list.filter((x) => x.name.startsWith(`${TAG}-`)))
    await must('incus', ['delete', '--force', i.name]);
  await run('incus', ['profile', 'delete', `${NAME}.lxdops`]);
  await zfsDestroy(DATASETS);
}

async function incusInstance(
  name: string,
): Promise<{ status: string; config: Record<string, string> } | undefined> {
  const r = await run('incus', ['query', `/1.0/instances/${name}`]);
  return r.status === 0 ? JSON.parse(r.stdout) : undefined;
}

const inIncus = (script: string) => must('incus', ['exec', NAME, '--', 'sh', '-c', script]);

// Runs once, in the `local` variant: its host is an Incus remote over HTTPS that it adds itself.
const ONCE = onlyOn(['local'], 'it adds its own Incus remote; the local run covers it');

describe(
  'Incus over HTTPS: launch, snapshot, rebuild (data kept), destroy (real Incus and ZFS)',
  ONCE,
  () => {
    before(async () => {
      await requireStack();
      await incusCleanup();
      remote = await addRemote('incus', 'inc', 'lxdops-it-incus');
      dir = mkdtempSync(join(tmpdir(), 'lxdops-it-incus-'));
    });
    after(async () => {
      await incusCleanup();
      await removeTrust('incus', remote);
    });

    it('runs the whole life of an instance on the incus remote', async () => {
      const config = write(join(dir, `${NAME}.yaml`), dataConfig(DATASETS));
      const env = { INCUS_CONF: remote!.conf, LXD_CONF: '/nonexistent' };
      const at = ['--host', 'inc']; // no lxc remote has the name: it stays 'inc'
      ok(await lxdops(['launch', ...at, config], { cwd: dir, env }));
      const launched = await incusInstance(NAME);
      assert.equal(launched?.status, 'Running');
      assert.equal(launched?.config['user.lxdops.config'], config);
      assert.equal(owner(`/${DATASETS}/${NAME}/data`), OWNER);
      await inIncus('echo kept > /data/file');

      ok(await lxdops(['snapshot', ...at, '-s', 's1', config], { cwd: dir, env }));
      assert.ok((await datasets(DATASETS)).has(`${DATASETS}/${NAME}@s1`));

      ok(await lxdops(['rebuild', '--yes', ...at, config], { cwd: dir, env }));
      assert.equal((await incusInstance(NAME))?.status, 'Running');
      assert.equal((await inIncus('cat /data/file')).trim(), 'kept', 'the data outlives the rebuild');

      ok(await lxdops(['destroy', '--yes', ...at, config], { cwd: dir, env }));
      assert.equal(await incusInstance(NAME), undefined);
      assert.equal((await datasets(DATASETS)).has(`${DATASETS}/${NAME}`), false);
    });
  },
);
