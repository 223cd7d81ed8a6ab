// One erasure, step by step (docs/erasure.md). Every step can run again: a run killed anywhere is
// completed by the next one (the daily deletions__process queues requests left in processing).
//   begin     the request moves to processing (SQL)
//   purge     the user's storage objects go, early, while the rows still point at them
//   revoke    provider grants are withdrawn where the provider offers it (failures counted, not fatal)
//   stripe    the account's Stripe customer is deleted when this user owns the account or is its
//             last member (a failure throws: the job is retried, the customer id must not be lost)
//   finish    erase_user and the rest in one transaction; it queues the purge again (for objects
//             written meanwhile) and the deletion_completed mail
import type { Pool } from 'pg';
import { deleteStripeCustomer } from '../../billing/stripe';
import type { Config } from '../../config';
import type { Logger } from '../../http/logger';
import type { AdapterRegistry } from '../../providers/registry';
import type { Storage } from '../../storage/s3';
import { purgeUserObjects } from './purgeObjects';
import { revokeProviderGrants } from './revokeGrants';
import { beginErasure, finishErasure, type ErasureCounts } from './steps';

export const ERASURE_STEPS = ['begin', 'purge', 'revoke', 'stripe', 'finish'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

export interface ErasureContext {
  pool: Pool;
  config: Config;
  storage: Storage;
  logger: Logger;
  adapters?: AdapterRegistry;
  /** Called after each step that ran (tests stop the process there). */
  afterStep?: (step: ErasureStep) => Promise<void> | void;
}

export type ErasureOutcome = { status: 'erased'; counts: ErasureCounts } | { status: 'not_due' | 'canceled' | 'completed' | 'missing' };

export async function runErasure(ctx: ErasureContext, requestId: string): Promise<ErasureOutcome> {
  const { pool, config, storage, logger } = ctx;
  const log = logger.child({ requestId });
  const begun = await beginErasure(pool, requestId);
  if (begun.status !== 'erase') {
    log.info({ status: begun.status }, 'erasure: nothing to do');
    return { status: begun.status };
  }
  await ctx.afterStep?.('begin');

  const objectsDeleted = await purgeUserObjects(storage, begun.userId);
  await ctx.afterStep?.('purge');

  const providers = await revokeProviderGrants({ pool, config, logger: log, userId: begun.userId, adapters: ctx.adapters });
  await ctx.afterStep?.('revoke');

  let stripe: 'deleted' | 'absent' | 'disabled' | 'none' = 'none';
  if (begun.stripeCustomerId) stripe = await deleteStripeCustomer(config, begun.stripeCustomerId);
  await ctx.afterStep?.('stripe');

  const counts = await finishErasure(pool, requestId, { objectsDeleted, providers, stripeCustomer: stripe }, stripe === 'deleted' || stripe === 'absent');
  await ctx.afterStep?.('finish');
  log.info({ tables: Object.keys(counts.rows ?? {}).length, objectsDeleted, providers, stripeCustomer: stripe }, 'erasure: completed');
  return { status: 'erased', counts };
}
