// JSON that JavaScript parses but PostgreSQL's jsonb refuses: the export restore names the row and
// what is wrong before PostgreSQL refuses the whole batch without a row. Every case is put to the
// real PostgreSQL too, so the check says "refused" exactly when the server does.
import { postgresJsonProblem } from '../../src/importers/vitalisExport/postgresJson';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const cases: [string, string, RegExp | null][] = [
  ['plain text', '{"notes":"felt fine","steps":8000}', null],
  ['a surrogate pair (an emoji)', '{"notes":"\\ud83d\\ude00"}', null],
  ['an escaped backslash before a u', '{"notes":"C:\\\\u0000dir"}', null],
  ['\\u0000', '{"notes":"a\\u0000b"}', /\\u0000 in a string/],
  ['a lone high surrogate', '{"notes":"\\ud800"}', /unpaired surrogate \\ud800/],
  ['a high surrogate before a non-surrogate', '{"notes":"\\ud800\\u0041"}', /unpaired surrogate \\ud800/],
  ['a lone low surrogate in a key', '{"\\udc00":1}', /unpaired surrogate \\udc00/],
  ['a number with 1,000 digits of exponent', '{"a":1e1000}', null],
  ['the largest integer part numeric holds', '{"a":1e131071}', null],
  ['one digit more', '{"a":1e131072}', /more than 131072 digits before the point/],
  ['the smallest scale numeric holds', '{"a":1e-16383}', null],
  ['one digit more after the point', '{"a":1e-16384}', /more than 16383 digits after the point/],
  ['a fraction pushed past the scale', '{"a":-0.5e-16383}', /after the point/],
  ['a zero with a huge exponent', '{"a":0e200000}', null],
  ['a zero with a huge negative exponent (its scale still counts)', '{"a":0e-200000}', /after the point/],
  ['an exponent-like string', '{"notes":"1e200000"}', null],
];

test.each(cases)('%s', async (_name, text, expected) => {
  expect(() => JSON.parse(text)).not.toThrow();
  const problem = postgresJsonProblem(text);
  if (expected) expect(problem).toMatch(expected);
  else expect(problem).toBeNull();
  const refused = await db.pool.query('select $1::jsonb', [text]).then(() => false, () => true);
  expect(refused).toBe(expected !== null);
});
