import { useTestDatabase } from './db';

// useTestDatabase(): the database exists while the file's tests and hooks run, and reading it
// anywhere else says so instead of failing later on an undefined pool.

const db = useTestDatabase();

const messageOf = (read: () => unknown): string => {
  try {
    read();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
};
const atLoad = messageOf(() => db.pool);

let name: string;
beforeAll(() => {
  name = db.name;
});

test('read while the file loads, before any hook ran, it throws naming the rule', () => {
  expect(atLoad).toMatch(/^useTestDatabase\(\): the test database is not created yet; use db\.pool and db\.url inside tests and hooks/);
});

test("inside a test it is this file's own database, already there for the file's beforeAll", async () => {
  const { rows } = await db.pool.query<{ db: string }>('select current_database() as db');
  expect(rows[0]!.db).toBe(name);
  expect(db.url).toContain(name);
});

afterAll(async () => {
  // Runs after useTestDatabase's own afterAll (declared first), so the database is gone.
  expect(messageOf(() => db.url)).toMatch(/the test database is dropped/);
});
