// The provider payload mappers (src/providers: Oura, Garmin, WHOOP, Fitbit, Withings) fed their
// documented responses (the fake APIs of test/fakeProviders, serving test/fixtures/providers)
// with JSON edits: a node of a response replaced by an arbitrary value (wrong type, NaN/Infinity
// as strings, odd dates and offsets, huge strings), deleted, or duplicated (a record twice).
// The batch the adapter maps is then written as a sync writes it (writeBatch, the worker acting as
// the user).
//   Mapped: the batch writes, or the database refuses it naming the field and the rule with
//   nothing written.
//   Refused: a ProviderFormatError "<provider> <what>: <path>: <rule>" (the JSON path is the
//   field; "<provider> <what>: <rule>" when the whole answer is wrong), or the ProviderHttpError
//   of a request an edited paging token sent astray ("GET <path>: provider answered HTTP 4xx"),
//   or Withings' own status error ("POST /measure getmeas: Withings status ...").
import fc from 'fast-check';
import { inRequestTransaction } from '../../../src/db/requestContext';
import { ProviderHttpError } from '../../../src/providers/engine/errors';
import { toSyncWindow } from '../../../src/providers/engine/windows';
import { writeBatch } from '../../../src/providers/engine/writeBatch';
import { fitbitAdapter } from '../../../src/providers/fitbit';
import { garminAdapter } from '../../../src/providers/garmin';
import { ouraAdapter } from '../../../src/providers/oura';
import { ProviderFormatError } from '../../../src/providers/shared/rowTools';
import type { FakeRequest, FakeResponse, ProviderHttp, SyncBatch } from '../../../src/providers/types';
import { whoopFetchWindow } from '../../../src/providers/whoop';
import { withingsAdapter } from '../../../src/providers/withings';
import { WithingsApiError } from '../../../src/providers/withings/api';
import { fitbitFake } from '../../../test/fakeProviders/fitbit';
import { garminFake } from '../../../test/fakeProviders/garmin';
import { inProcessHttp } from '../../../test/fakeProviders/inProcess';
import { ouraFake } from '../../../test/fakeProviders/oura';
import { whoopFake } from '../../../test/fakeProviders/whoop';
import { withingsFake } from '../../../test/fakeProviders/withings';
import { expectUnchanged, newUser, newUserCounts, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';
import { applyJsonEdit, type JsonEdit, jsonEdit } from '../core/values';
import { namesField } from './upserts';

/** "<provider> <endpoint>: <json path>: <rule>", or "<provider> <endpoint>: <rule>" when the whole answer is wrong. */
export const PROVIDER_RULE = /^(oura|garmin|whoop|fitbit|withings)\b[^:]*: \S.*/i;
/** The request a refused answer came from (an edited paging token, a Withings status), then why. */
const HTTP_RULE = /^(GET|POST) \/\S*( \w+)?: (provider answered HTTP [45]\d\d|Withings status)/;

type Fake = (req: FakeRequest) => FakeResponse | undefined;

interface Provider {
  name: string;
  fake: Fake;
  fetch(http: ProviderHttp): Promise<SyncBatch>;
}

const PROVIDERS: Provider[] = [
  { name: 'oura', fake: ouraFake, fetch: (http) => ouraAdapter.fetchWindow(http, { start: new Date('2024-10-26T00:00:00Z'), end: new Date('2024-10-28T00:00:00Z'), startDate: '2024-10-26', endDate: '2024-10-27' }) },
  { name: 'garmin', fake: garminFake, fetch: (http) => garminAdapter.fetchWindow(http, toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-03-12T00:00:00Z'))) },
  {
    name: 'whoop',
    fake: whoopFake,
    fetch: (http) => whoopFetchWindow(http, { start: new Date('2024-11-02T00:00:00Z'), end: new Date('2024-11-05T00:00:00Z'), startDate: '2024-11-02', endDate: '2024-11-04' }, new Date('2024-11-05T06:00:00Z')),
  },
  { name: 'fitbit', fake: fitbitFake, fetch: (http) => fitbitAdapter.fetchWindow(http, toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-04-21T00:00:00Z'))) },
  { name: 'withings', fake: withingsFake, fetch: (http) => withingsAdapter.fetchWindow(http, toSyncWindow(new Date('2024-03-10T00:00:00Z'), new Date('2024-03-13T00:00:00Z'))) },
];

interface Input {
  /** Per edit: which response (by request number, modulo 16) it changes. */
  edits: { call: number; edit: JsonEdit }[];
}

/** The fake's answers, each edited by the edits aimed at its request number. */
function editingFake(fake: Fake, edits: Input['edits']): Fake {
  let call = 0;
  return (req) => {
    const n = call++;
    const res = fake(req);
    if (!res) return res;
    const body = edits.filter((e) => e.call % 16 === n).reduce<unknown>((doc, e) => applyJsonEdit(doc, e.edit), res.body);
    return { ...res, body };
  };
}

function providerTarget(p: Provider) {
  return defineTarget({
    name: `provider-${p.name}`,
    description: `${p.name} payload mappers and writeBatch: refusals are ProviderFormatError "<provider> <what>: <json path>: <rule>"; mapped batches write or are refused by field`,
    setup: async (env: FuzzEnv) => {
      const { rows } = await env.pool.query<{ column_name: string }>(
        `select distinct column_name from information_schema.columns where table_schema = 'vitalis' and table_name in ('wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements', 'user_timezones')`,
      );
      return { env, columns: rows.map((r) => r.column_name) };
    },
    arbitrary: () => fc.record({ edits: fc.array(fc.record({ call: fc.nat({ max: 15 }), edit: jsonEdit }), { maxLength: 4 }) }),
    run: async ({ env, columns }, input: Input) => {
      let batch: SyncBatch;
      try {
        batch = await p.fetch(inProcessHttp(editingFake(p.fake, input.edits)));
      } catch (error) {
        if (error instanceof ProviderFormatError) {
          if (!PROVIDER_RULE.test(error.message)) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
          return 'rejected';
        }
        if (error instanceof ProviderHttpError || error instanceof WithingsApiError) {
          if (!HTTP_RULE.test(error.message)) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
          return 'rejected';
        }
        throw error;
      }
      const userId = await newUser(env.pool);
      const before = await newUserCounts(env.pool);
      try {
        await inRequestTransaction(env.pool, { role: 'vitalis_worker', userId }, (client) => writeBatch(client, userId, batch), true);
      } catch (error) {
        const message = (error as Error).message;
        if (!(error as { code?: string }).code) throw error;
        if (!namesField(message, columns)) throw new FuzzViolation('unnamedRejection', `writeBatch: ${message.slice(0, 300)}`);
        expectUnchanged(before, await rowCounts(env.pool, userId), `refused: ${message.slice(0, 120)}`);
        return 'rejected';
      }
      return 'imported';
    },
  });
}

export const providerTargets = PROVIDERS.map(providerTarget);
