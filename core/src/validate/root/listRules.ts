import { basename } from 'node:path';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import type { Origin } from '../../text/origin';
import type { RootContext } from './rootContext';

function secondOccurrences<T>(items: T[], key: (t: T) => string): { item: T; first: T }[] {
  const seen = new Map<string, T>();
  const out: { item: T; first: T }[] = [];
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first) out.push({ item, first });
    else seen.set(k, item);
  }
  return out;
}

const place = (o: Origin) => basename(o.file);

/** A profile listed twice in the merged `profiles` (includes first, then the including file). */
export function duplicateProfiles(ctx: RootContext): Diagnostic[] {
  return secondOccurrences(ctx.config.profiles, (p) => p.value).map(({ item, first }) =>
    diagnostic(
      'duplicate-profile',
      item.origin,
      `Profile \`${item.value}\` is already listed in ${place(first.origin)}; remove this entry.`,
      {
        related: [{ origin: first.origin, message: `\`${item.value}\` first listed here` }],
      },
    ),
  );
}

/** A cloud-config file listed twice in the merged list would be applied twice. */
export function duplicateCloudConfigs(ctx: RootContext): Diagnostic[] {
  return secondOccurrences(ctx.config.cloudConfigFiles, (e) => e.resolved).map(({ item, first }) =>
    diagnostic(
      'duplicate-cloud-config',
      item.origin,
      `\`${item.raw}\` is already listed in ${place(first.origin)} and would be applied twice; remove this entry.`,
      {
        related: [{ origin: first.origin, message: 'first listed here' }],
      },
    ),
  );
}
