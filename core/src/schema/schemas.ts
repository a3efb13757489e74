import cloudConfigSchema from '../../../schemas/cloud-config.schema.json';
import lxdopsSchema from '../../../schemas/lxdops.schema.json';
import lxopsSchema from '../../../schemas/lxops.schema.json';
import type { JsonSchema } from './jsonSchema';
import { SchemaValidator } from './schemaValidator';

let lxdops: SchemaValidator | undefined;
let lxops: SchemaValidator | undefined;
let cloudConfig: SchemaValidator | undefined;

/** The compiled validators, built on first use (ajv compilation is the costly part). */
export const validators = {
  get lxdops(): SchemaValidator {
    return (lxdops ??= new SchemaValidator(lxdopsSchema as JsonSchema));
  },
  get lxops(): SchemaValidator {
    return (lxops ??= new SchemaValidator(lxopsSchema as JsonSchema));
  },
  get cloudConfig(): SchemaValidator {
    return (cloudConfig ??= new SchemaValidator(cloudConfigSchema as JsonSchema));
  },
};
