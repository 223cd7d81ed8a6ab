import { createTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('the template is migrated and holds the dictionaries', async () => {
  const { rows } = await db.pool.query('select count(*)::int as n from vitalis.exercise_dictionary');
  expect(rows[0].n).toBeGreaterThanOrEqual(150);
});
