import { z } from 'zod';
import { LxdRecordError, parseRecord } from './parseRecord';

/** One message of `/1.0/events` (lifecycle, operation or logging). */
export const EventSchema = z.looseObject({
  type: z.string(),
  timestamp: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  project: z.string().optional(),
  location: z.string().optional(),
});
export type EventRecord = z.output<typeof EventSchema>;

/** The metadata of a lifecycle event: what happened to which resource. */
export const LifecycleMetadataSchema = z.looseObject({
  action: z.string(),
  source: z.string(),
});

/** Parses one websocket message of the event stream into a checked record. */
export function parseEvent(text: string, path = '/1.0/events'): EventRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new LxdRecordError(`event from ${path}: not JSON: ${text.slice(0, 60)}`, 0, 'GET', path);
  }
  return parseRecord(EventSchema, data, { method: 'GET', path });
}
