/**
 * Scratch ZFS pools of the adversarial suite: real zfs-fuse pools backed by a 128 MB file in
 * /tmp/adv, named `advpool<n>` and mounted at `/advpool<n>`. Tests that let a destroy loose make
 * them, so that even a failed guarantee could only ever empty a pool made for the test.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { must, run, sleep, zfsDestroy } from '../integration/stack';

const IMAGES = '/tmp/adv';

export interface ScratchPool {
  name: string;
  /** Where zfs-fuse mounts the pool's root dataset. */
  mountpoint: string;
  image: string;
}

const poolExists = async (name: string) =>
  (await run('zpool', ['list', '-H', '-o', 'name', name])).status === 0;

/**
 * zfs-fuse keeps a recently used pool "busy" for a while: the datasets are destroyed first (with
 * the retrying helper of the integration tests), then `zpool destroy` is retried.
 */
export async function destroyScratchPool(name: string, tries = 30): Promise<void> {
  let last = '';
  for (let i = 0; i < tries && (await poolExists(name)); i++) {
    const children = (await run('zfs', ['list', '-H', '-o', 'name', '-r', '-t', 'filesystem', name])).stdout
      .split('\n')
      .filter((n) => n.split('/').length === 2);
    for (const c of children) await zfsDestroy(c);
    const r = await run('zpool', ['destroy', '-f', name]);
    if (r.status === 0) break;
    last = r.stderr.trim();
    await sleep(1000);
  }
  if (await poolExists(name)) throw new Error(`zpool destroy ${name}: ${last}`);
  rmSync(join(IMAGES, `${name}.img`), { force: true });
  rmSync(`/${name}`, { recursive: true, force: true });
}

/** A fresh pool `advpool<n>` (a leftover of an earlier run is destroyed first). */
export async function createScratchPool(n: number): Promise<ScratchPool> {
  const name = `advpool${n}`;
  await destroyScratchPool(name);
  mkdirSync(IMAGES, { recursive: true });
  const image = join(IMAGES, `${name}.img`);
  await must('truncate', ['-s', '128M', image]);
  await must('zpool', ['create', name, image]);
  const mountpoint = (await must('zfs', ['get', '-H', '-o', 'value', 'mountpoint', name])).trim();
  if (mountpoint !== `/${name}`) throw new Error(`${name} is mounted at ${mountpoint}, not /${name}`);
  return { name, mountpoint, image };
}
