import type { Step } from '../plan';
import { type Ctx, exec, type Json } from './context';

function packageName(p: unknown): string | undefined {
  if (typeof p === 'string') return p;
  if (Array.isArray(p) && p.length === 2) return `${p[0]}=${p[1]}`;
  return undefined;
}

/** One install step per package (apk on alpine, apt-get on debian-likes); snaps are skipped. */
export function packages(c: Ctx, list: unknown[]): Step[] {
  const names: string[] = [];
  for (const p of list) {
    const n = packageName(p);
    if (n) names.push(n);
    else if (p && typeof p === 'object' && c.os === 'debian')
      for (const a of ((p as Json).apt as unknown[]) ?? []) names.push(packageName(a) ?? '');
  }
  return names
    .filter(Boolean)
    .map((n) =>
      c.os === 'alpine'
        ? exec(c, `install ${n}`, ['apk', 'add', n])
        : exec(c, `install ${n}`, ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-y', 'install', n]),
    );
}
