import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

test('the template is migrated and holds the dictionaries', async () => {
  const { rows } = await db.pool.query('select count(*)::int as n from vitalis.exercise_dictionary');
  expect(rows[0].n).toBeGreaterThanOrEqual(150);
});
