// A user's active goals are evaluated inside every one of their data writes, so their number is
// capped: the 101st active goal is refused naming isActive, a deactivated goal frees a place, and
// inactive goals are not counted.
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const insertGoals = (n: number, active = true) =>
  `insert into vitalis.goals (metric_type, metric_name, alert_threshold_high, is_active)
   select 'wearable', 'steps', 20000 + i, ${active} from generate_series(1, ${n}) i`;

test('at most 100 active goals per user; inactive ones do not count', async () => {
  const user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, async (c) => {
    await c.query(insertGoals(100));
    await c.query(insertGoals(5, false));
    const refused = await pgError(c, () => c.query(insertGoals(1)));
    expect(refused).toMatchObject({ code: '23514', column: 'is_active', message: 'isActive: at most 100 active goals per user; deactivate or delete one first' });
    const reactivated = await pgError(c, () => c.query(`update vitalis.goals set is_active = true where goal_id = (select goal_id from vitalis.goals where not is_active limit 1)`));
    expect(reactivated).toMatchObject({ column: 'is_active' });

    await c.query(`update vitalis.goals set is_active = false where goal_id = (select goal_id from vitalis.goals where is_active limit 1)`);
    expect(await pgError(c, () => c.query(insertGoals(1)))).toBeNull();
  });
});

test('one user at the limit does not limit another', async () => {
  const [full, other] = [await createUser(db.pool), await createUser(db.pool)];
  await asRequest(db.pool, { userId: full }, (c) => c.query(insertGoals(100)), true);
  await asRequest(db.pool, { userId: other }, async (c) => {
    expect(await pgError(c, () => c.query(insertGoals(3)))).toBeNull();
  });
});
