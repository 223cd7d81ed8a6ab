// What every task needs besides its payload: one pool for acting as users (the worker's own
// connection, switching role per transaction), configuration, file storage and the logger.
import type { Pool } from 'pg';
import type { Config } from '../config';
import type { AdapterRegistry } from '../providers/registry';
import type { Logger } from '../http/logger';
import type { Storage } from '../storage/s3';

export interface TaskContext {
  pool: Pool;
  config: Config;
  storage: Storage;
  logger: Logger;
  /** Provider adapters; default src/providers/registry.ts (tests substitute their own). */
  adapters?: AdapterRegistry;
}
