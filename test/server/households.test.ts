import { createHouseholdMember, createUser } from '../helpers/db';
import { graphql, insertDaily, startHarness, tokenFor, type Harness } from './harness';

// Household profile sharing over HTTP: a member reads the owner's wearable data through GraphQL
// while the share is live, and not from the request after the owner revokes it.

let h: Harness;
let owner: string;
let viewer: string;

beforeAll(async () => {
  h = await startHarness();
  owner = await createUser(h.db.pool, { tier: 'family' });
  viewer = await createHouseholdMember(h.db.pool, owner);
  await insertDaily(h.db, owner, [
    { date: '2026-03-01', steps: 1111 },
    { date: '2026-03-02', steps: 2222 },
  ]);
  await insertDaily(h.db, viewer, [{ date: '2026-03-01', steps: 9999 }]);
});

afterAll(async () => {
  await h?.close();
});

const OWNER_DAILIES = `query ($owner: UUID!) { wearableDailies(condition: { userId: $owner }, orderBy: DATE_ASC) { totalCount nodes { userId date steps } } }`;

test('V reads O’s wearable data after O grants it, and not after O revokes it', async () => {
  const ownerToken = await tokenFor(h, owner);
  const viewerToken = await tokenFor(h, viewer);

  const before = await graphql(h.server, OWNER_DAILIES, { token: viewerToken, variables: { owner } });
  expect(before.body.errors).toBeUndefined();
  expect(before.body.data?.wearableDailies.totalCount).toBe(0);

  const granted = await graphql(h.server, `mutation ($viewer: UUID!) { grantProfileView(input: { viewer: $viewer }) { clientMutationId } }`, {
    token: ownerToken,
    variables: { viewer },
  });
  expect(granted.body.errors).toBeUndefined();

  const shared = await graphql(h.server, OWNER_DAILIES, { token: viewerToken, variables: { owner } });
  expect(shared.body.errors).toBeUndefined();
  expect(shared.body.data?.wearableDailies).toEqual({
    totalCount: 2,
    nodes: [
      { userId: owner, date: '2026-03-01', steps: 1111 },
      { userId: owner, date: '2026-03-02', steps: 2222 },
    ],
  });
  const revoked = await graphql(h.server, `mutation ($viewer: UUID!) { revokeProfileView(input: { viewer: $viewer }) { result } }`, {
    token: ownerToken,
    variables: { viewer },
  });
  expect(revoked.body.errors).toBeUndefined();
  expect(revoked.body.data?.revokeProfileView.result).toBe(true);

  const after = await graphql(h.server, OWNER_DAILIES, { token: viewerToken, variables: { owner } });
  expect(after.body.errors).toBeUndefined();
  expect(after.body.data?.wearableDailies.totalCount).toBe(0);
});

test('granting a user outside the account is a clear GraphQL error', async () => {
  const outsider = await createUser(h.db.pool, { tier: 'family' });
  const response = await graphql(h.server, `mutation ($viewer: UUID!) { grantProfileView(input: { viewer: $viewer }) { clientMutationId } }`, {
    token: await tokenFor(h, owner),
    variables: { viewer: outsider },
  });
  expect(response.body.errors?.[0]?.message).toMatch(/^viewer: you can only share your profile with members of your own household account$/);
  const seen = await graphql(h.server, OWNER_DAILIES, { token: await tokenFor(h, outsider), variables: { owner } });
  expect(seen.body.data?.wearableDailies.totalCount).toBe(0);
});
