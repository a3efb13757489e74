import type { Doors } from '../engine/engine';
import type { Plan } from '../engine/plan';
import { LxdError } from '../lxd/lxdError';
import { UnusedAnswer } from '../lxd/records/envelope';
import type { RootResult } from '../check/resolveRoot';
import { preflightBlocker } from './blockers';
import type { Blocker, RemoteProbe } from './types';

interface ImageSource {
  type?: string;
  alias?: string;
  fingerprint?: string;
  server?: string;
  protocol?: string;
}

/** The image source of the plan's "create container" step, when it creates one from an image. */
export function imageSourceOf(plan: Plan): ImageSource | undefined {
  for (const step of plan.steps) {
    if (step.kind !== 'lxd' || step.request.method !== 'POST' || step.request.path !== '/1.0/instances')
      continue;
    const source = (step.request.body as { source?: ImageSource } | undefined)?.source;
    if (source?.type === 'image') return source;
  }
  return undefined;
}

/** Where a remote answers: the simplestreams index, or the LXD API root. */
export function probeUrl(source: ImageSource): string {
  const base = (source.server ?? '').replace(/\/+$/, '');
  return source.protocol === 'simplestreams' ? `${base}/streams/v1/index.json` : `${base}/1.0`;
}

async function localImageExists(doors: Doors, source: ImageSource, project: string): Promise<boolean> {
  const path = source.fingerprint
    ? `/1.0/images/${encodeURIComponent(source.fingerprint)}`
    : `/1.0/images/aliases/${encodeURIComponent(source.alias ?? '')}`;
  try {
    await doors.lxd.call({ method: 'GET', path, project }, UnusedAnswer);
    return true;
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return false;
    throw e;
  }
}

/**
 * The image the plan launches from exists: locally (alias or fingerprint), or its remote answers.
 * Returns the blockers and a note when a remote could not be probed.
 */
export async function imageAvailable(
  root: RootResult,
  plan: Plan,
  doors: Doors,
  probe: RemoteProbe | undefined,
): Promise<{ blockers: Blocker[]; notes: string[] }> {
  const source = imageSourceOf(plan);
  const at = root.config.os.image?.origin;
  if (!source) return { blockers: [], notes: [] };
  if (!source.server) {
    if (await localImageExists(doors, source, plan.project)) return { blockers: [], notes: [] };
    const what = source.fingerprint ? `fingerprint ${source.fingerprint}` : `alias ${source.alias}`;
    const message = `os.image: no image with the ${what} in the local image store of LXD (lxc image list); import it, or use remote:alias`;
    return { blockers: [preflightBlocker(root, 'image-missing', message, at)], notes: [] };
  }
  if (!probe) return { blockers: [], notes: [`the image remote ${source.server} was not checked`] };
  const answer = await probe(probeUrl(source));
  if (answer.ok) return { blockers: [], notes: [] };
  const message = `os.image: the image remote ${source.server} does not answer (${answer.message}); import the image locally, or check the network`;
  return { blockers: [preflightBlocker(root, 'image-remote-unreachable', message, at)], notes: [] };
}
