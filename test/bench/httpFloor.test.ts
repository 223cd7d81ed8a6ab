// The bench's bare HTTP server (bench/httpFloor.ts) answers with what the API would: the same SQL,
// as vitalis_api for the given user, under RLS, read-only.
import { startFloorChild, type FloorChild } from '../../bench/httpFloor';
import { createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let floor: FloorChild;
let alice: string;
let bob: string;

beforeAll(async () => {
  floor = await startFloorChild(db.url);
  alice = await createUser(db.pool);
  bob = await createUser(db.pool);
  await db.pool.query(`insert into vitalis.mood_journal (user_id, journal_date, mood_score) values ($1, '2025-06-01', 4), ($2, '2025-06-01', 2)`, [alice, bob]);
}, 60_000);
afterAll(() => floor.stop());

async function ask(body: unknown): Promise<{ status: number; body: { data?: Record<string, unknown>[]; errors?: { message: string; path?: string[] }[] } }> {
  const response = await fetch(floor.origin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as never };
}

test('runs the SQL as vitalis_api for the user: their rows only', async () => {
  const answer = await ask({ userId: alice, text: 'select current_user as who, mood_score from vitalis.mood_journal where journal_date = $1', params: ['2025-06-01'] });
  expect(answer).toEqual({ status: 200, body: { data: [{ who: 'vitalis_api', mood_score: 4 }] } });
});

test('in a read-only transaction', async () => {
  const answer = await ask({ userId: alice, text: `insert into vitalis.mood_journal (user_id, journal_date, mood_score) values ($1, '2025-06-02', 5)`, params: [alice] });
  expect(answer.status).toBe(500);
  expect(answer.body.errors?.[0]?.message).toMatch(/read-only transaction/);
  const { rows } = await db.pool.query('select count(*)::int as n from vitalis.mood_journal where user_id = $1', [alice]);
  expect(rows[0].n).toBe(1);
});

test('a malformed request is refused naming the field', async () => {
  const answer = await ask({ userId: 'nobody', text: 'select 1', params: [] });
  expect(answer.status).toBe(400);
  expect(answer.body.errors?.[0]?.path).toEqual(['userId']);
});
