import type { LxdRequest, Operation } from '../lxd/lxdClient';
import type { RecordSchema } from '../lxd/records/parseRecord';
import type { HostCommand } from './plan';

export interface HostResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs host commands (zfs, mkdir, chown, rsync): locally, with sudo, or over SSH. */
export interface HostRunner {
  run(command: HostCommand): Promise<HostResult>;
  exists(path: string): Promise<boolean>;
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
