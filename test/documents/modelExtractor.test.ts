// The optional model extractor against a fake OpenAI-compatible server over real HTTP: what it
// sends, how it reads the answer, and what it refuses. Nothing is sent unless the URL is configured.
import { loadConfig } from '../../src/config';
import { draftItem, type DraftItem } from '../../src/documents/draft';
import { parseDocument } from '../../src/documents/parse';
import { chatCompletionsUrl, extractWithModel, MAX_MODEL_CONFIDENCE, modelExtractorFromConfig, type ModelExtractorConfig } from '../../src/documents/model';
import type { TextLine } from '../../src/documents/types';
import { startFakeChatCompletions, type FakeChatCompletions } from '../fakeProviders/chatCompletions';

/** Rows as the text layer would rebuild them: cells split where the text has two spaces. */
function page(pageNumber: number, rows: string[]): TextLine[] {
  return rows.map((text, line) => {
    let x = 36;
    const cells = text.split(/ {2,}/).map((cell) => {
      const c = { text: cell, x, y: 72 + line * 14, width: cell.length * 5, height: 10 };
      x += c.width + 20;
      return c;
    });
    return { page: pageNumber, line, x: 36, y: 72 + line * 14, width: x - 56, height: 10, cells, text };
  });
}

const LAB = page(1, [
  'Northside Clinical Laboratory',
  'Collected: 03/14/2026   Reported: 03/15/2026',
  'Test  Result  Flag  Units  Reference Interval',
  'Glucose  95    mg/dL  65-99',
  'Hemoglobin A1c  5.9  H  %  4.8-5.6',
  'HIV 1/2 Antibody  Negative    Negative',
]);

const labAnswer = {
  kind: 'lab',
  header: { provider: 'Northside Clinical Laboratory', collectedAt: '2026-03-14', reportedAt: '2026-03-15' },
  items: [
    { type: 'lab_result', printedName: 'Glucose', value: 95, unit: 'mg/dL', refRangeText: '65-99', refLow: 65, refHigh: 99, confidence: 0.95 },
    { type: 'lab_result', printedName: 'Hemoglobin A1c', value: 5.9, unit: '%', refLow: 4.8, refHigh: 5.6, flag: 'H', confidence: 0.7 },
    { type: 'lab_result', printedName: 'HIV 1/2 Antibody', value: null, valueText: 'Negative', refRangeText: 'Negative' },
  ],
};

const DEXA = page(1, [
  'Body Composition Results',
  'Region  Fat %  Fat (kg)  Lean (kg)  BMC (kg)  Total (kg)',
  'Left Arm  24.1  1.05  3.12  0.18  4.35',
  'Total  22.8  17.2  55.1  2.9  75.2',
  'Visceral Fat Mass  0.45 kg',
  'Bone Density  BMD (g/cm²)  T-score  Z-score',
  'L1-L4  1.205  0.8  1.1',
]);

const dexaAnswer = {
  kind: 'dexa',
  header: { provider: 'BodyLab', collectedAt: '2026-02-01' },
  items: [
    { type: 'dexa_region', region: 'arm_left', label: 'Left Arm', bodyFatPct: 24.1, fat: 1.05, lean: 3.12, bmc: 0.18, totalMass: 4.35, massUnit: 'kg', confidence: 0.9 },
    { type: 'dexa_region', region: 'total', label: 'Total', bodyFatPct: 22.8, fat: 17.2, lean: 55.1, bmc: 2.9, totalMass: 75.2, massUnit: 'kg' },
    { type: 'dexa_summary', field: 'visceralFatLbs', label: 'Visceral Fat Mass', value: 0.45, unit: 'kg' },
    { type: 'bone_density', region: 'l1_l4', label: 'L1-L4', bmdGCm2: 1.205, tScore: 0.8, zScore: 1.1 },
  ],
};

let fake: FakeChatCompletions;
let config: ModelExtractorConfig;

beforeAll(async () => {
  fake = await startFakeChatCompletions();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.delay(0);
  config = { url: fake.baseUrl, model: 'qwen2.5-7b-instruct', timeoutMs: 5000 };
});

const byId = (items: DraftItem[], id: string) => items.find((i) => i.id === id)!;

test('a lab answer becomes model items, unmatched, each with the row it was printed on', async () => {
  fake.answer(labAnswer);
  const report = await extractWithModel({ lines: LAB, kind: 'lab' }, config);
  expect(report).toMatchObject({ kind: 'lab', family: 'model', unreadLines: [], warnings: [] });
  expect(report.header).toEqual({ provider: 'Northside Clinical Laboratory', collectedAt: '2026-03-14', reportedAt: '2026-03-15' });
  expect(report.items.map((i) => i.id)).toEqual(['m1', 'm2', 'm3']);
  expect(byId(report.items, 'm1')).toMatchObject({
    type: 'lab_result', extractor: 'model', printedName: 'Glucose', value: 95, unit: 'mg/dL', printedUnit: 'mg/dL', refLow: 65, refHigh: 99,
    biomarkerId: null, canonicalName: null, matchedBy: null, rejected: false, corrected: [],
    source: { page: 1, line: 3, x: 36, y: 72 + 3 * 14, height: 10 },
  });
  // The model's 0.95 is capped; its own lower figure is kept.
  expect(byId(report.items, 'm1').confidence).toBe(MAX_MODEL_CONFIDENCE);
  expect(byId(report.items, 'm2')).toMatchObject({ flag: 'H', printedFlag: 'H', confidence: 0.7, source: { line: 4 } });
  expect(byId(report.items, 'm3')).toMatchObject({ value: null, valueText: 'Negative', source: { line: 5 } });
  expect(byId(report.items, 'm3').confidence).toBeGreaterThan(0.5);
  for (const item of report.items) expect(draftItem.parse(item)).toEqual(item);
});

test('the request carries the model, JSON mode, the report text with page and line numbers, and no key when none is set', async () => {
  fake.answer(labAnswer);
  await extractWithModel({ lines: LAB, kind: 'lab' }, config);
  expect(fake.requests).toHaveLength(1);
  const [request] = fake.requests;
  expect(request!.path).toBe('/v1/chat/completions');
  expect(request!.headers.authorization).toBeUndefined();
  expect(request!.body).toMatchObject({ model: 'qwen2.5-7b-instruct', response_format: { type: 'json_object' }, stream: false });
  const [system, user] = request!.body.messages!;
  expect(system).toMatchObject({ role: 'system' });
  expect(system!.content).toContain('"lab_result"');
  expect(system!.content).not.toContain('"dexa_region"');
  expect(user!.role).toBe('user');
  expect(user!.content).toContain('p1 l3: Glucose  95    mg/dL  65-99');
  expect(user!.content).toContain('p1 l5: HIV 1/2 Antibody  Negative    Negative');
});

test('the API key goes in the Authorization header when one is set', async () => {
  fake.answer(labAnswer);
  await extractWithModel({ lines: LAB, kind: 'lab' }, { ...config, apiKey: 'sk-local-test' });
  expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-local-test');
});

test('a DEXA answer in kilograms is converted to the draft units, the printed figures kept', async () => {
  fake.answer(dexaAnswer);
  const report = await extractWithModel({ lines: DEXA, kind: null }, config);
  expect(report.kind).toBe('dexa');
  expect(report.header).toEqual({ provider: 'BodyLab', collectedAt: '2026-02-01' });
  expect(byId(report.items, 'm1')).toMatchObject({
    type: 'dexa_region', region: 'arm_left', bodyFatPct: 24.1, fatLbs: 2.315, leanLbs: 6.878, bmcLbs: 0.397, totalMassLbs: 9.59,
    original: { unit: 'kg', text: 'Left Arm  24.1  1.05  3.12  0.18  4.35' }, source: { page: 1, line: 2 }, confidence: 0.8,
  });
  expect(byId(report.items, 'm2')).toMatchObject({ region: 'total', totalMassLbs: 165.788, source: { line: 3 } });
  expect(byId(report.items, 'm3')).toMatchObject({ type: 'dexa_summary', field: 'visceralFatLbs', value: 0.992, original: { value: 0.45, unit: 'kg' }, source: { line: 4 } });
  expect(byId(report.items, 'm4')).toMatchObject({ type: 'bone_density', region: 'l1_l4', bmdGCm2: 1.205, tScore: 0.8, zScore: 1.1, source: { line: 6 } });
  for (const item of report.items) expect(draftItem.parse(item)).toEqual(item);
  // With no kind given, the model is shown every item type.
  expect(fake.requests[0]!.body.messages![0]!.content).toContain('"dexa_region"');
});

test('values the text does not print get low confidence; names on no row get no source', async () => {
  fake.answer({
    kind: 'lab',
    items: [
      { type: 'lab_result', printedName: 'Glucose', value: 95, unit: 'mg/dL', confidence: 0.9 },
      { type: 'lab_result', printedName: 'Glucose', value: 250, unit: 'mg/dL', confidence: 0.9 },
      { type: 'lab_result', printedName: 'Vitamin D, 25-Hydroxy', value: 42, unit: 'ng/mL', confidence: 0.9 },
      { type: 'lab_result', printedName: 'Ferritin', value: 95, unit: 'ng/mL', confidence: 0.9 },
    ],
  });
  const report = await extractWithModel({ lines: LAB, kind: 'lab' }, config);
  const [printed, invented, nowhere, misplaced] = report.items;
  expect(printed!.confidence).toBe(0.8);
  // Glucose's row is found, but 250 is not printed on it.
  expect(invented!.source).toMatchObject({ line: 3 });
  expect(invented!.confidence).toBeLessThanOrEqual(0.32);
  // A name on no row, with a number printed nowhere: no source, lowest confidence.
  expect(nowhere!.source).toBeNull();
  expect(nowhere!.confidence).toBeLessThanOrEqual(0.16);
  // A name on no row, though its number is printed somewhere: no source, halved.
  expect(misplaced).toMatchObject({ source: null, confidence: 0.4 });
  expect(report.warnings).toContain('extractor: 2 of 4 items were not found on the page');
});

test('an answer that is not JSON is refused', async () => {
  fake.answer('Here are the results: Glucose 95 mg/dL');
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: answer is not JSON');
});

test('JSON in a Markdown fence is read', async () => {
  fake.answer(`\`\`\`json\n${JSON.stringify(labAnswer)}\n\`\`\``);
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).resolves.toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: 'm3' })]) });
});

test('an answer breaking the schema is refused with the path and the rule', async () => {
  const items = [...labAnswer.items, { type: 'lab_result', printedName: 'Ferritin', value: '95' }];
  fake.answer({ ...labAnswer, items });
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: items[3].value must be a number');
  fake.answer({ kind: 'lab', items: [{ type: 'lab_result', value: 1 }] });
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: items[0].printedName is required');
  fake.answer({ kind: 'lab', items: [{ type: 'lab_result', printedName: 'Glucose', flag: 'HIGH' }] });
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: items[0].flag must be one of "H", "L", "HH", "LL", "ABNORMAL"');
  fake.answer({ kind: 'lab', items: [{ type: 'dexa_region', region: 'total' }] });
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: items[0].type must be one of "lab_result" in a lab report');
  fake.answer(dexaAnswer);
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: kind must be "lab" (the report\'s kind), not "dexa"');
  fake.answer({ ...dexaAnswer, items: [{ type: 'dexa_summary', field: 'weightLbs', label: 'Weight', value: 11, unit: 'st' }] });
  await expect(extractWithModel({ lines: DEXA, kind: 'dexa' }, config)).rejects.toThrow('extractor: items[0].unit must be a mass unit (lbs, kg, g), not "st"');
});

test('a header date the draft cannot hold is left out with a warning', async () => {
  fake.answer({ ...labAnswer, header: { collectedAt: '03/14/2026', provider: 'Northside' } });
  const report = await extractWithModel({ lines: LAB, kind: 'lab' }, config);
  expect(report.header).toEqual({ provider: 'Northside' });
  expect(report.warnings).toContain('extractor: header.collectedAt "03/14/2026" is not a date (YYYY-MM-DD); left out');
});

test('a slow endpoint times out with a clear error', async () => {
  fake.answer(labAnswer);
  fake.delay(2000);
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, { ...config, timeoutMs: 200 })).rejects.toThrow('extractor: no answer within 200 ms');
});

test('the response size, the text sent and a cut answer are bounded', async () => {
  fake.answer(labAnswer);
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, { ...config, maxResponseBytes: 200 })).rejects.toThrow('extractor: answer larger than 200 bytes');
  fake.requests.length = 0;
  const report = await extractWithModel({ lines: LAB, kind: 'lab' }, { ...config, maxTextChars: 120 });
  const sent = fake.requests[0]!.body.messages![1]!.content;
  expect(sent).toContain('p1 l1: Collected');
  expect(sent).not.toContain('Glucose');
  expect(report.warnings).toContain('extractor: sent the first 2 of 6 rows (text capped at 120 characters)');
  fake.answer(labAnswer, { finishReason: 'length' });
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow("extractor: answer was cut at the model's token limit (finish_reason length)");
});

test('an endpoint error or an unreachable endpoint is named', async () => {
  fake.raw(500, '{"error":{"message":"model not loaded"}}');
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: endpoint answered HTTP 500: {"error":{"message":"model not loaded"}}');
  fake.raw(200, '{"object":"list","data":[]}');
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, config)).rejects.toThrow('extractor: response is not a chat completion');
  fake.answer(labAnswer);
  await expect(extractWithModel({ lines: LAB, kind: 'lab' }, { ...config, url: 'http://127.0.0.1:9/v1' })).rejects.toThrow(/^extractor: endpoint could not be reached/);
});

test('the URL is the API base, or the full chat-completions URL', () => {
  expect(chatCompletionsUrl('http://127.0.0.1:11434/v1')).toBe('http://127.0.0.1:11434/v1/chat/completions');
  expect(chatCompletionsUrl('http://127.0.0.1:8080/v1/')).toBe('http://127.0.0.1:8080/v1/chat/completions');
  expect(chatCompletionsUrl('https://llm.example.com/openai/v1/chat/completions')).toBe('https://llm.example.com/openai/v1/chat/completions');
});

test('without DOCUMENT_EXTRACTOR_URL there is no extractor, so nothing is ever sent', async () => {
  expect(modelExtractorFromConfig(loadConfig({}))).toBeNull();
  const settings = modelExtractorFromConfig(loadConfig({ DOCUMENT_EXTRACTOR_URL: fake.baseUrl, DOCUMENT_EXTRACTOR_API_KEY: 'sk-config' }));
  expect(settings).toEqual({ url: fake.baseUrl, model: 'local-model', apiKey: 'sk-config', timeoutMs: 120_000 });
  fake.answer(labAnswer);
  await extractWithModel({ lines: LAB, kind: 'lab' }, settings!);
  expect(fake.requests[0]!.body.model).toBe('local-model');
  expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-config');
});

test('through parseDocument, a layout the rules do not read goes to the model, and its lab items are mapped afterwards', async () => {
  // A letter, not a table: no rule-based layout reads it.
  const letter = [
    'Dear patient,',
    'your fasting blood sugar on 14 March 2026 came back at 95 (mg/dL), which is within the usual 65 to 99.',
    'Kind regards, Dr. Ames',
  ].join('\n');
  const dictionary = [
    { biomarkerId: '00000000-0000-4000-8000-000000000001', canonicalName: 'glucose', displayName: 'Glucose', canonicalUnit: 'mg/dL', commonUnits: ['mg/dL'], loincCode: '2345-7', aliases: ['glucose', 'fasting blood sugar'], isQualitative: false },
  ];
  fake.answer({
    kind: 'lab',
    header: { collectedAt: '2026-03-14', orderingProvider: 'Dr. Ames' },
    items: [{ type: 'lab_result', printedName: 'fasting blood sugar', value: 95, unit: 'mg/dL', refLow: 65, refHigh: 99, confidence: 0.9 }],
  });
  const draft = await parseDocument(Buffer.from(letter), { dictionary, kind: 'lab', model: config });
  expect(fake.requests).toHaveLength(1);
  expect(fake.requests[0]!.body.messages![1]!.content).toContain('p1 l1: your fasting blood sugar');
  expect(draft).toMatchObject({ kind: 'lab', family: 'model', header: { collectedAt: '2026-03-14', orderingProvider: 'Dr. Ames' } });
  expect(draft.items).toEqual([
    expect.objectContaining({ id: 'm1', extractor: 'model', value: 95, canonicalName: 'glucose', biomarkerId: dictionary[0]!.biomarkerId, source: expect.objectContaining({ page: 1, line: 1 }) }),
  ]);
  // Without the model option the rules alone decide: nothing is sent.
  fake.requests.length = 0;
  await parseDocument(Buffer.from(letter), { dictionary, kind: 'lab' }).catch(() => undefined);
  expect(fake.requests).toHaveLength(0);
});
