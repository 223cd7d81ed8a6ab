// writeBatch as a sync uses it: as the user, idempotent, and a provider's later edit of a
// measurement replaces the stored value.
import { writeBatch } from '../../../src/providers/engine/writeBatch';
import { emptyBatch, type SyncBatch } from '../../../src/providers/types';
import { asRequest, createUser, useTestDatabase } from '../../helpers/db';

const db = useTestDatabase();
let userId: string;
beforeAll(async () => {
  userId = await createUser(db.pool);
});

const write = (batch: SyncBatch) => asRequest(db.pool, { role: 'vitalis_worker', userId }, (c) => writeBatch(c, userId, batch), true);
const weighIn = (value: number): SyncBatch => ({
  ...emptyBatch(),
  measurements: [
    { metric: 'weight', value, unit: 'kg', measured_at: '2025-06-01T07:00:00Z', source: 'withings' },
    // The same measurement twice in one answer (pages overlapping) counts once.
    { metric: 'weight', value, unit: 'kg', measured_at: '2025-06-01T07:00:00Z', source: 'withings' },
    { metric: 'body_fat_pct', value: 18.2, unit: '%', measured_at: '2025-06-01T07:00:00Z', source: 'withings' },
  ],
});

test('measurements: inserted once, unchanged on a re-sync, replaced when the provider edits the value', async () => {
  expect((await write(weighIn(72.4))).measurements).toEqual({ inserted: 2, updated: 0, skipped: 1 });
  expect((await write(weighIn(72.4))).measurements).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  expect((await write(weighIn(72.1))).measurements).toEqual({ inserted: 0, updated: 1, skipped: 2 });
  const { rows } = await db.pool.query(`select metric, value::float8 as value from vitalis.measurements where user_id = $1 order by metric::text`, [userId]);
  expect(rows).toEqual([
    { metric: 'body_fat_pct', value: 18.2 },
    { metric: 'weight', value: 72.1 },
  ]);
  const audit = await db.pool.query(`select action, action_by from vitalis.audit_log where table_name = 'measurements' and user_id = $1 order by created_at`, [userId]);
  expect(audit.rows.map((r) => r.action)).toEqual(['INSERT', 'INSERT', 'UPDATE']);
  expect(new Set(audit.rows.map((r) => r.action_by))).toEqual(new Set([userId]));
});
