// Worker entry: registers tsx so that the worker can load the TypeScript sources, then the check.
import { register } from 'tsx/esm/api';

register();
await import('./checkWorker.ts');
