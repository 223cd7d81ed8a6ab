import { dateWindowEnd } from '../../src/validation/bounds';
import { rowProblems, type ColumnInfo } from '../../src/validation/rowProblems';

// What InputBoundsPlugin reports for one input row: every broken bound of bounds.ts, named by field.

const cols = (spec: Record<string, [string, ColumnInfo['kind']]>): Record<string, ColumnInfo> =>
  Object.fromEntries(Object.entries(spec).map(([field, [column, kind]]) => [field, { column, kind }]));

const mood = cols({ journalDate: ['journal_date', 'date'], moodScore: ['mood_score', 'number'], notes: ['notes', 'text'] });
const measurement = cols({ metric: ['metric', 'other'], value: ['value', 'number'], unit: ['unit', 'text'], measuredAt: ['measured_at', 'timestamp'] });

test('a valid row has no problems; nulls are not judged', () => {
  expect(rowProblems('mood_journal', { journalDate: '2025-01-01', moodScore: 3, notes: 'fine' }, mood)).toEqual([]);
  expect(rowProblems('mood_journal', { journalDate: '2025-01-01', moodScore: null, notes: null }, mood)).toEqual([]);
});

test('every broken field is reported, in field order', () => {
  const end = dateWindowEnd('event');
  expect(rowProblems('mood_journal', { journalDate: '1900-01-01', moodScore: 2.5, notes: 'x'.repeat(10001) }, mood)).toEqual([
    { field: 'journalDate', message: `journalDate must be on or after 2000-01-01 and before ${end}` },
    { field: 'moodScore', message: 'moodScore must be between 1 and 5 (a whole number)' },
    { field: 'notes', message: 'notes must be at most 10000 characters' },
  ]);
  expect(rowProblems('mood_journal', { journalDate: end }, mood)).toHaveLength(1);
});

test('characters, not UTF-16 units, count towards a text limit', () => {
  expect(rowProblems('mood_journal', { notes: '😀'.repeat(10000) }, mood)).toEqual([]);
});

test('BigFloat strings: NaN and Infinity are not finite, numbers are judged by their range', () => {
  const goal = cols({ targetValue: ['target_value', 'number'] });
  expect(rowProblems('goals', { targetValue: 'NaN' }, goal)).toEqual([{ field: 'targetValue', message: 'targetValue must be a finite number' }]);
  expect(rowProblems('goals', { targetValue: '-Infinity' }, goal)).toHaveLength(1);
  expect(rowProblems('goals', { targetValue: '12.5' }, goal)).toEqual([]);
  const nutrition = cols({ carbsG: ['carbs_g', 'number'] });
  expect(rowProblems('nutrition_logs', { carbsG: '3000.01' }, nutrition)).toEqual([{ field: 'carbsG', message: 'carbsG must be between 0 and 3000' }]);
});

test('measurements: value, unit and metric together, and timestamps in the window', () => {
  expect(rowProblems('measurements', { metric: 'spo2', value: '120', unit: '%', measuredAt: '2025-01-01T00:00:00Z' }, measurement)).toEqual([
    { field: 'value', message: 'value for spo2 must be between 50 and 100 %' },
  ]);
  expect(rowProblems('measurements', { metric: 'WEIGHT', value: '5000', unit: 'lbs', measuredAt: '1999-12-31T23:59:59Z' }, measurement)).toEqual([
    { field: 'measuredAt', message: `measuredAt must be on or after 2000-01-01 and before ${dateWindowEnd('event')}` },
    { field: 'value', message: 'value for weight must be between 20 and 1000 lbs' },
  ]);
  expect(rowProblems('measurements', { metric: 'height', value: '1', unit: 'furlongs' }, measurement)).toEqual([
    { field: 'unit', message: 'unit "furlongs" is not a unit for height (accepted: cm, m, mm, in, ft)' },
  ]);
  expect(rowProblems('measurements', { metric: 'body_temperature', value: '98.6', unit: 'degF' }, measurement)).toEqual([]);
});

test('text[] and JSON sizes', () => {
  const cycle = cols({ symptoms: ['symptoms', 'text[]'] });
  expect(rowProblems('menstrual_cycles', { symptoms: Array.from({ length: 101 }, () => 'a') }, cycle)).toHaveLength(1);
  expect(rowProblems('menstrual_cycles', { symptoms: ['cramps', 'x'.repeat(201)] }, cycle)).toHaveLength(1);
  expect(rowProblems('menstrual_cycles', { symptoms: ['cramps'] }, cycle)).toEqual([]);
  const prefs = cols({ dashboardLayout: ['dashboard_layout', 'json'] });
  expect(rowProblems('user_preferences', { dashboardLayout: { a: 'x'.repeat(64 * 1024) } }, prefs)).toEqual([
    { field: 'dashboardLayout', message: 'dashboardLayout must be at most 64 KB of JSON' },
  ]);
});

test("dates must be YYYY-MM-DD and times ISO 8601: PostgreSQL would take 'today' or a date-time and store something else", () => {
  const lifting = cols({ sessionDate: ['session_date', 'date'] });
  for (const sent of ['today', '2024-11-03T01:30:00', '2024-02-29T23:59:59+14:00', '20240301', 'March 1, 2024', ' 2024-03-01']) {
    expect(rowProblems('lifting_sessions', { sessionDate: sent }, lifting)).toEqual([{ field: 'sessionDate', message: `sessionDate: ${JSON.stringify(sent)} is not a date (YYYY-MM-DD)` }]);
  }
  expect(rowProblems('lifting_sessions', { sessionDate: '2024-03-01' }, lifting)).toEqual([]);
  for (const sent of ['today', 'now', 'epoch', 'infinity', '2024-03-01 04:05 PST', '1709272800']) {
    expect(rowProblems('measurements', { measuredAt: sent }, measurement)).toEqual([{ field: 'measuredAt', message: `measuredAt: ${JSON.stringify(sent)} is not an ISO 8601 date-time (e.g. 2024-03-01T07:00:00Z)` }]);
  }
  for (const sent of ['2024-03-01', '2024-03-01T07:00Z', '2024-03-01T07:00:00.123456+05:45', '2024-03-01 07:00:00-0500', '2024-03-01T07:00:00']) {
    expect(rowProblems('measurements', { measuredAt: sent }, measurement)).toEqual([]);
  }
  // Born before the data window is fine; the shape still counts.
  const user = cols({ dateOfBirth: ['date_of_birth', 'date'] });
  expect(rowProblems('users', { dateOfBirth: '1950-06-01' }, user)).toEqual([]);
  expect(rowProblems('users', { dateOfBirth: 'yesterday' }, user)).toHaveLength(1);
});
