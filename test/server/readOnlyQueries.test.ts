// GraphQL queries run in read-only transactions whose commit rides on the connection's next
// request (src/db/requestClient.ts); mutations commit before they answer.
import { RequestClient } from '../../src/db/requestClient';
import { createUser } from '../helpers/db';
import { recordWire } from '../helpers/wire';
import { graphql, startHarness, tokenFor, type Harness } from './harness';

let h: Harness;
let userId: string;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  userId = await createUser(h.db.pool);
  token = await tokenFor(h, userId);
  // Warm: the session check and the first connection are not what these tests look at.
  await graphql(h.server, '{ currentUserId }', { token });
});
afterAll(() => h.close());

/** What the server's database clients put on the wire while `run` runs. */
async function wireDuring(run: () => Promise<unknown>): Promise<string[]> {
  const wire = recordWire();
  try {
    await run();
  } finally {
    wire.restore();
  }
  return wire.texts();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** No PostgreSQL session of the API left inside a transaction (a held commit went out and was run). */
async function noneInTransaction(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await h.db.pool.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'vitalis-api' and state like 'idle in transaction%'");
    if (rows[0].n === 0) return;
    await sleep(20);
  }
  throw new Error('an API connection stayed idle in transaction');
}

test('a query runs read-only and answers before its commit, which goes out with the next request', async () => {
  const held = RequestClient.heldCommitMs;
  await sleep(held * 3);
  // Long enough that the second request always finds the first one's commit still held.
  RequestClient.heldCommitMs = 10_000;
  let wire: string[];
  try {
    wire = await wireDuring(async () => {
      expect((await graphql(h.server, '{ currentUserId }', { token })).body.data).toEqual({ currentUserId: userId });
      expect((await graphql(h.server, '{ currentUserId }', { token })).body.data).toEqual({ currentUserId: userId });
    });
  } finally {
    RequestClient.heldCommitMs = held;
  }
  const opens = wire.filter((t) => /select set_config/.test(t));
  expect(opens).toHaveLength(2);
  for (const open of opens) expect(open).toContain('["transaction_read_only","on"]');
  expect(opens[0]).toMatch(/^begin; select set_config/);
  expect(opens[1]).toMatch(/^commit; begin; select set_config/);
  expect(wire).not.toContain('commit');
});

test('a held commit goes out on its own when no request follows', async () => {
  const wire = await wireDuring(async () => {
    await graphql(h.server, '{ currentUserId }', { token });
    await sleep(RequestClient.heldCommitMs * 5);
  });
  expect(wire[wire.length - 1]).toBe('commit');
  await noneInTransaction();
});

test('a mutation runs read-write and commits before it answers', async () => {
  const wire = await wireDuring(async () => {
    const result = await graphql(
      h.server,
      'mutation($input: CreateMoodJournalInput!) { createMoodJournal(input: $input) { moodJournal { moodScore } } }',
      { token, variables: { input: { moodJournal: { journalDate: '2025-06-03', moodScore: 4 } } } },
    );
    expect(result.body.errors).toBeUndefined();
  });
  const open = wire.find((t) => /select set_config/.test(t));
  expect(open).toBeDefined();
  expect(open).not.toContain('transaction_read_only');
  expect(wire[wire.length - 1]).toBe('commit');
  const { rows } = await h.db.pool.query('select mood_score from vitalis.mood_journal where user_id = $1', [userId]);
  expect(rows).toEqual([{ mood_score: 4 }]);
});
