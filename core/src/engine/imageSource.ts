import { PlanError } from './planError';

/** Built-in image remotes of the lxc client (reference lxd-api §1.5, §3.4). */
const DEFAULT_REMOTES: Record<string, { addr: string; protocol: string }> = {
  images: { addr: 'https://images.linuxcontainers.org', protocol: 'simplestreams' },
  ubuntu: { addr: 'https://cloud-images.ubuntu.com/releases', protocol: 'simplestreams' },
  'ubuntu-daily': { addr: 'https://cloud-images.ubuntu.com/daily', protocol: 'simplestreams' },
};

export type Remotes = Record<string, { addr: string; protocol?: string }>;

/**
 * The `source` of POST /1.0/instances for `os.image`: a local alias or fingerprint, or
 * `remote:alias` resolved through the lxc client's remotes (or the built-in ones).
 */
export function imageSource(image: string, remotes: Remotes = {}): Record<string, unknown> {
  const colon = image.indexOf(':');
  if (colon === -1 || colon === image.length - 1) {
    return /^[0-9a-f]{12,64}$/.test(image)
      ? { type: 'image', fingerprint: image }
      : { type: 'image', alias: image };
  }
  const remote = image.slice(0, colon);
  const alias = image.slice(colon + 1);
  if (remote === 'local') return { type: 'image', alias };
  const r = remotes[remote] ?? DEFAULT_REMOTES[remote];
  if (!r)
    throw new PlanError(
      `image ${image}: unknown remote \`${remote}\` (known: ${[...new Set([...Object.keys(DEFAULT_REMOTES), ...Object.keys(remotes)])].join(', ')})`,
    );
  return { type: 'image', alias, server: r.addr, protocol: r.protocol ?? 'lxd', mode: 'pull' };
}
