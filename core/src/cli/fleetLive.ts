import type { CloneProgress } from '../fleet/upgradeTypes';

/** The line of one clone's status: `host/instance  status  [i/n] what`. */
export function progressLine(p: CloneProgress): string {
  const step = p.step !== undefined && p.steps !== undefined ? ` [${p.step}/${p.steps}]` : '';
  const message = p.message ? ` ${p.message.split('\n')[0]}` : '';
  return `${p.host}/${p.instance}  ${p.status}${step}${message}`;
}

export interface LiveStatus {
  update(p: CloneProgress): void;
  /** Ends the live part (the summary follows). */
  close(): void;
}

/** On a terminal: one line per clone, redrawn in place (ANSI: cursor up, clear line), cut to the width. */
function redrawn(write: (s: string) => void, columns: () => number): LiveStatus {
  const lines = new Map<string, string>();
  let drawn = 0;
  const draw = () => {
    let out = drawn ? `\x1b[${drawn}A` : '';
    for (const line of lines.values()) out += `\x1b[2K${line.slice(0, Math.max(20, columns() - 1))}\n`;
    drawn = lines.size;
    write(out);
  };
  return {
    update: (p) => {
      lines.set(`${p.host}/${p.instance}`, progressLine(p));
      draw();
    },
    close: () => undefined,
  };
}

/** Without a terminal: a plain line whenever a clone's status or step changes. */
function plain(write: (s: string) => void): LiveStatus {
  const last = new Map<string, string>();
  return {
    update: (p) => {
      const line = progressLine(p);
      const key = `${p.host}/${p.instance}`;
      if (last.get(key) === line) return;
      last.set(key, line);
      write(`${line}\n`);
    },
    close: () => undefined,
  };
}

export function liveStatus(
  write: (s: string) => void,
  tty: { isTTY?: boolean; columns?: number } | undefined,
): LiveStatus {
  return tty?.isTTY ? redrawn(write, () => tty.columns ?? 100) : plain(write);
}
