// The streaming reader and the date parser on their own, without a database: how the XML is cut
// into chunks must never change what is read, and the hand-rolled date parser must agree with the
// regex + Date.UTC reading it replaced, including Date.UTC's roll-over of out-of-range fields.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { AppleHealthImportError } from '../../src/importers/appleHealth/errors';
import { type Attrs, type ExportHandlers, readExport } from '../../src/importers/appleHealth/reader';
import { parseAppleMs, parseAppleTime } from '../../src/importers/appleHealth/time';
import { validCalendarDate } from '../../src/validation/isoDates';

/** The reading parseAppleTime had before it was hand-rolled: the oracle. */
function regexReading(text: string): { ms: number; localDate: string; offsetMin: number; localHour: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  // Not a time at all ("2024-02-30", "24:00:00", "+2500") is refused, not rolled over.
  if (!validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59 || Number(m[9]) > 59 || Math.abs(offsetMin) > 18 * 60) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - offsetMin * 60_000;
  return Number.isFinite(ms) ? { ms, localDate: text.slice(0, 10), offsetMin, localHour: Number(m[4]) } : undefined;
}

test('Apple dates: the fast parser reads exactly what the regex and Date.UTC read', () => {
  const edges = [
    '2024-01-02 07:10:00 +0100', '2024-02-29 23:59:59 -1200', '2024-02-30 00:00:00 +0000', '2023-13-01 00:00:00 +0000',
    '2024-00-00 24:60:60 +9999', '0099-06-01 12:00:00 +0000', '0000-01-01 00:00:00 -0000', '9999-12-31 99:99:99 +0000',
    '2024-01-02 07:10:00 +010', '2024-01-02 07:10:00 +01000', '2024-01-02T07:10:00 +0100', '2024-01-02 07:10:00 ±0100',
    '2024-01-02 07:10:00 +01a0', '2024-01-0٣ 07:10:00 +0100', ' 2024-01-02 07:10:00 +0100', '2024-01-02 07:10:00 +0100\n', '',
  ];
  for (const text of edges) {
    expect(parseAppleTime(text)).toEqual(regexReading(text));
    expect(parseAppleMs(text)).toEqual(regexReading(text)?.ms);
  }
  // Well-formed shapes with any digits (impossible fields included), then the same with one character changed.
  const d = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
  const shaped = fc.tuple(d(4), d(2), d(2), d(2), d(2), d(2), fc.constantFrom('+', '-'), d(4)).map(([y, mo, da, h, mi, s, sign, off]) => `${y}-${mo}-${da} ${h}:${mi}:${s} ${sign}${off}`);
  const mutated = fc.tuple(shaped, fc.nat(24), fc.constantFrom('x', ' ', '-', ':', '+', '9', '\u0663', '')).map(([t, i, c]) => t.slice(0, i) + c + t.slice(i + 1));
  fc.assert(fc.property(fc.oneof(shaped, mutated), (text) => {
    expect(parseAppleTime(text)).toEqual(regexReading(text));
    expect(parseAppleMs(text)).toEqual(regexReading(text)?.ms);
  }), { numRuns: 500 });
});

interface Read {
  records: Attrs[];
  workouts: { attrs: Attrs; statistics: Attrs[]; metadata: Attrs[] }[];
  correlations: { attrs: Attrs; records: Attrs[] }[];
  summaries: Attrs[];
  other: string[];
}

/** Reads the document fed as the given pieces of bytes (the stream's chunks). */
async function read(chunks: Buffer[]): Promise<Read> {
  const out: Read = { records: [], workouts: [], correlations: [], summaries: [], other: [] };
  const handlers: ExportHandlers = {
    record: (a) => out.records.push(a),
    workout: (attrs, statistics, metadata) => out.workouts.push({ attrs, statistics, metadata }),
    correlation: (attrs, records) => out.correlations.push({ attrs, records }),
    activitySummary: (a) => out.summaries.push(a),
    other: (name) => out.other.push(name),
  };
  const totalBytes = chunks.reduce((n, c) => n + c.length, 0);
  await readExport({ stream: Readable.from(chunks), totalBytes, name: 'export.xml', close: () => {} }, handlers);
  return out;
}

/** bytes cut every `size` bytes, and cut at each of `at` too. */
function cut(bytes: Buffer, size: number, at: number[] = []): Buffer[] {
  const points = [...new Set([...at, ...Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i * size)])].filter((p) => p > 0 && p < bytes.length).sort((a, b) => a - b);
  return [0, ...points].map((p, i) => bytes.subarray(p, points[i] ?? bytes.length));
}

const WATCH = 'Jane’s Apple Watch 🍎';
const DOCUMENT = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST Record type CDATA #REQUIRED device CDATA #IMPLIED startDate CDATA #REQUIRED>
<!ENTITY % skipped "a ] in a literal">
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-04-01 09:00:00 +0100"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="${WATCH}" device="&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch, model:Watch &amp; co&gt;" unit="count" startDate="2024-03-30 10:00:00 +0000" endDate="2024-03-30 10:05:00 +0000" value="12"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale &quot;Pro&quot; &#x2019;&#8217;" unit="kg" startDate="2024-03-30 07:00:00 +0000" endDate="2024-03-30 07:00:00 +0000" value="70.5">
  <MetadataEntry key="note" value="tab&#9;and&#10;newline"/>
 </Record>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="${WATCH}" unit="count/min" startDate="2024-03-30 10:00:00 +0000" endDate="2024-03-30 10:00:00 +0000" value="61"><![CDATA[ <not markup> & ]]></Record>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" startDate="2024-03-30 08:00:00 +0000" endDate="2024-03-30 08:00:00 +0000">
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" unit="mmHg" startDate="2024-03-30 08:00:00 +0000" endDate="2024-03-30 08:00:00 +0000" value="120"/>
 </Correlation>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="2024-03-30 18:00:00 +0000" endDate="2024-03-30 18:30:00 +0000">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="5" unit="km"/>
  <WorkoutRoute sourceName="${WATCH}"><FileReference path="/workout-routes/route.gpx"/></WorkoutRoute>
 </Workout>
 <ActivitySummary dateComponents="2024-03-30" activeEnergyBurned="400"/>
 <?vitalis ignored?>
</HealthData>
`;

test('the reader: BOM, DOCTYPE with an internal subset, entities, character references, CDATA and children', async () => {
  const got = await read([Buffer.from(DOCUMENT)]);
  expect(got.other).toEqual(['ExportDate']);
  expect(got.records.map((r) => r.sourceName)).toEqual([WATCH, 'Scale "Pro" ’’', WATCH]);
  expect(got.records[0]!.device).toBe('<<HKDevice: 0x1>, name:Apple Watch, model:Watch & co>');
  expect(got.records[2]!.value).toBe('61');
  expect(got.correlations).toEqual([{ attrs: expect.objectContaining({ sourceName: 'Omron' }), records: [expect.objectContaining({ value: '120' })] }]);
  expect(got.workouts[0]!.statistics).toEqual([expect.objectContaining({ sum: '5', unit: 'km' })]);
  expect(got.workouts[0]!.metadata).toEqual([{ key: 'HKIndoorWorkout', value: '0' }]);
  expect(got.summaries).toEqual([{ dateComponents: '2024-03-30', activeEnergyBurned: '400' }]);
});

test('the reader reads the same whatever the chunks, multibyte characters split across them included', async () => {
  const bytes = Buffer.from(DOCUMENT);
  const whole = await read([bytes]);
  // Cut inside every byte of the ’ and the 4-byte 🍎, and inside an entity.
  const quote = bytes.indexOf('’');
  const apple = bytes.indexOf('🍎');
  const entity = bytes.indexOf('&quot;');
  for (const size of [1, 7, 4096]) expect(await read(cut(bytes, size, [quote + 1, quote + 2, apple + 1, apple + 2, apple + 3, entity + 2]))).toEqual(whole);
  // Chunks far larger than the reader's 32 KiB pieces, with a multibyte character on a piece boundary.
  const filler = ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="${WATCH}" startDate="2024-03-30 10:00:00 +0000" value="1"/>\n`;
  const big = Buffer.from(DOCUMENT.replace(' <ActivitySummary', filler.repeat(2000) + ' <ActivitySummary'));
  const boundary = big.lastIndexOf('’', 32 * 1024 - 1);
  const shifted = Buffer.concat([big.subarray(0, big.indexOf('<HealthData ')), Buffer.from(' '.repeat(32 * 1024 - boundary - 1)), big.subarray(big.indexOf('<HealthData '))]);
  expect(shifted.subarray(32 * 1024 - 1, 32 * 1024 + 2).toString()).toBe('’');
  const [a, b] = await Promise.all([read([shifted]), read(cut(shifted, 100_000, [32 * 1024]))]);
  expect(a.records).toHaveLength(2003);
  expect(a.records.every((r) => r.sourceName !== undefined && !r.sourceName.includes('\uFFFD'))).toBe(true);
  expect(b).toEqual(a);
});

test('the reader refuses malformed and truncated XML with the line and column', async () => {
  const bad = async (xml: string) => read(cut(Buffer.from(xml), 5)).then(() => 'read', (e: unknown) => e);
  const truncated = DOCUMENT.slice(0, DOCUMENT.indexOf('<Workout') + 20);
  for (const xml of [
    truncated,
    DOCUMENT.replace('</Correlation>', '</Corelation>'),
    DOCUMENT.replace('value="12"', 'value="1<2"'),
    DOCUMENT.replace('&amp; co', '& co'),
    DOCUMENT.replace('&quot;Pro', '&nbsp;Pro'),
    DOCUMENT.replace('value="61"', 'value="61" value="62"'),
    `${DOCUMENT}<HealthData/>`,
  ]) {
    const error = await bad(xml);
    expect(error).toBeInstanceOf(AppleHealthImportError);
    expect((error as Error).message).toMatch(/^export\.xml: malformed XML at line \d+, column \d+: \S/);
  }
  expect(((await bad(truncated)) as Error).message).toMatch(new RegExp(`at line ${truncated.split('\n').length}, column \\d+: unclosed tag: HealthData`));
});

/** Everything readExport reports, attributes as plain objects, or the error it ended with. */
async function trace(chunks: Buffer[], fastLane: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  const plain = (a: Attrs) => ({ ...a });
  const handlers: ExportHandlers = {
    record: (a) => out.push(['record', plain(a)]),
    workout: (a, statistics, metadata) => out.push(['workout', plain(a), statistics.map(plain), metadata.map(plain)]),
    correlation: (a, records) => out.push(['correlation', plain(a), records.map(plain)]),
    activitySummary: (a) => out.push(['summary', plain(a)]),
    other: (name) => out.push(['other', name]),
  };
  const totalBytes = chunks.reduce((n, c) => n + c.length, 0);
  await readExport({ stream: Readable.from(chunks), totalBytes, name: 'export.xml', close: () => {} }, handlers, { fastLane }).catch((error: unknown) => out.push(['error', (error as Error).message]));
  return out;
}

const R = (attrs: string) => `<Record type="HKQuantityTypeIdentifierStepCount" sourceName="${WATCH}" ${attrs} startDate="2024-03-30 10:00:00 +0000"/>`;
/** Top-level elements the fast lane reads, and ones it must leave to saxes (unusual or malformed). */
const PARTS = [
  R('value="12"'), R('value="12"'), R('value="12"'), R("unit='count' value = \"3\""), R('device="&lt;&lt;HKDevice&gt;, model:Watch &amp; &quot;co&apos;&gt;"'),
  R('value="&#x31;&#50;"'), R('value="a&nbsp;b"'), R('value="1<2"'), R('value="1>2"'), R('value="tab\there"'), R('value="line\nbreak"'), R('value="cr\rhere"'),
  R('value="\u0085\u2028\uFFFF"'), R('value="🍎"'), R('value="1" value="2"'), R('constructor="x"'), R('__proto__="x"'), R('x:y="1"'), R('é="1"'), R('value="1"value="2"'),
  R(`value="${'9'.repeat(9000)}"`), '<Record type="x" value="1" />', '<Record\ntype="x"\n\tvalue="1"/>', '<Record type="x"></Record >', '<Record type="x"><MetadataEntry key="k" value="v"/></Record>',
  '<Record type="x"><MetadataEntry key="k" value="v"/></Recordx>', '<Record type="x"><MetadataEntry key="k" value="v"/></Workout>', '<Record type="x"></Recorx>', '<Workout type="x"><MetadataEntry key="k" value="v"/></Workoux>', '<Record type="x"><![CDATA[ a ]]></Record>', '<Record type="x">text</Record>',
  '<Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron">\n  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" unit="mmHg" value="120"/>\n  <MetadataEntry key="a" value="b"/>\n </Correlation>',
  '<Workout workoutActivityType="HKWorkoutActivityTypeRunning"><WorkoutStatistics type="t" sum="5" unit="km"/><MetadataEntry key="HKIndoorWorkout" value="1"/></Workout>',
  '<Workout workoutActivityType="HKWorkoutActivityTypeRunning"><WorkoutRoute><FileReference path="/r.gpx"/></WorkoutRoute></Workout>',
  '<ActivitySummary dateComponents="2024-03-30" activeEnergyBurned="400"/>', '<ClinicalRecord type="x"/>', '<!-- a <Record type="in a comment"/> -->', '<?pi <Record?>', 'stray text', '&amp;', '&bogus;',
  '<Record type="x"', '<Record type="x" value="1/>', '<Record type="x"/', '</HealthData>', '<Record', '<Record/>', '<Record >', '<1Record/>', '<Record type=x/>', '<Record type="x" / >',
];
const GAPS = ['\n ', '\n ', '\n', ' ', '', '\r\n ', '\t', '\n\n  '];

test('the fast lane reads exactly what saxes alone reads, errors and their line and column included', async () => {
  const head = DOCUMENT.slice(0, DOCUMENT.indexOf('<HealthData'));
  const doc = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...GAPS), fc.constantFrom(...PARTS)), { maxLength: 30 }), fc.constantFrom('\n</HealthData>\n', '</HealthData>', ''), fc.option(fc.nat(), { nil: undefined }))
    .map(([parts, tail, cutAt]) => {
      const xml = `${head}<HealthData locale="en_GB">${parts.map(([gap, part]) => gap + part).join('')}${tail}`;
      return cutAt === undefined ? xml : xml.slice(0, cutAt % (xml.length + 1));
    });
  await fc.assert(fc.asyncProperty(doc, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), async (xml, sizes) => {
    const bytes = Buffer.from(xml);
    const points: number[] = [];
    for (let p = 0, i = 0; p < bytes.length; i++) points.push((p += sizes[i % sizes.length]!));
    const chunks = cut(bytes, bytes.length + 1, points);
    const [fast, slow] = await Promise.all([trace(chunks, true), trace([bytes], false)]);
    expect(fast).toEqual(slow);
  }), { numRuns: 400 });
});

test('the fast lane: elements far apart in a large document, each kind of piece boundary', async () => {
  // Well-formed, and all but the first read by saxes: the lane must start again after each.
  const parts = [R('device="&lt;&gt;&amp;"'), R('value="&#x31;"'), R('value="🍎"'), R('value="tab\there"'), PARTS.find((p) => p.startsWith('<Correlation'))!, ...PARTS.filter((p) => p.startsWith('<Workout workout')), '<!-- c -->', '<?pi x?>', '<Record type="x"><![CDATA[ a ]]></Record>'];
  const body = Array.from({ length: 3000 }, (_, i) => `\n ${i % 97 === 0 ? parts[i % parts.length] : R(`value="${i}"`)}`).join('');
  const xml = `${DOCUMENT.slice(0, DOCUMENT.indexOf('<HealthData'))}<HealthData locale="en_GB">${body}\n</HealthData>\n`;
  const bytes = Buffer.from(xml);
  const slow = await trace([bytes], false);
  expect(slow.filter((e) => (e as string[])[0] === 'record').length).toBeGreaterThan(2900);
  for (const size of [1, 333, 65536]) expect(await trace(cut(bytes, size), true)).toEqual(slow);
  // The lane did read them: its attributes are plain objects, saxes's have no prototype.
  const prototypes: unknown[] = [];
  const source = { stream: Readable.from([bytes]), totalBytes: bytes.length, name: 'export.xml', close: () => {} };
  await readExport(source, { record: (a) => prototypes.push(Object.getPrototypeOf(a)), workout: () => {}, correlation: () => {}, activitySummary: () => {}, other: () => {} });
  expect(prototypes.filter((p) => p === Object.prototype).length).toBeGreaterThan(2900);
});

test('the fast lane: repeated values handed out again only for the same bytes, invalid UTF-8 left to saxes', async () => {
  // More values per attribute than the lane keeps (8), values of the same length that differ in
  // one byte, in an entity or in a multibyte character, and bytes that are not UTF-8 (a lone
  // continuation byte, a cut 3-byte character, an overlong '/', 0xFF, a surrogate): the lane
  // must read exactly what saxes alone reads, and an error later on the same line must name the
  // same column.
  const values = ['count', 'counu', 'kount', 'count/min', 'mL/min·kg', 'mL/min·kf', '&lt;x&gt;', '&lt;y&gt;', '&amp;lt;x', '’s', '‘s', '🍎', '🍏', 'x&quot;y', "x'y", '', 'a b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const bad = [Buffer.from([0x80]), Buffer.from([0xe2, 0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xff]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\ufffd')];
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...values).map((v) => Buffer.from(v)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...values), fc.constantFrom(...bad)).map(([v, b]) => Buffer.concat([Buffer.from(v), b])) },
  );
  const attribute = fc.tuple(fc.constantFrom('type', 'sourceName', 'unit', 'device', 'sourceVersion', 'value', 'key'), value).map(([name, v]) => [name, v] as const);
  const element = fc.tuple(fc.uniqueArray(attribute, { selector: ([name]) => name, maxLength: 5 }), fc.constantFrom('\n ', ' ', ''), fc.boolean()).map(([attrs, gap, broken]) =>
    Buffer.concat([Buffer.from(`${gap}<Record`), ...attrs.flatMap(([name, v]) => [Buffer.from(` ${name}="`), v, Buffer.from('"')]), Buffer.from(broken ? ' value="1<2"/>' : '/>')]));
  const head = DOCUMENT.slice(0, DOCUMENT.indexOf('<HealthData'));
  await fc.assert(fc.asyncProperty(fc.array(element, { maxLength: 40 }), fc.integer({ min: 1, max: 300 }), async (elements, size) => {
    const bytes = Buffer.concat([Buffer.from(`${head}<HealthData locale="en_GB">`), ...elements, Buffer.from('\n</HealthData>\n')]);
    const [fast, slow] = await Promise.all([trace(cut(bytes, size), true), trace([bytes], false)]);
    expect(fast).toEqual(slow);
  }), { numRuns: 300 });
  // The kept value is the same string each time, and a value of the same length is not taken for it.
  const doc = `${head}<HealthData locale="en_GB">${['count', 'counu', 'count', '&lt;x&gt;', '&lt;y&gt;', '&lt;x&gt;'].map((u) => `<Record unit="${u}"/>`).join('\n')}</HealthData>`;
  const got = await read([Buffer.from(doc)]);
  expect(got.records.map((r) => r.unit)).toEqual(['count', 'counu', 'count', '<x>', '<y>', '<x>']);
});
