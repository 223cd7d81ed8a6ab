import { toSyncWindow } from '../../src/providers/engine/windows';
import { writeBatch, type BatchCounts } from '../../src/providers/engine/writeBatch';
import { fitbitAdapter } from '../../src/providers/fitbit';
import { garminAdapter } from '../../src/providers/garmin';
import { ouraAdapter } from '../../src/providers/oura';
import type { SyncBatch } from '../../src/providers/types';
import { whoopFetchWindow } from '../../src/providers/whoop';
import { withingsAdapter } from '../../src/providers/withings';
import { fitbitFake } from '../fakeProviders/fitbit';
import { garminFake } from '../fakeProviders/garmin';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { ouraFake } from '../fakeProviders/oura';
import { whoopFake } from '../fakeProviders/whoop';
import { withingsFake } from '../fakeProviders/withings';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// One rule for every provider: a window fetched from its fake API writes through the real upserts
// (writeBatch, as the user), and writing the same batch again changes nothing: every row is
// skipped, none inserted or updated. What lands in the tables is checked in <provider>Rows.test.ts.

const db = useTestDatabase();

type Rows = Record<keyof BatchCounts, number>;
interface Case {
  provider: string;
  fetch: () => Promise<SyncBatch>;
  /** Rows per table the first write inserts. */
  rows: Rows;
}

const CASES: Case[] = [
  {
    provider: 'Fitbit',
    fetch: () => fitbitAdapter.fetchWindow(inProcessHttp(fitbitFake), toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-04-21T00:00:00Z'))),
    rows: { daily: 4, sleep: 2, activities: 4, measurements: 7 },
  },
  {
    provider: 'Garmin',
    fetch: () => garminAdapter.fetchWindow(inProcessHttp(garminFake), toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-03-12T00:00:00Z'))),
    rows: { daily: 2, sleep: 1, activities: 2, measurements: 6 },
  },
  {
    provider: 'Oura',
    fetch: () => ouraAdapter.fetchWindow(inProcessHttp(ouraFake), { start: new Date('2024-10-26T00:00:00Z'), end: new Date('2024-10-28T00:00:00Z'), startDate: '2024-10-26', endDate: '2024-10-27' }),
    rows: { daily: 3, sleep: 3, activities: 3, measurements: 0 },
  },
  {
    provider: 'WHOOP',
    fetch: () =>
      whoopFetchWindow(inProcessHttp(whoopFake), { start: new Date('2024-11-02T00:00:00Z'), end: new Date('2024-11-05T00:00:00Z'), startDate: '2024-11-02', endDate: '2024-11-04' }, new Date('2024-11-05T06:00:00Z')),
    rows: { daily: 3, sleep: 3, activities: 3, measurements: 2 },
  },
  {
    provider: 'Withings',
    fetch: () => withingsAdapter.fetchWindow(inProcessHttp(withingsFake), toSyncWindow(new Date('2024-03-10T00:00:00Z'), new Date('2024-03-13T00:00:00Z'))),
    rows: { daily: 3, sleep: 2, activities: 0, measurements: 12 },
  },
];

/** The counts writeBatch reports when every row of `rows` went the one way named. */
const all = (rows: Rows, outcome: 'inserted' | 'skipped'): BatchCounts =>
  Object.fromEntries(Object.entries(rows).map(([table, n]) => [table, { inserted: 0, updated: 0, skipped: 0, [outcome]: n }])) as unknown as BatchCounts;

describe.each(CASES)('$provider', ({ fetch, rows }) => {
  test('a sync writes through the real upserts and a re-run changes nothing', async () => {
    const userId = await createUser(db.pool);
    const batch = await fetch();
    const write = () => asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);
    expect(await write()).toEqual(all(rows, 'inserted'));
    expect(await write()).toEqual(all(rows, 'skipped'));
  });
});
