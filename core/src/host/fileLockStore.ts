import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type {
  LockHolder,
  LockIntent,
  LockKey,
  LockRefusal,
  LockStore,
  TakeResult,
} from '../operations/lockStore';
import { defaultLockDir, ensureLockDir } from './lockDir';

/** A lock as stored: its holder and a token that only the holder knows it by. */
interface LockRecord extends LockHolder {
  token: string;
}

/** Letters, digits, `_` and `-` stay; anything else (`.` and `/` included) becomes `%XX`. */
const part = (s: string) =>
  s.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0')}`);

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** The record of a lock file, checked field by field; a string says why it is not one. */
function parseRecord(text: string): LockRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const r = v as Partial<Record<keyof LockRecord, unknown>>;
  const strings = ['command', 'instance', 'hostname', 'since', 'token'] as const;
  if (!r || typeof r !== 'object' || strings.some((k) => typeof r[k] !== 'string')) return 'fields missing';
  if (!Number.isInteger(r.pid) || (r.pid as number) <= 0) return 'no valid pid';
  return r as LockRecord;
}

/** Whether a process of this machine exists (EPERM: it does, it is another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) !== 'ESRCH';
  }
}

type Seen = { gone: true } | { gone: false; text: string; record: LockRecord | string };

/**
 * The locks of this machine's instances, one JSON file per host/project/instance in a directory.
 * A lock appears whole (written to a temporary file, then hard-linked to its name, which fails
 * when the name exists). A lock whose holder is a dead process of this machine is taken over
 * under a short takeover file (created exclusively): the taker reads the lock again there and
 * removes it only if it is still exactly the stale one it judged, so of two takers one wins.
 */
export class FileLockStore implements LockStore {
  private readonly machine: string;
  private readonly alive: (pid: number) => boolean;
  /** The locks this process holds (file → its record), for a release on a forced exit. */
  private readonly held = new Map<string, LockRecord>();

  constructor(
    readonly dir: string = defaultLockDir(),
    o: { machine?: string; alive?: (pid: number) => boolean } = {},
  ) {
    this.machine = o.machine ?? hostname();
    this.alive = o.alive ?? processAlive;
  }

  fileOf(key: LockKey): string {
    return join(this.dir, `${part(key.host)}.${part(key.project)}.${part(key.instance)}.lock`);
  }

  async take(key: LockKey, intent: LockIntent): Promise<TakeResult> {
    ensureLockDir(this.dir);
    const file = this.fileOf(key);
    const mine: LockRecord = {
      command: intent.command,
      instance: intent.instance,
      pid: process.pid,
      hostname: this.machine,
      since: new Date().toISOString(),
      token: randomBytes(12).toString('hex'),
    };
    // A few rounds: the lock can be released or taken over between two looks at it.
    for (let round = 0; round < 5; round++) {
      if (this.create(file, mine)) return this.taken(file, mine);
      const seen = this.read(file);
      if (seen.gone) continue;
      const refusal = this.refusal(file, seen.record);
      if (refusal) return { ok: false, ...refusal };
      const outcome = this.takeOver(file, seen.text, mine);
      if (outcome === true) return this.taken(file, mine);
      if (outcome) return { ok: false, ...outcome };
    }
    const last = this.read(file);
    const refusal = last.gone ? undefined : this.refusal(file, last.record);
    return refusal
      ? { ok: false, ...refusal }
      : { ok: false, why: 'unreadable', where: file, detail: 'it changed at every look' };
  }

  /** Every lock this process holds, released at once (the CLI stopped by a signal, on its way out). */
  releaseHeld(): void {
    for (const [file, mine] of [...this.held]) this.release(file, mine);
  }

  private taken(file: string, mine: LockRecord): TakeResult {
    this.held.set(file, mine);
    return { ok: true, release: async () => this.release(file, mine) };
  }

  /** Why a lock in place cannot be taken; undefined when its holder is dead on this machine (stale). */
  private refusal(file: string, record: LockRecord | string): LockRefusal | undefined {
    if (typeof record === 'string') return { why: 'unreadable', where: file, detail: record };
    const holder: LockHolder = {
      command: record.command,
      instance: record.instance,
      pid: record.pid,
      hostname: record.hostname,
      since: record.since,
    };
    if (record.hostname !== this.machine) return { why: 'held', holder, thisMachine: false, where: file };
    if (this.alive(record.pid)) return { why: 'held', holder, thisMachine: true, where: file };
    return undefined;
  }

  /** Writes the record whole under a temporary name, then links it to `file`; false if `file` exists. */
  private create(file: string, record: LockRecord): boolean {
    const temporary = `${file}.${record.token}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(record)}\n`, { flag: 'wx', mode: 0o644 });
    try {
      linkSync(temporary, file);
      return true;
    } catch (e) {
      if (errno(e) === 'EEXIST') return false;
      throw e;
    } finally {
      unlinkSync(temporary);
    }
  }

  private read(file: string): Seen {
    try {
      const text = readFileSync(file, 'utf8');
      return { gone: false, text, record: parseRecord(text) };
    } catch (e) {
      if (errno(e) === 'ENOENT') return { gone: true };
      throw e;
    }
  }

  /**
   * Replaces the stale lock whose text is `staleText` by `mine`, under the takeover file. True:
   * taken; undefined: someone else was quicker (look again); a refusal: an interrupted takeover.
   */
  private takeOver(file: string, staleText: string, mine: LockRecord): true | LockRefusal | undefined {
    const guard = `${file}.takeover`;
    if (!this.create(guard, mine)) {
      const other = this.read(guard);
      if (other.gone) return undefined;
      const refusal = this.refusal(guard, other.record);
      if (refusal) return refusal;
      return {
        why: 'unreadable',
        where: guard,
        detail: `a takeover of its stale lock by pid ${(other.record as LockRecord).pid} was interrupted`,
      };
    }
    try {
      const now = this.read(file);
      if (now.gone || now.text !== staleText) return undefined;
      unlinkSync(file);
      return this.create(file, mine) || undefined;
    } finally {
      unlinkSync(guard);
    }
  }

  /** Removes the lock if it is still this holder's (its token); a lock taken from it stays. */
  private release(file: string, mine: LockRecord): void {
    if (this.held.get(file) === mine) this.held.delete(file);
    const seen = this.read(file);
    if (seen.gone || typeof seen.record === 'string' || seen.record.token !== mine.token) return;
    unlinkSync(file);
  }
}
