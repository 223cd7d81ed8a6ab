// currentInsights: what a dashboard shows. Expired and dismissed insights are left out, the most
// certain (smallest adjusted p) come first, and nobody sees another user's.
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function insight(userId: string, key: string, pAdjusted: number, validUntil: string, dismissed = false): Promise<void> {
  await h.db.pool.query(
    `insert into vitalis.insights (user_id, insight_key, insight_type, title, body, p_adjusted, valid_from, valid_until, is_dismissed)
     values ($1, $2, 'correlation', $2, 'body', $3, current_date - 1, $4::date, $5)`,
    [userId, key, pAdjusted, validUntil, dismissed],
  );
}

test('currentInsights lists the valid, undismissed insights, most certain first, and only your own', async () => {
  const [me, other] = [await createUser(h.db.pool), await createUser(h.db.pool)];
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await insight(me, 'weak', 0.04, day(3));
  await insight(me, 'strong', 0.001, day(3));
  await insight(me, 'expired', 0.0001, day(-2));
  await insight(me, 'dismissed', 0.0001, day(3), true);
  await insight(other, 'someone else', 0.0001, day(3));

  const { body } = await graphql(h.server, 'query { currentInsights { totalCount nodes { title pAdjusted } } }', { token: await tokenFor(h, me) });
  expect(body.errors).toBeUndefined();
  expect(body.data!.currentInsights).toEqual({ totalCount: 2, nodes: [{ title: 'strong', pAdjusted: '0.001000' }, { title: 'weak', pAdjusted: '0.040000' }] });
});
