// The insights settings SQL needs: the triggers that queue a refresh after new data read the
// debounce from vitalis_private.insights_settings, which the worker writes at start from
// INSIGHTS_DEBOUNCE_SECONDS (the worker is what runs the refresh, so its setting is the one that counts).
import type { Pool } from 'pg';
import type { Config } from '../config';
import { inRequestTransaction } from '../db/requestContext';

export async function publishInsightsSettings(pool: Pool, config: Pick<Config, 'INSIGHTS_DEBOUNCE_SECONDS'>): Promise<void> {
  await inRequestTransaction(pool, { role: 'vitalis_worker' }, (client) =>
    client.query('select vitalis_private.set_insights_debounce($1)', [config.INSIGHTS_DEBOUNCE_SECONDS]),
  );
}
