import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

// What the server owns, exercised as a signed-in client would try it: rows it computes can only be
// acknowledged or dismissed, stamps are the server's clock, and a privacy request's status moves
// only by the server.

const db = useTestDatabase();
let user: string;
let other: string;
let alertId: string;
let insightId: string;

beforeAll(async () => {
  user = await createUser(db.pool);
  other = await createUser(db.pool);
  // As the worker would: a goal alert and an insight for `user`.
  const goal = await db.pool.query(`insert into vitalis.goals (user_id, metric_type, metric_name, target_value) values ($1, 'wearable', 'steps', 10000) returning goal_id`, [user]);
  alertId = (await db.pool.query(`insert into vitalis.goal_alerts (user_id, goal_id, triggered_at, trigger_value, message) values ($1, $2, now(), 3000, 'low') returning alert_id`, [user, goal.rows[0].goal_id])).rows[0].alert_id;
  insightId = (await db.pool.query(`insert into vitalis.insights (user_id, title, body) values ($1, 'Sleep and HRV', 'n = 90') returning insight_id`, [user])).rows[0].insight_id;
});

const asUser = <T>(id: string, fn: Parameters<typeof asRequest<T>>[2]) => asRequest(db.pool, { userId: id }, fn);

test('a client cannot create insights or goal alerts, nor edit what they say', async () => {
  await asUser(user, async (c) => {
    expect((await pgError(c, () => c.query(`insert into vitalis.insights (title, body) values ('fake', 'fake')`)))?.code).toBe('42501');
    expect((await pgError(c, () => c.query(`update vitalis.insights set title = 'edited'`)))?.code).toBe('42501');
    expect((await pgError(c, () => c.query(`update vitalis.goal_alerts set acknowledged_at = '2000-01-01'`)))?.code).toBe('42501');
  });
});

test('acknowledging a goal alert stamps it once, with the server’s clock', async () => {
  await asUser(user, async (c) => {
    const first = (await c.query(`select acknowledged_at from vitalis.acknowledge_goal_alert($1)`, [alertId])).rows[0].acknowledged_at as Date;
    expect(Math.abs(first.getTime() - Date.now())).toBeLessThan(60_000);
    const again = (await c.query(`select acknowledged_at from vitalis.acknowledge_goal_alert($1)`, [alertId])).rows[0].acknowledged_at as Date;
    expect(again).toEqual(first);
  });
});

test('another user’s alert or insight is not found', async () => {
  await asUser(other, async (c) => {
    expect(await pgError(c, () => c.query(`select vitalis.acknowledge_goal_alert($1)`, [alertId]))).toMatchObject({ code: 'P0002', message: expect.stringMatching(/^alertId: /) });
    expect(await pgError(c, () => c.query(`select vitalis.dismiss_insight($1)`, [insightId]))).toMatchObject({ code: 'P0002', message: expect.stringMatching(/^insightId: /) });
  });
});

test('dismissing an insight and showing it again', async () => {
  await asUser(user, async (c) => {
    const dismissed = (await c.query(`select is_dismissed, dismissed_at from vitalis.dismiss_insight($1)`, [insightId])).rows[0];
    expect(dismissed.is_dismissed).toBe(true);
    expect(dismissed.dismissed_at).toBeInstanceOf(Date);
    const shown = (await c.query(`select is_dismissed, dismissed_at from vitalis.dismiss_insight($1, false)`, [insightId])).rows[0];
    expect(shown).toEqual({ is_dismissed: false, dismissed_at: null });
  });
});

test('a soft delete records when it happened, whatever time the client sent', async () => {
  await asUser(user, async (c) => {
    const { rows } = await c.query(`insert into vitalis.mood_journal (journal_date, mood_score) values ('2026-01-02', 3) returning journal_id, user_id`);
    expect(rows[0].user_id).toBe(user);
    const deleted = (await c.query(`update vitalis.mood_journal set deleted_at = '1999-01-01' where journal_id = $1 returning deleted_at`, [rows[0].journal_id])).rows[0].deleted_at as Date;
    expect(Math.abs(deleted.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

test('an account deletion is cancelled by the user, but its status is the server’s', async () => {
  // Requests are made through POST /auth/account-deletion or requestAccountDeletion, which re-authenticate (test/privacy).
  const { rows } = await db.pool.query(`insert into vitalis.deletion_requests (user_id) values ($1) returning request_id`, [user]);
  await asUser(user, async (c) => {
    expect((await pgError(c, () => c.query(`insert into vitalis.deletion_requests (status) values ('completed')`)))?.code).toBe('42501');
    expect((await pgError(c, () => c.query(`update vitalis.deletion_requests set status = 'completed'`)))?.code).toBe('42501');
    expect((await c.query(`select request_id, status from vitalis.cancel_account_deletion()`)).rows[0]).toEqual({ request_id: rows[0].request_id, status: 'canceled' });
    expect((await pgError(c, () => c.query(`select vitalis.cancel_account_deletion()`)))?.code).toBe('P0002');
  });
});

test('an edited blood marker gets its verdicts computed again', async () => {
  await asUser(user, async (c) => {
    const panel = (await c.query(`insert into vitalis.blood_panels (panel_name, collected_at) values ('p', now()) returning panel_id`)).rows[0].panel_id;
    const { rows } = await c.query(
      `insert into vitalis.blood_markers (panel_id, raw_name, value_numeric, unit, ref_range_low, ref_range_high) values ($1, 'Thing', 5, 'x', 1, 10) returning marker_id, in_range, flag`,
      [panel],
    );
    expect(rows[0]).toMatchObject({ in_range: true, flag: null });
    const edited = (await c.query(`update vitalis.blood_markers set value_numeric = 50 where marker_id = $1 returning in_range`, [rows[0].marker_id])).rows[0];
    expect(edited.in_range).toBe(false);
  });
});
