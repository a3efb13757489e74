import type { LxdRequest, Operation } from '../lxd/lxdClient';
import type { RecordSchema } from '../lxd/records/parseRecord';
import type { HostCommand } from './plan';

export interface HostResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What one component of a host path is, seen without following links (lstat, `stat` without -L). */
export type PathEntry =
  | { path: string; type: 'missing' }
  | {
      path: string;
      /** `file`: a regular file; `other`: a socket, device or fifo. */
      type: 'dir' | 'link' | 'file' | 'other';
      uid: number;
      gid: number;
      /** The permission bits (`0o755`), without the file type. */
      mode: number;
    };

/**
 * Runs host commands (zfs, mkdir, chown, rsync) and looks at host paths: locally, with sudo, or
 * over SSH. What it answers is data only, so every runner can give the same answers.
 */
export interface HostRunner {
  run(command: HostCommand): Promise<HostResult>;
  /** Whether something (a link too) is at `path`; no link is followed. */
  exists(path: string): Promise<boolean>;
  /**
   * The components of the absolute `path` from the top (`/a`, `/a/b`, ...), each seen without
   * following links, up to and including the first one that is not a directory (a link, a file,
   * or missing): what lies behind a link is never looked at.
   */
  inspect(path: string): Promise<PathEntry[]>;
}

/** The part of the LXD API the engine uses (LxdClient implements it). */
export interface LxdApi {
  /**
   * A JSON call whose answer (a sync answer's metadata, or the finished operation of an async one)
   * is checked against `schema` where it enters: no cast stands in for the check.
   */
  call<T>(r: LxdRequest, schema: RecordSchema<T>): Promise<T>;
  raw(
    r: LxdRequest,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
  waitOperation(operation: string, r: Pick<LxdRequest, 'method' | 'path'>): Promise<Operation>;
}
