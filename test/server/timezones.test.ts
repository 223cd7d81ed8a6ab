import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from './harness';

// The time-zone history through GraphQL: setTimezone, the userTimezones connection, timezoneAt,
// and the error contract (field and rule named) for a zone that does not exist.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('a user sets their zone, reads the history, and asks which zone applied when', async () => {
  const userId = await createUser(h.db.pool);
  const token = await tokenFor(h, userId);
  const set = (timezone: string, validFrom: string) =>
    graphql(h.server, `mutation ($tz: String!, $from: Datetime) { setTimezone(input: { timezone: $tz, validFrom: $from }) { userTimezone { timezone source validFrom validTo } } }`, {
      token,
      variables: { tz: timezone, from: validFrom },
    });
  const first = await set('Europe/Berlin', '2024-01-01T00:00:00Z');
  expect(first.body.errors).toBeUndefined();
  expect(first.body.data!.setTimezone.userTimezone).toMatchObject({ timezone: 'Europe/Berlin', source: 'user', validTo: null });
  await set('America/New_York', '2024-03-10T12:00:00Z');

  const read = await graphql(
    h.server,
    `{ userTimezones(orderBy: VALID_FROM_ASC) { totalCount nodes { timezone source validTo } }
       before: timezoneAt(at: "2024-03-10T11:59:59Z") after: timezoneAt(at: "2024-03-10T12:00:00Z") }`,
    { token },
  );
  expect(read.body.errors).toBeUndefined();
  expect(read.body.data).toEqual({
    userTimezones: { totalCount: 2, nodes: [{ timezone: 'Europe/Berlin', source: 'user', validTo: expect.stringMatching(/^2024-03-10T12:00:00/) }, { timezone: 'America/New_York', source: 'user', validTo: null }] },
    before: 'Europe/Berlin',
    after: 'America/New_York',
  });
});

test('an unknown zone is BAD_USER_INPUT on the timezone field; the history is not writable otherwise', async () => {
  const token = await tokenFor(h, await createUser(h.db.pool));
  const bad = await graphql(h.server, `mutation { setTimezone(input: { timezone: "Mars/Olympus" }) { userTimezone { timezone } } }`, { token });
  expect(bad.body.errors?.[0]).toMatchObject({ message: 'timezone must be a known time zone name, e.g. Europe/Paris', extensions: { code: 'BAD_USER_INPUT', field: 'timezone' } });
  const create = await graphql(h.server, `mutation { createUserTimezone(input: { userTimezone: { timezone: "Asia/Tokyo" } }) { clientMutationId } }`, { token });
  expect(create.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
