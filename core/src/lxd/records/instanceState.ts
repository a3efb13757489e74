import * as z from 'zod/mini';
import { listOf, orEmpty } from './common';

/** One address of a network interface. */
export const AddressSchema = z.looseObject({
  family: z.string(),
  address: z.string(),
  scope: z.string(),
  netmask: z.optional(z.string()),
});

/** One network interface of the state (`lo`, `eth0`, ...). */
export const InterfaceStateSchema = z.looseObject({
  addresses: listOf(AddressSchema),
  hwaddr: z.optional(z.string()),
  host_name: z.optional(z.string()),
  state: z.optional(z.string()),
});

/** `GET /1.0/instances/<n>/state` (lxd-api §1.6); `network` is null for a stopped instance. */
export const InstanceStateSchema = z.looseObject({
  status: z.string(),
  status_code: z.optional(z.number()),
  pid: z.optional(z.number()),
  network: orEmpty(z.record(z.string(), InterfaceStateSchema), () => ({})),
});
export type InstanceStateRecord = z.output<typeof InstanceStateSchema>;
