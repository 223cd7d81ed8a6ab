// The API's date and date-time shapes: what passes is stored by PostgreSQL as sent (the same day,
// the same instant), and what PostgreSQL would store otherwise (or JavaScript read otherwise) is
// refused before it gets there.
import { isIsoDate, isIsoDateTime } from '../../src/validation/isoDates';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const takenTimes = ['2024-03-01', '2024-03-01T07:00Z', '2024-03-01T07:00:00z', '2024-03-01T07:00:00.123456+05:45', '2024-03-01 07:00:00-0500', '2024-02-29T23:59:59+14:00', '2024-03-01T07:00:00-15:59'];
const refusedTimes = [
  'today', 'now', 'epoch', 'infinity', '1709272800', '2024-03-01 04:05 PST',
  '2023-02-29T12:00:00Z', // JavaScript rolls it over to March 1; PostgreSQL refuses it
  '2024-03-01T10:20:60Z', // a leap second: PostgreSQL rolls it into 10:21
  '2024-03-01T24:00:00Z', '2024-13-01T00:00:00Z', '2024-03-01T10:60:00Z',
  '2024-03-01T10:20:00.9999999Z', // seven decimals: PostgreSQL rounds to the next second
  '2024-03-01T10:20:00+16:00', '2024-03-01T10:20:00+14', '0000-01-01T00:00:00Z',
];

test.each(takenTimes)('%s is taken, and PostgreSQL stores the instant JavaScript reads', async (value) => {
  expect(isIsoDateTime(value)).toBe(true);
  const { rows } = await db.pool.query(`select extract(epoch from $1::timestamptz at time zone 'UTC' at time zone 'UTC') * 1000 as ms`, [value]);
  const withZone = /[Zz]|[+-]\d\d:?\d\d$/.test(value) || value.length === 10 ? value : `${value}Z`;
  expect(Math.round(Number(rows[0].ms))).toBe(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : withZone));
});

test.each(refusedTimes)('%s is refused as a date-time', (value) => {
  expect(isIsoDateTime(value)).toBe(false);
});

test('a date is a calendar day written YYYY-MM-DD, nothing more', () => {
  for (const value of ['2024-02-29', '2000-01-01', '9999-12-31']) expect(isIsoDate(value)).toBe(true);
  for (const value of ['2023-02-29', '2024-02-30', '2024-00-10', '2024-3-1', '20240301', '2024-03-01T00:00:00', 'today', '0000-01-01']) expect(isIsoDate(value)).toBe(false);
});
