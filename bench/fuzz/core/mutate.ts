// Mutations of a real-format file, as fast-check values (so a failing case shrinks to fewer and
// smaller mutations): truncation at any byte, byte flips, inserted and deleted bytes, duplicated
// lines (records), wrong encodings (UTF-16 with BOM, Latin-1), huge fields (a 10 MB value, a
// number of a million digits), odd timestamps (offsets +14:00, -12:00, +05:45, DST gaps, years
// 0001 and 9999) and field values drawn from the format's grammar. Positions are natural numbers
// taken modulo the length, so they apply to whatever the earlier mutations left.
import fc from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; line: number; times: number }
  | { kind: 'deleteLine'; line: number }
  | { kind: 'encoding'; to: 'utf16le-bom' | 'utf16be-bom' | 'latin1' | 'utf8-bom' }
  | { kind: 'huge'; field: number; what: 'string' | 'digits' }
  | { kind: 'timestamp'; index: number; stamp: OddStamp }
  | { kind: 'field'; index: number; value: string };

/** How a file's fields are found and written back: a format's grammar, as far as mutations need it. */
export interface FieldGrammar {
  /** Matches one field value; group 1 is the value itself (what is replaced). */
  field: RegExp;
  /** Writes a raw value as the format would (quoted, escaped). */
  encode(value: string): string;
}

/** 10 MB in the bench run, 1 MB under jest (CI time); FUZZ_HUGE_BYTES sets it. */
export const HUGE_BYTES = Number(process.env.FUZZ_HUGE_BYTES ?? (process.env.JEST_WORKER_ID ? 1024 * 1024 : 10 * 1024 * 1024));
const HUGE_DIGITS = Math.min(1_000_000, HUGE_BYTES);

export interface OddStamp {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
}

/** Offsets at the edges of the world's zones and the odd quarter-hour ones. */
const ODD_OFFSETS = [14 * 60, -12 * 60, 5 * 60 + 45, 12 * 60 + 45, -(9 * 60 + 30), 0, -(3 * 60 + 30), 8 * 60 + 45, -11 * 60];

/** Timestamps the importers must survive: DST gaps and overlaps, leap days, the edges of the calendar. */
export const oddStamp: fc.Arbitrary<OddStamp> = fc.oneof(
  // Spring-forward gaps (02:30 does not exist in New York on 2024-03-10, in Berlin on 2024-03-31) and fall-back overlaps.
  fc.constantFrom(
    { year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0, offset: -5 * 60 },
    { year: 2024, month: 3, day: 31, hour: 2, minute: 30, second: 0, offset: 60 },
    { year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0, offset: -4 * 60 },
    { year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59, offset: 14 * 60 },
    { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, offset: 0 },
    { year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, offset: -12 * 60 },
    { year: 2023, month: 2, day: 29, hour: 12, minute: 0, second: 0, offset: 0 },
    { year: 2024, month: 12, day: 31, hour: 24, minute: 0, second: 60, offset: 0 },
  ),
  fc.record({
    year: fc.oneof(fc.constantFrom(1, 1969, 1970, 2000, 2038, 9999), fc.integer({ min: 1, max: 9999 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    offset: fc.oneof(fc.constantFrom(...ODD_OFFSETS), fc.integer({ min: -18 * 60, max: 18 * 60 })),
  }),
);

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** The stamp written in the shape of the one it replaces (separator, offset style, seconds). */
export function formatLike(original: string, s: OddStamp): string {
  const sep = original.includes('T') ? 'T' : ' ';
  const seconds = /\d:\d\d:\d\d/.test(original);
  const offsetMatch = /(Z|[+-]\d\d:?\d\d)$/.exec(original.trim());
  const sign = s.offset < 0 ? '-' : '+';
  const hh = pad(Math.floor(Math.abs(s.offset) / 60));
  const mm = pad(Math.abs(s.offset) % 60);
  let offset = '';
  if (offsetMatch) offset = offsetMatch[1] === 'Z' ? (s.offset === 0 ? 'Z' : `${sign}${hh}:${mm}`) : offsetMatch[1]!.includes(':') ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
  const spaceBeforeOffset = / [+-]\d\d:?\d\d$/.test(original.trim()) ? ' ' : '';
  return `${pad(s.year, 4)}-${pad(s.month)}-${pad(s.day)}${sep}${pad(s.hour)}:${pad(s.minute)}${seconds ? `:${pad(s.second)}` : ''}${offset ? spaceBeforeOffset + offset : ''}`;
}

const STAMP = /\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d))?/g;

/** Values a field of any text format may hold, and the ones that break naive readers. */
export const oddFieldValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '0', '-0', '-1', '1e308', '-1e308', '1e-400', 'NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', '0x1F', '1,5', '١٢٣', '9'.repeat(400), '00000000000000000001', '12.', '.5', '1.2.3', '+5'),
  fc.constantFrom('"', '""', '"a,b"', ',', ';', '\n', '\r\n', '\t', '<', '&', '&amp;', ']]>', '\\', '\u0000', '\uFEFF', '\u202E', '💪', 'Ä', 'é', '\uD800'),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  oddStamp.map((s) => formatLike('2024-01-01T00:00:00Z', s)),
);

export const mutation = (grammar?: FieldGrammar): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteLine' as const), line: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('encoding' as const), to: fc.constantFrom('utf16le-bom' as const, 'utf16be-bom' as const, 'latin1' as const, 'utf8-bom' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), field: fc.nat(), what: fc.constantFrom('string' as const, 'digits' as const) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('timestamp' as const), index: fc.nat(), stamp: oddStamp }) },
    ...(grammar ? [{ weight: 8, arbitrary: fc.record({ kind: fc.constant('field' as const), index: fc.nat(), value: oddFieldValue }) }] : []),
  );

/** One to three mutations, or none (the fixture itself must import). */
export const mutations = (grammar?: FieldGrammar): fc.Arbitrary<Mutation[]> => fc.array(mutation(grammar), { minLength: 0, maxLength: 3 });

function replaceNth(text: string, re: RegExp, n: number, replace: (match: RegExpExecArray) => string): string {
  const matches = [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))];
  if (matches.length === 0) return text;
  const m = matches[n % matches.length]! as RegExpExecArray;
  const start = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
  const length = m[1] !== undefined ? m[1].length : m[0].length;
  return text.slice(0, start) + replace(m) + text.slice(start + length);
}

function lines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

/** Applies one mutation; the input is UTF-8 text or binary, the output may be anything. */
export function applyMutation(data: Buffer, m: Mutation, grammar?: FieldGrammar): Buffer {
  const at = (n: number) => (data.length === 0 ? 0 : n % (data.length + 1));
  switch (m.kind) {
    case 'truncate':
      return data.subarray(0, at(m.at));
    case 'flip': {
      if (data.length === 0) return data;
      const copy = Buffer.from(data);
      const i = m.at % data.length;
      copy[i] = copy[i]! ^ (1 << m.bit);
      return copy;
    }
    case 'insert':
      return Buffer.concat([data.subarray(0, at(m.at)), Buffer.from(m.bytes), data.subarray(at(m.at))]);
    case 'delete':
      return Buffer.concat([data.subarray(0, at(m.at)), data.subarray(at(m.at) + m.length)]);
    case 'duplicateLine': {
      const ls = lines(data);
      if (ls.length === 0) return data;
      const i = m.line % ls.length;
      return Buffer.concat([...ls.slice(0, i + 1), ...Array<Buffer>(m.times).fill(ls[i]!), ...ls.slice(i + 1)]);
    }
    case 'deleteLine': {
      const ls = lines(data);
      if (ls.length === 0) return data;
      const i = m.line % ls.length;
      return Buffer.concat([...ls.slice(0, i), ...ls.slice(i + 1)]);
    }
    case 'encoding': {
      const text = data.toString('utf8');
      if (m.to === 'latin1') return Buffer.from(text, 'latin1');
      if (m.to === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]);
      const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
      return m.to === 'utf16le-bom' ? le : le.swap16();
    }
    case 'huge': {
      const value = m.what === 'digits' ? '9'.repeat(HUGE_DIGITS) : 'x'.repeat(HUGE_BYTES);
      const text = data.toString('latin1');
      if (grammar) return Buffer.from(replaceNth(text, grammar.field, m.field, () => value), 'latin1');
      const i = at(m.field);
      return Buffer.concat([data.subarray(0, i), Buffer.from(value), data.subarray(i)]);
    }
    case 'timestamp':
      return Buffer.from(replaceNth(data.toString('latin1'), STAMP, m.index, (match) => formatLike(match[0], m.stamp)), 'latin1');
    case 'field':
      if (!grammar) return data;
      // latin1 round-trips every byte; the new value goes in as UTF-8.
      return Buffer.from(replaceNth(data.toString('latin1'), grammar.field, m.index, () => Buffer.from(grammar.encode(m.value), 'utf8').toString('latin1')), 'latin1');
  }
}

export function applyMutations(data: Buffer, ms: readonly Mutation[], grammar?: FieldGrammar): Buffer {
  return ms.reduce((d, m) => applyMutation(d, m, grammar), data);
}

/** CSV cells: a quoted cell or a bare one between delimiters. */
export const CSV_GRAMMAR: FieldGrammar = {
  field: /(?:^|[,;\n])("(?:[^"]|"")*"|[^,;\n"]*)/g,
  encode: (v) => (/[",;\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v),
};

/** XML attribute values. */
export const XML_GRAMMAR: FieldGrammar = {
  field: /="([^"]*)"/g,
  encode: (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
};

/** JSON scalar values (strings and numbers after a colon). */
export const JSON_GRAMMAR: FieldGrammar = {
  field: /:\s*("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g,
  encode: (v) => (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? v : JSON.stringify(v)),
};
