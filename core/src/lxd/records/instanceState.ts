import { z } from 'zod';
import { listOf } from './common';

/** One address of a network interface. */
export const AddressSchema = z.looseObject({
  family: z.string(),
  address: z.string(),
  scope: z.string(),
  netmask: z.string().optional(),
});

/** One network interface of the state (`lo`, `eth0`, ...). */
export const InterfaceStateSchema = z.looseObject({
  addresses: listOf(AddressSchema),
  hwaddr: z.string().optional(),
  host_name: z.string().optional(),
  state: z.string().optional(),
});

/** `GET /1.0/instances/<n>/state` (lxd-api §1.6); `network` is null for a stopped instance. */
export const InstanceStateSchema = z.looseObject({
  status: z.string(),
  status_code: z.number().optional(),
  pid: z.number().optional(),
  network: z
    .record(z.string(), InterfaceStateSchema)
    .nullish()
    .transform((value) => value ?? {}),
});
export type InstanceStateRecord = z.output<typeof InstanceStateSchema>;
