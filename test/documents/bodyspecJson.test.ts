// BodySpec's API composition response as a DEXA draft: every region in pounds with BodySpec's
// kilograms kept, region keys the schema has no region for listed in the warnings, and a response
// of the wrong shape refused with the field that is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { assembleDraft } from '../../src/documents/assemble';
import { BodySpecJsonError, parseBodySpecJson } from '../../src/documents/bodyspec';
import type { DraftItem } from '../../src/documents/draft';
import { describeWithSamples, sample } from '../helpers/samples';

const LBS_PER_KG = 2.2046226218487757;
const fixture = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bodyspec', 'composition.json'), 'utf8'));
type Of<T extends DraftItem['type']> = Extract<DraftItem, { type: T }>;

test('the composition response becomes a draft: summary totals, every region in lbs, the kilograms kept', () => {
  const json = fixture();
  const parsed = parseBodySpecJson(json);
  const draft = assembleDraft(parsed, { method: 'json', millis: 3 });
  expect(draft).toEqual(expect.objectContaining({ kind: 'dexa', family: 'bodyspec', extraction: { method: 'json', pages: [], millis: 3 } }));
  expect(draft.header).toEqual(expect.objectContaining({ provider: 'BodySpec', specimenId: 'res_7f3c2a91', collectedAt: null }));
  const summaries = Object.fromEntries(draft.items.filter((i): i is Of<'dexa_summary'> => i.type === 'dexa_summary').map((i) => [i.field, i.value]));
  expect(summaries).toEqual({
    totalMassLbs: expect.closeTo(json.total.total_mass_kg * LBS_PER_KG, 5),
    totalFatLbs: expect.closeTo(json.total.fat_mass_kg * LBS_PER_KG, 5),
    totalLeanLbs: expect.closeTo(json.total.lean_mass_kg * LBS_PER_KG, 5),
    totalBmcLbs: expect.closeTo(json.total.bone_mass_kg * LBS_PER_KG, 5),
    totalBodyFatPct: json.total.region_fat_pct,
    androidGynoidRatio: 0.94,
  });
  const regions = draft.items.filter((i): i is Of<'dexa_region'> => i.type === 'dexa_region');
  expect(regions.map((r) => r.region).sort()).toEqual(['android', 'arm_left', 'arm_right', 'arms', 'gynoid', 'head', 'leg_left', 'leg_right', 'legs', 'total', 'trunk']);
  const leftArm = regions.find((r) => r.region === 'arm_left')!;
  expect(leftArm).toEqual(
    expect.objectContaining({
      bodyFatPct: json.regions.left_arm.region_fat_pct,
      fatLbs: expect.closeTo(1.12 * LBS_PER_KG, 5),
      leanLbs: expect.closeTo(3.71 * LBS_PER_KG, 5),
      bmcLbs: expect.closeTo(0.21 * LBS_PER_KG, 5),
      totalMassLbs: expect.closeTo(5.04 * LBS_PER_KG, 5),
      original: { value: null, unit: 'kg', text: 'regions.left_arm: fat 1.12 kg, lean 3.71 kg, bone 0.21 kg, total 5.04 kg, region fat 22.2 %' },
    }),
  );
  for (const item of draft.items) expect(item).toEqual(expect.objectContaining({ extractor: 'bodyspec_json', source: null, confidence: 1 }));
  expect(draft.warnings).toEqual(['BodySpec’s composition response carries no scan date: set it in review']);
  expect(draft.confidence).toBe(1);
});

test('a region key with no dexa_region is listed in the warnings, never dropped silently', () => {
  const json = fixture();
  json.regions.appendicular = json.regions.arms;
  json.regions['Left-Arm'] = json.regions.left_arm;
  const parsed = parseBodySpecJson(json);
  expect(parsed.warnings).toEqual(expect.arrayContaining(['regions.appendicular: no dexa_region for this key; left out', 'regions.Left-Arm: arm_left was already read; left out']));
});

test.each([
  ['a mass that is not a number', (j: any) => (j.regions.left_leg.fat_mass_kg = '3.4'), 'regions.left_leg.fat_mass_kg: must be a number (kilograms)'],
  ['a missing total', (j: any) => delete j.total, 'total: must be an object with the region’s masses'],
  ['a percentage over 100', (j: any) => (j.total.region_fat_pct = 140), 'total.region_fat_pct: must be between 0 and 100'],
  ['a negative mass', (j: any) => (j.regions.trunk.bone_mass_kg = -1), 'regions.trunk.bone_mass_kg: must not be negative'],
  ['no result id', (j: any) => delete j.result_id, 'result_id: must be a string'],
])('a malformed response (%s) is refused naming the field', (_name, spoil, message) => {
  const json = fixture();
  spoil(json);
  expect(() => parseBodySpecJson(json)).toThrow(new BodySpecJsonError(message.split(': ')[0]!, message.split(': ').slice(1).join(': ')));
  expect(() => parseBodySpecJson(json)).toThrow(`BodySpec composition JSON: ${message}`);
});

test('something that is not an object at all is refused at the root', () => {
  expect(() => parseBodySpecJson([1, 2])).toThrow('BodySpec composition JSON: (root): must be a JSON object');
});

describeWithSamples('BodySpec’s published schema', () => {
  test('the fields the parser reads are the ones BodySpec’s schema requires', () => {
    const schema = JSON.parse(sample('dexa', 'bodyspec-dexa-composition-response-schema.json'));
    expect(schema.required).toEqual(['result_id', 'total', 'regions']);
    expect(schema.$defs.BodyRegion.required.sort()).toEqual(Object.keys(fixture().total).sort());
  });
});
