import type { z } from 'zod';
import { LxdError } from '../lxdError';

/** A schema of an LXD record: what a typed read is checked against before anyone uses it. */
export type RecordSchema<T> = z.ZodType<T>;

/** An answer of LXD that does not have the shape we rely on: names the request and the field. */
export class LxdRecordError extends LxdError {
  override readonly name = 'LxdRecordError';
}

/** Where a record came from, for the message: `GET /1.0/instances/c1`. */
export interface RecordSource {
  method: string;
  path: string;
  /** The HTTP status of the answer (0 when the record did not come over HTTP, e.g. an event). */
  status?: number;
}

/**
 * Checks `data` against `schema` and returns what it parsed to; throws LxdRecordError whose message
 * names the request, the field and what was wrong, e.g.
 * `GET /1.0/instances/c1: .expanded_devices.home.source: expected string, got number`.
 */
export function parseRecord<T>(schema: RecordSchema<T>, data: unknown, source: RecordSource): T {
  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new LxdRecordError(
    `${source.method} ${source.path}: ${describeIssues(parsed.error.issues)}`,
    source.status ?? 0,
    source.method,
    source.path,
  );
}

const SHOWN_ISSUES = 3;

/** The first few issues, `; `-separated, with how many more there were. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map(describeIssue);
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = fieldPath(issue.path);
  const prefix = at ? `${at}: ` : '';
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `${prefix}missing (expected ${issue.expected})`;
    return `${prefix}expected ${issue.expected}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    const expected = issue.values.map((v) => JSON.stringify(v)).join(' | ');
    if (issue.input === undefined) return `${prefix}missing (expected ${expected})`;
    return `${prefix}expected ${expected}, got ${shortValue(issue.input)}`;
  }
  return `${prefix}${issue.message}`;
}

/** `.a.b[0].c`; keys that are not identifiers are quoted: `.config["user.x"]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      return /^[A-Za-z_][\w-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
