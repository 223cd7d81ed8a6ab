// JSON that JavaScript accepts but PostgreSQL's jsonb refuses, found per row before a batch is
// sent: PostgreSQL would refuse the whole batch with "invalid input syntax for type json" and no
// row. Three things differ (test/importers/vitalisExportPostgresJson.test.ts puts each case to the
// server as well):
//   - \u0000 in a string ("unsupported Unicode escape sequence": text cannot hold it);
//   - a UTF-16 surrogate escape without its pair (\ud800 alone);
//   - a number numeric cannot hold: more than 131,072 digits before the point, or more than
//     16,383 after it once the exponent is applied (1e131072, 1e-16384).
// Raw (unescaped) lone surrogates cannot occur: the rows were decoded from UTF-8.
// A hand-written scan because no JSON library reports these: they are valid JSON.

const NUMERIC_MAX_INTEGER_DIGITS = 131072;
const NUMERIC_MAX_SCALE = 16383;
/** A row without these cannot hold any of the three: one regex test, then nothing. */
const SUSPECT = /\\u|[eE][+-]?\d{4}|\d{10000}/;
const NUMBER = /-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;

const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;

function numberProblem(intDigits: string, fracDigits: string, exponentText: string | undefined): string | null {
  const exponent = Number(exponentText ?? 0);
  const significant = intDigits.replace(/^0+/, '');
  const scale = fracDigits.length - exponent;
  if (significant.length > 0 && significant.length + exponent > NUMERIC_MAX_INTEGER_DIGITS) return `has a number with more than ${NUMERIC_MAX_INTEGER_DIGITS} digits before the point`;
  if (scale > NUMERIC_MAX_SCALE) return `has a number with more than ${NUMERIC_MAX_SCALE} digits after the point`;
  return null;
}

/** Why PostgreSQL would refuse this JSON text (already valid JSON), or null. */
export function postgresJsonProblem(text: string): string | null {
  if (!SUSPECT.test(text)) return null;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 34) inString = false;
      else if (c === 92) {
        if (text.charCodeAt(i + 1) !== 117) {
          i++;
          continue;
        }
        const unit = parseInt(text.slice(i + 2, i + 6), 16);
        if (unit === 0) return 'has \\u0000 in a string, which PostgreSQL text cannot hold';
        if (isLow(unit)) return `has an unpaired surrogate \\u${text.slice(i + 2, i + 6)} in a string`;
        if (isHigh(unit)) {
          const next = text.charCodeAt(i + 6) === 92 && text.charCodeAt(i + 7) === 117 ? parseInt(text.slice(i + 8, i + 12), 16) : NaN;
          if (!isLow(next)) return `has an unpaired surrogate \\u${text.slice(i + 2, i + 6)} in a string`;
          i += 6;
        }
        i += 5;
      }
    } else if (c === 34) inString = true;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m) {
        const problem = numberProblem(m[1] ?? '', m[2] ?? '', m[3]);
        if (problem) return problem;
        i = NUMBER.lastIndex - 1;
      }
    }
  }
  return null;
}
