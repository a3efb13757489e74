import type { HostRunner, LxdApi } from '../core/src/engine/doors';
import type { ProgressEvent } from '../core/src/engine/executor';
import type { Plan } from '../core/src/engine/plan';
import type { LxdRequest } from '../core/src/lxd/lxdClient';
import { fmt } from './stats';

/**
 * Where the time of the engine benchmark goes: every LXD request and host command, by kind, for
 * the raw reference and the engine alike, and the engine's phases (planning, each step kind). It
 * wraps the doors, so it measures without changing the engine; `BENCH_DETAIL=1` prints it.
 */
export class Tally {
  private readonly totals = new Map<string, { n: number; ms: number }>();

  add(label: string, ms: number): void {
    const t = this.totals.get(label) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += ms;
    this.totals.set(label, t);
  }

  async time<T>(label: string, f: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await f();
    } finally {
      this.add(label, performance.now() - t);
    }
  }

  /** One line per label, largest first: count and total time (of all rounds together). */
  lines(title: string): string[] {
    const rows = [...this.totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
    return [
      `  ${title}:`,
      ...rows.map(([k, v]) => `    ${fmt(v.ms).padStart(11)}  ${String(v.n).padStart(4)} ×  ${k}`),
    ];
  }
}

/** `GET /1.0/instances/*` for `GET /1.0/instances/bench-01?recursion=1`: one label per kind of request. */
export function requestLabel(r: Pick<LxdRequest, 'method' | 'path'>): string {
  const path = r.path
    .replace(/^\/1\.0\/operations\/[^/]+/, '/1.0/operations/*')
    .replace(/^(\/1\.0\/(?:instances|profiles))\/[^/?]+/, '$1/*')
    .replace(/\/logs\/.*/, '/logs/*')
    .replace(/\?.*$/, '');
  return `${r.method} ${path}`;
}

/** The LXD door, every request timed under its label. */
export function timedLxd(lxd: LxdApi, tally: Tally): LxdApi {
  return {
    call: (r, schema) => tally.time(requestLabel(r), () => lxd.call(r, schema)),
    raw: (r) => tally.time(requestLabel(r), () => lxd.raw(r)),
    waitOperation: (op, r) => tally.time('wait operation', () => lxd.waitOperation(op, r)),
  };
}

/** The host door, every command timed under its tool (and zfs subcommand). */
export function timedHost(host: HostRunner, tally: Tally): HostRunner {
  return {
    run: (c) => tally.time(hostLabel(c.argv), () => host.run(c)),
    exists: (p) => tally.time('exists (lstat)', () => host.exists(p)),
    inspect: (p) => tally.time('inspect (lstat)', () => host.inspect(p)),
  };
}

export function hostLabel(argv: readonly string[]): string {
  const tool = argv[0]!.split('/').pop()!;
  return tool === 'zfs' ? `zfs ${argv[1]}` : tool;
}

/** The executor's events, as time per step kind ("step: wait", "step: host mountpoint", ...). */
export function stepTimer(tally: Tally, plan: () => Plan | undefined): (e: ProgressEvent) => void {
  return (e) => {
    if (e.type !== 'done') return;
    const step = plan()?.steps[e.index];
    if (!step) return;
    const what = step.kind === 'host' ? `host ${hostLabel(step.command.argv)}` : step.kind;
    tally.add(`step: ${what}`, e.ms);
  };
}
