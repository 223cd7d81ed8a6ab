// A data/<table>.json entry is one JSON array of row objects, possibly hundreds of megabytes:
// split it into one text per row while it streams, so only one row (and one batch) is in memory.
// The texts are not parsed here: PostgreSQL parses them as jsonb, and refuses one that is not JSON.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { ExportArchiveError } from './errors';

const QUOTE = 34, BACKSLASH = 92, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, COMMA = 44;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Yields each row object of the array as JSON text; refuses anything but an array of objects. */
export async function* jsonArrayRows(stream: Readable, name: string, maxRowChars = 16 * 1024 * 1024): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let state = 'before' as 'before' | 'inside' | 'after';
  let expectRow = true;
  let rows = 0;
  let inRow = false, depth = 0, inString = false, escaped = false;
  let parts: string[] = [];
  let partChars = 0;
  const fail = (what: string): never => {
    stream.destroy();
    throw new ExportArchiveError(`${name}: ${what}`);
  };
  const consume = function* (text: string): Generator<string> {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inRow) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--depth === 0) {
            parts.push(text.slice(start, i + 1));
            yield parts.join('');
            parts = [];
            partChars = 0;
            inRow = false;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === 'before') {
        if (c !== OPEN_BRACKET) fail('must be a JSON array of rows');
        state = 'inside';
      } else if (state === 'inside') {
        if (c === COMMA && !expectRow) expectRow = true;
        else if (c === CLOSE_BRACKET && (!expectRow || rows === 0)) state = 'after';
        else if (c === OPEN_BRACE && expectRow) {
          inRow = true;
          depth = 1;
          start = i;
          expectRow = false;
          rows++;
        } else fail(`row ${rows + 1}: every row must be a JSON object, separated by commas`);
      } else fail('has more after the closing ] of its array');
    }
    if (inRow) {
      const rest = text.slice(start);
      partChars += rest.length;
      if (partChars > maxRowChars) fail(`row ${rows}: longer than ${maxRowChars} characters`);
      parts.push(rest);
    }
  };
  for await (const chunk of stream) yield* consume(decoder.write(chunk as Buffer));
  yield* consume(decoder.end());
  if (inRow || state !== 'after') fail('ends before its array is closed (cut short?)');
}
