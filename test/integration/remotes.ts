/**
 * Remotes added the way a user adds them: a trust token from the server (`lxc config trust add`,
 * `incus config trust add`), then `lxc remote add NAME TOKEN` into a private LXD_CONF / INCUS_CONF,
 * so the user's own client config is untouched. scripts/setup-https-loopback.sh exposes the local
 * LXD on 127.0.0.1:18443 and Incus on 127.0.0.1:18444.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, run } from './stack';

export const LXD_HTTPS = 'https://127.0.0.1:18443';
export const INCUS_HTTPS = 'https://127.0.0.1:18444';

export const fingerprintOf = (pemFile: string) =>
  new X509Certificate(readFileSync(pemFile, 'utf8')).fingerprint256.replace(/:/g, '').toLowerCase();

export interface AddedRemote {
  conf: string;
  /** The fingerprint of the client certificate the server now trusts (for the cleanup). */
  client: string;
}

/** `lxc remote add NAME TOKEN` (or incus) into a fresh config dir; fails loudly when HTTPS is not set up. */
export async function addRemote(cli: 'lxc' | 'incus', name: string, trustName: string): Promise<AddedRemote> {
  const conf = mkdtempSync(join(tmpdir(), `lxdops-${cli}-conf-`));
  const trustArgs =
    cli === 'lxc' ? ['config', 'trust', 'add', '--name', trustName] : ['config', 'trust', 'add', trustName];
  const token = (await must(cli, trustArgs)).trim().split('\n').pop()!.trim();
  const env: Record<string, string> = cli === 'lxc' ? { LXD_CONF: conf } : { INCUS_CONF: conf };
  const added = await run(cli, ['remote', 'add', name, token], { env });
  if (added.status !== 0)
    throw new Error(
      `${cli} remote add failed (run scripts/setup-https-loopback.sh?): ${added.stderr}${added.stdout}`,
    );
  return { conf, client: fingerprintOf(join(conf, 'client.crt')) };
}

/** Takes the trust of a test client back. */
export async function removeTrust(cli: 'lxc' | 'incus', remote: AddedRemote | undefined): Promise<void> {
  if (remote) await run(cli, ['config', 'trust', 'remove', remote.client]);
}
