// The export.xml reader. saxes stays the XML parser of record: it is well kept, strict (it refuses
// malformed XML, names the line and column, copes with Apple's DOCTYPE and its internal subset) and
// it was the fastest of the streaming readers measured on an export (bench/README.md, phase 5:
// htmlparser2 in xmlMode is a little slower and accepts malformed XML; sax, ltx, sax-wasm, txml and
// fast-xml-parser are slower, stop early or build the whole document). Its character-by-character
// state machine was still about 40 % of the import's CPU time, so the elements that make up nearly
// every byte of an export go through a fast lane in front of it:
//
// While saxes stands in the root's character data right after a tag's '>' (depth 1, nothing
// pending), the fast lane reads top-level elements of the plain shape Apple writes, `<Name a="v"
// .../>` or `<Name ...>` with self-closing children and `</Name>`, straight from the text (its bytes, see below):
// ASCII names, quoted values, the five predefined entities. Anything else (a character reference,
// a control character, CR, a comment, CDATA, text, deeper nesting, a repeated attribute, an
// element cut by the end of the input and longer than MAX_CARRY, any doubt at all) is not an error
// here: the lane stops at that element's '<' and saxes reads it, so every error, and what every
// unusual element means, is still saxes's. The text saxes sees is the document less some
// well-formed top-level elements, which is well-formed exactly when the document is; the lines and
// columns the lane skipped are added back to saxes's in error messages. test/importers/
// appleHealthReader.test.ts checks the lane against saxes alone (fastLane: false) on generated
// documents, well-formed and damaged, cut into random chunks.
//
// The lane reads bytes, not decoded text: each piece is turned into a Latin-1 string (one
// character per byte, a copy rather than a UTF-8 decoding, and a one-byte string that V8 scans
// faster), and only attribute values holding a byte above 0x7F are decoded as UTF-8. Whatever goes
// to saxes is decoded as UTF-8 on its way there (saxDecoder), so saxes reads the same text as ever.
// Values of the attributes that repeat across an export's elements (type, sourceName, unit, ...)
// are kept the first time they are read and handed out again, the same string, for the same
// bytes: no slice, no check for markup and entities, and the aggregation's lookups keyed on them
// find an internalized string whose hash is known.
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { AppleHealthImportError } from './errors';
import type { ExportSource } from './source';

export type Attrs = Record<string, string>;

/** The top-level elements of export.xml, each delivered once with its direct children. */
export interface ExportHandlers {
  record(attrs: Attrs): void;
  workout(attrs: Attrs, statistics: Attrs[], metadata: Attrs[]): void;
  correlation(attrs: Attrs, records: Attrs[]): void;
  /** The Activity app's rings for one date (dateComponents). */
  activitySummary(attrs: Attrs): void;
  /** Any other top-level element (ExportDate, Me, ClinicalRecord, Audiogram, ...). */
  other(name: string): void;
}

export interface ReadOptions {
  onProgress?: (p: { bytesRead: number; totalBytes: number }) => void;
  signal?: AbortSignal;
  /** Awaited after each chunk: lets the caller flush full batches, which also applies back-pressure. */
  afterChunk?: () => Promise<void>;
  /** What the reader let through but the summary should say (control characters read as spaces). */
  onWarning?: (message: string) => void;
  /** false: saxes reads every element (the reference the fast lane is tested against). Default true. */
  fastLane?: boolean;
}

const PROGRESS_INTERVAL_MS = 250;
/**
 * Bytes decoded and parsed at a time. Strings above V8's regular object size (~128 KiB; a 1 MiB
 * chunk decodes to 2 MiB once one character is not Latin-1, like the ’ in "Jane’s Apple Watch")
 * are allocated in large-object space, which only a full collection frees; pieces this small stay
 * in the young generation and die cheaply.
 */
const PIECE = 32 * 1024;

/** Longer attribute values are cut (see cutLong). */
const MAX_ATTRIBUTE_CHARS = 8192;

/** An element the fast lane found cut by the end of a piece waits for the next one up to this many characters; a longer one goes to saxes. */
const MAX_CARRY = 64 * 1024;

/**
 * Characters XML 1.0 does not allow: C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF.
 * Exports written by iOS 16 and later carry U+000B in some values (and PostgreSQL refuses U+0000
 * in text and jsonb), so once the root element has begun they are read as spaces and counted
 * instead of failing the whole import. The fast lane leaves any element holding one to saxes
 * (SPECIAL), so only the text saxes is given is searched.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'g');

/**
 * No attribute of a real export comes near MAX_ATTRIBUTE_CHARS; a longer one (a damaged or hostile
 * file) is cut so the row's raw_data stays under its 512 KB bound instead of failing the whole
 * import in the database (found by fuzzing: a 10 MB sourceName).
 */
const cutLong = (value: string): string => (value.length > MAX_ATTRIBUTE_CHARS ? `${value.slice(0, MAX_ATTRIBUTE_CHARS)}… (cut from ${value.length} characters)` : value);

interface Child {
  name: string;
  attrs: Attrs;
}

/** The children of a self-closing element: never added to. */
const NONE: readonly Child[] = [];

/** Characters of the lane's Latin-1 text a value is read for one by one (rawValue, unescape): markup, controls, and any byte of a multibyte character. */
// eslint-disable-next-line no-control-regex
const SPECIAL_BYTE = /[<&\x00-\x1f\x7f-\xff]/;
/** A byte of a multibyte UTF-8 character, in the lane's Latin-1 text. */
const HIGH_BYTE = /[\x80-\xff]/;

/**
 * Attributes whose values repeat across elements (a handful of types, sources, devices, units):
 * their values are kept (VALUE_CACHE per name) and the same string is returned for the same bytes.
 * Dates and numbers, nearly all different, are not.
 */
const REPEATED = new Set(['type', 'sourceName', 'sourceVersion', 'device', 'unit', 'workoutActivityType', 'durationUnit', 'totalDistanceUnit', 'totalEnergyBurnedUnit', 'activeEnergyBurnedUnit', 'key']);
/** Values kept per attribute name; the oldest is replaced when a new one comes. */
const VALUE_CACHE = 8;
/** Values longer than this are not kept. */
const CACHED_CHARS = 512;

/** One attribute name's kept values: the raw text between the quotes, and the value it reads as. */
interface ValueCache {
  raw: string[];
  value: string[];
  next: number;
}

/**
 * The value a raw attribute text (decoded already) stands for: the predefined entities replaced, or
 * undefined when it holds anything saxes must judge: '<', a character reference or another
 * entity, a character XML 1.0 or 1.1 forbids or normalizes (controls, tab, newlines, C1, U+2028,
 * lone surrogates, U+FFFE/U+FFFF).
 */
function unescape(text: string): string | undefined {
  const to = text.length;
  let amp = -1;
  for (let k = 0; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x20 && c < 0x7f) {
      if (c === LT) return undefined;
      if (c === AMP && amp < 0) amp = k;
    } else if (c < 0xa0 || c === 0x2028 || c >= 0xfffe) {
      return undefined;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate followed by a low one; a lone one of either kind is saxes's to refuse.
      if (c > 0xdbff || k + 1 >= to) return undefined;
      const d = text.charCodeAt(k + 1);
      if (d < 0xdc00 || d > 0xdfff) return undefined;
      k++;
    }
  }
  if (amp < 0) return text;
  let out = '';
  let k = 0;
  while (amp >= 0) {
    out += text.slice(k, amp);
    const semi = text.indexOf(';', amp);
    if (semi < 0) return undefined;
    const ref = text.slice(amp + 1, semi);
    const char = ref === 'lt' ? '<' : ref === 'gt' ? '>' : ref === 'amp' ? '&' : ref === 'quot' ? '"' : ref === 'apos' ? "'" : undefined;
    if (char === undefined) return undefined;
    out += char;
    k = semi + 1;
    amp = text.indexOf('&', k);
  }
  return out + text.slice(k);
}

/**
 * A value of the lane's Latin-1 text as the string it stands for, or undefined (saxes's to read).
 * Bytes above 0x7F are decoded as UTF-8; a value that is not valid UTF-8 (or holds U+FFFD) goes to
 * saxes, so the lane only ever skips valid UTF-8 and its column count (a character per byte that
 * does not continue one) is saxes's.
 */
function rawValue(raw: string): string | undefined {
  if (!SPECIAL_BYTE.test(raw)) return raw;
  if (!HIGH_BYTE.test(raw)) return unescape(raw);
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? undefined : unescape(decoded);
}

/** A string V8 keeps in its table of names (a property key), sharing no memory with the piece it was read from. */
const internalized = (s: string): string => Object.keys({ [s]: 0 })[0]!;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const AMP = 0x26;
const QUOT = 0x22;
const APOS = 0x27;
const NL = 0x0a;

/** What the fast lane returns instead of an index: leave the element to saxes, or wait for more text. */
const BAIL = -1;
const MORE = -2;

/** Whitespace the lane steps over: space, tab, LF (CR changes line counting: saxes's). */
const isWs = (c: number) => c === 0x20 || c === NL || c === 0x09;
/** ASCII name characters only; anything else (':', non-ASCII names) goes to saxes. */
const isNameStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

/**
 * Reads the fast lane's elements from a string. Each method returns the index just past what it
 * read, BAIL or MORE; what it read is left in the fields.
 */
class FastLane {
  text = '';
  name = '';
  attrs: Attrs = {};
  children: readonly Child[] = NONE;

  /** A top-level element at i (text[i] is '<'): self-closing, or holding self-closing children only. */
  element(i: number): number {
    const text = this.text;
    let k = this.tag(i);
    if (k < 0) return k;
    const name = this.name;
    const attrs = this.attrs;
    let children = NONE;
    if (text.charCodeAt(k - 2) !== SLASH) {
      const kept: Child[] = [];
      children = kept;
      const keep = name !== 'Record';
      const n = text.length;
      for (;;) {
        while (k < n && isWs(text.charCodeAt(k))) k++;
        if (k >= n) return MORE;
        if (text.charCodeAt(k) !== LT) return BAIL;
        if (k + 1 >= n) return MORE;
        if (text.charCodeAt(k + 1) === SLASH) {
          const end = k + 2 + name.length;
          if (end >= n) return MORE;
          if (!text.startsWith(name, k + 2)) return BAIL;
          let e = end;
          while (e < n && isWs(text.charCodeAt(e))) e++;
          if (e >= n) return MORE;
          if (text.charCodeAt(e) !== GT) return BAIL;
          k = e + 1;
          break;
        }
        const c = this.tag(k);
        if (c < 0) return c;
        // A child with children of its own (a Workout's WorkoutRoute): saxes.
        if (text.charCodeAt(c - 2) !== SLASH) return BAIL;
        if (keep) kept.push({ name: this.name, attrs: this.attrs });
        k = c;
      }
    }
    this.name = name;
    this.attrs = attrs;
    this.children = children;
    return k;
  }

  /**
   * Names seen before, by length and first character: an export has a few dozen names, and an
   * attribute name that is the very string already used as a key spares V8 looking up a new
   * string in its table of names for every attribute of every element.
   */
  private readonly names: (string | undefined)[] = [];
  /** Per slot of names: the kept values of a REPEATED attribute name, else undefined. */
  private readonly caches: (ValueCache | undefined)[] = [];
  /** The kept values of the name nameAt last read (undefined when it is not REPEATED). */
  private cache: ValueCache | undefined;

  private nameAt(from: number, to: number): string {
    const text = this.text;
    const slot = (to - from) * 128 + text.charCodeAt(from);
    const known = this.names[slot];
    if (known !== undefined && text.startsWith(known, from)) {
      this.cache = this.caches[slot];
      return known;
    }
    const name = text.slice(from, to);
    this.cache = undefined;
    // A property key is the engine's own copy of the name (internalized), shared from now on.
    if (to - from <= 64) {
      this.names[slot] = internalized(name);
      this.caches[slot] = this.cache = REPEATED.has(name) ? { raw: [], value: [], next: 0 } : undefined;
    }
    return name;
  }

  /** The value between from and to, through the kept values of the attribute just named (nameAt). */
  private cachedValue(from: number, to: number): string | undefined {
    const cache = this.cache;
    if (cache === undefined) return this.value(from, to);
    const text = this.text;
    const n = to - from;
    const raws = cache.raw;
    for (let j = 0; j < raws.length; j++) {
      const raw = raws[j]!;
      if (raw.length === n && text.startsWith(raw, from)) return cache.value[j];
    }
    const value = this.value(from, to);
    if (value === undefined || n > CACHED_CHARS) return value;
    const j = cache.next;
    cache.next = (j + 1) % VALUE_CACHE;
    const kept = internalized(value);
    cache.raw[j] = internalized(text.slice(from, to));
    cache.value[j] = kept;
    return kept;
  }

  /** A start tag at i: its name and attributes; ends after '>' or '/>'. */
  private tag(i: number): number {
    const text = this.text;
    const n = text.length;
    let k = i + 1;
    if (k >= n) return MORE;
    if (!isNameStart(text.charCodeAt(k))) return BAIL;
    k++;
    while (k < n && isNameChar(text.charCodeAt(k))) k++;
    if (k >= n) return MORE;
    this.name = this.nameAt(i + 1, k);
    // A plain object, not saxes's Object.create(null): its shape is shared by elements with the
    // same attributes. Names an object already has ('constructor', '__proto__') look repeated and go to saxes.
    const attrs: Attrs = {};
    for (;;) {
      const before = k;
      while (k < n && isWs(text.charCodeAt(k))) k++;
      if (k >= n) return MORE;
      const c = text.charCodeAt(k);
      if (c === SLASH) {
        if (k + 1 >= n) return MORE;
        if (text.charCodeAt(k + 1) !== GT) return BAIL;
        this.attrs = attrs;
        return k + 2;
      }
      if (c === GT) {
        this.attrs = attrs;
        return k + 1;
      }
      if (k === before || !isNameStart(c)) return BAIL;
      const start = k;
      k++;
      while (k < n && isNameChar(text.charCodeAt(k))) k++;
      const attr = this.nameAt(start, k);
      while (k < n && isWs(text.charCodeAt(k))) k++;
      if (k >= n) return MORE;
      if (text.charCodeAt(k) !== EQ) return BAIL;
      k++;
      while (k < n && isWs(text.charCodeAt(k))) k++;
      if (k >= n) return MORE;
      const q = text.charCodeAt(k);
      if (q !== QUOT && q !== APOS) return BAIL;
      const close = text.indexOf(q === QUOT ? '"' : "'", k + 1);
      if (close < 0) return MORE;
      const value = this.cachedValue(k + 1, close);
      if (value === undefined || attrs[attr] !== undefined) return BAIL;
      attrs[attr] = cutLong(value);
      k = close + 1;
    }
  }

  /** The value between from and to (rawValue). */
  private value(from: number, to: number): string | undefined {
    return rawValue(this.text.slice(from, to));
  }
}

/**
 * Streams the XML through saxes and the fast lane, holding only the element being read (a Workout
 * or Correlation with its children at most), whatever the file's size.
 */
export async function readExport(source: ExportSource, handlers: ExportHandlers, opts: ReadOptions = {}): Promise<void> {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const useLane = opts.fastLane !== false;
  let depth = 0;
  let sawRoot = false;
  // The top-level element being read: its name and attributes, and its direct children's (never
  // kept for a Record, the element nearly every byte of an export belongs to).
  let topName: string | undefined;
  let topAttrs: Attrs = {};
  let children: Child[] = [];
  // True when the last tag saxes read ended at the last character it was given (see feed) and
  // left it in the root's character data: the fast lane may read what follows.
  let quiet = false;
  // Characters XML does not allow, read as spaces (NOT_XML_CHAR): how many, and the first one's line.
  let controls = 0;
  let firstControlLine = 0;

  const dispatch = (name: string, attrs: Attrs, kids: readonly Child[]) => {
    if (name === 'Record') handlers.record(attrs);
    else if (name === 'Workout') handlers.workout(attrs, kids.filter((c) => c.name === 'WorkoutStatistics').map((c) => c.attrs), kids.filter((c) => c.name === 'MetadataEntry').map((c) => c.attrs));
    else if (name === 'Correlation') handlers.correlation(attrs, kids.filter((c) => c.name === 'Record').map((c) => c.attrs));
    else if (name === 'ActivitySummary') handlers.activitySummary(attrs);
    else handlers.other(name);
  };

  parser.on('opentag', (tag) => {
    depth++;
    quiet = depth === 1;
    const attrs = tag.attributes;
    for (const name in attrs) if ((attrs[name] as string).length > MAX_ATTRIBUTE_CHARS) attrs[name] = cutLong(attrs[name] as string);
    if (depth === 2) {
      topName = tag.name;
      topAttrs = tag.attributes;
      if (children.length) children = [];
    } else if (depth === 3) {
      if (topName !== undefined && topName !== 'Record') children.push({ name: tag.name, attrs: tag.attributes });
    } else if (depth === 1) {
      sawRoot = true;
      if (tag.name !== 'HealthData') throw new AppleHealthImportError(`${source.name}: is not an Apple Health export (root element <${tag.name}>, expected <HealthData>)`);
    }
  });
  parser.on('closetag', () => {
    if (depth === 2 && topName !== undefined) {
      const name = topName;
      topName = undefined;
      dispatch(name, topAttrs, children);
    }
    depth--;
    quiet = depth === 1;
  });

  // Lines the fast lane read past, and the columns to add to saxes's on the line it is on
  // (colLine): error messages name the place in the file, not in the text saxes was given.
  let skippedLines = 0;
  let colLine = -1;
  let colShift = 0;
  const lane = new FastLane();
  /** text[from, to) (Latin-1, valid UTF-8) was read by the lane: counts its lines, and the columns (characters) of its last one. */
  const skipped = (text: string, from: number, to: number) => {
    let last = -1;
    for (let nl = text.indexOf('\n', from); nl >= 0 && nl < to; nl = text.indexOf('\n', nl + 1)) {
      skippedLines++;
      last = nl;
    }
    let tail = 0;
    for (let k = last < 0 ? from : last + 1; k < to; k++) {
      // A character is its first byte: a byte 10xxxxxx continues one.
      if ((text.charCodeAt(k) & 0xc0) !== 0x80) tail++;
    }
    if (last >= 0) {
      colLine = parser.line;
      colShift = tail - parser.column;
    } else if (colLine === parser.line) colShift += tail;
    else {
      colLine = parser.line;
      colShift = tail;
    }
  };

  /** Gives saxes text, with the characters XML does not allow read as spaces once the root has begun (NOT_XML_CHAR). */
  const write = (text: string): void => {
    if (!sawRoot && NOT_XML_CHAR.test(text)) {
      // Before the root element begins such a character means the file is not XML: saxes judges
      // it. Up to each '>' until the root's start tag has been read, then the rest as below.
      let from = 0;
      while (!sawRoot && from < text.length) {
        const gt = text.indexOf('>', from);
        const end = gt < 0 ? text.length : gt + 1;
        parser.write(text.slice(from, end));
        from = end;
      }
      if (from < text.length) write(text.slice(from));
      return;
    }
    if (NOT_XML_CHAR.test(text)) {
      text = text.replace(NOT_XML_CHARS, (_c: string, at: number) => {
        if (controls++ === 0) {
          let lines = 0;
          for (let nl = text.indexOf('\n'); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) lines++;
          firstControlLine = parser.line + skippedLines + lines;
        }
        return ' ';
      });
    }
    parser.write(text);
  };

  /**
   * Decodes what the lane leaves to saxes. A '>' never falls inside a multibyte character, so when
   * saxes is quiet (its last character was a '>') this holds no partial character.
   */
  const saxDecoder = new StringDecoder('utf8');
  /**
   * Gives saxes the Latin-1 text[from, to) decoded as UTF-8, in pieces that each end at a '>' (or
   * at to): saxes reports a tag only on its '>', so a tag reported during a piece ended at the
   * piece's last character. Returns where it stopped: at to, or earlier where saxes became quiet.
   */
  const feed = (text: string, from: number, to: number): number => {
    while (from < to) {
      const gt = text.indexOf('>', from);
      const end = gt < 0 || gt >= to ? to : gt + 1;
      quiet = false;
      write(saxDecoder.write(Buffer.from(text.slice(from, end), 'latin1')));
      from = end;
      if (quiet) return from;
    }
    return to;
  };

  /** Text from the previous piece: an element the lane found cut, waiting for the rest. */
  let carry = '';
  /** Reads one piece (Latin-1: a character per byte): the lane while saxes is quiet, saxes otherwise. */
  const consume = (piece: string, last: boolean): void => {
    const text = carry ? [carry, piece].join('') : piece;
    carry = '';
    const n = text.length;
    lane.text = text;
    let at = 0;
    while (at < n) {
      if (quiet) {
        const from = at;
        let k = at;
        let stop = BAIL;
        for (;;) {
          while (k < n && isWs(text.charCodeAt(k))) k++;
          if (k >= n || text.charCodeAt(k) !== LT) break;
          const end = lane.element(k);
          if (end < 0) {
            stop = end;
            break;
          }
          dispatch(lane.name, lane.attrs, lane.children);
          k = end;
        }
        if (k > from) skipped(text, from, k);
        at = k;
        if (at >= n) break;
        if (stop === MORE && !last && n - at <= MAX_CARRY) {
          carry = text.slice(at);
          return;
        }
      }
      at = feed(text, at, n);
    }
  };

  const decoder = new StringDecoder('utf8');
  let bytesRead = 0;
  let lastProgress = 0;
  const fail = (error: unknown): never => {
    if (error instanceof AppleHealthImportError) throw error;
    const message = (error as Error).message.replace(/^(?:[^:\d][^:]*:)?\d+:\d+: /, '');
    // Nothing XML-like before the error (a CSV, a PDF, an empty file): say what the file is not.
    if (!sawRoot) throw new AppleHealthImportError(`${source.name}: is not an Apple Health export: it is not XML (${message.replace(/\.$/, '')}); expected export.zip or export.xml from Health > Export All Health Data`);
    const line = parser.line + skippedLines;
    const column = parser.column + (parser.line === colLine ? colShift : 0);
    throw new AppleHealthImportError(`${source.name}: malformed XML at line ${line}, column ${column}: ${message}`);
  };
  try {
    // True while a chunk is handled: an error outside that comes from reading the file itself.
    let handling = false;
    try {
      for await (const chunk of source.stream as AsyncIterable<Buffer>) {
        handling = true;
        opts.signal?.throwIfAborted();
        bytesRead += chunk.length;
        try {
          for (let at = 0; at < chunk.length; at += PIECE) {
            const end = Math.min(at + PIECE, chunk.length);
            // Without the lane (the reference it is tested against) saxes reads the decoded bytes.
            if (useLane) consume(chunk.toString('latin1', at, end), false);
            else write(decoder.write(chunk.subarray(at, end)));
          }
        } catch (error) {
          fail(error);
        }
        const now = Date.now();
        if (opts.onProgress && now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          opts.onProgress({ bytesRead, totalBytes: source.totalBytes });
        }
        if (opts.afterChunk) await opts.afterChunk();
        handling = false;
      }
    } catch (error) {
      // A damaged zip entry fails while it inflates (zlib's "invalid distances set"), a cut one when it ends early.
      if (handling || error instanceof AppleHealthImportError) throw error;
      throw new AppleHealthImportError(`${source.name}: could not be read to the end, the file is damaged (${(error as Error).message})`);
    }
    try {
      if (useLane) {
        consume('', true);
        const rest = saxDecoder.end();
        if (rest) write(rest);
      } else write(decoder.end());
      parser.close();
    } catch (error) {
      fail(error);
    }
    if (depth !== 0) fail(new Error('the document ends inside an element'));
    if (controls > 0) {
      opts.onWarning?.(`${controls} character${controls === 1 ? '' : 's'} XML does not allow (control characters such as U+000B, which iOS writes in some values) read as spaces; the first on line ${firstControlLine}`);
    }
    opts.onProgress?.({ bytesRead, totalBytes: source.totalBytes });
  } finally {
    source.close();
  }
}
