// The DEXA parser on rows with positions: units converted to the schema's (kg, g → lbs, cm³ → in³,
// cm → in) with the printed value kept, columns placed by their headings, bone-density rows named
// by their section, decimal points OCR lost restored only where the numbers prove it, and rows
// that cannot be read listed with a reason. Detection must not take a lab report for a scan.
import { detectDexaFamily, parseDexaReport } from '../../src/documents/dexa';
import type { DraftItem } from '../../src/documents/draft';
import { linesFromText } from '../../src/documents/lines';

type Of<T extends DraftItem['type']> = Extract<DraftItem, { type: T }>;
const summary = (items: DraftItem[], field: string) => items.find((i): i is Of<'dexa_summary'> => i.type === 'dexa_summary' && i.field === field);
const region = (items: DraftItem[], name: string) => items.find((i): i is Of<'dexa_region'> => i.type === 'dexa_region' && i.region === name);
const bone = (items: DraftItem[], name: string) => items.find((i): i is Of<'bone_density'> => i.type === 'bone_density' && i.region === name);
const LBS_PER_KG = 2.2046226218487757;

const DEXAFIT_KG = `
DexaFit                         Body Composition Results
Client:  Jordan Example         Test Date:  02/10/2026
Age:  35        Height:  178.0 cm        Weight:  80.4 kg
Body Fat   18.6 %          Fat Mass   14.95 kg
VAT Mass   0.48 kg         VAT Volume   512 cm³        A/G Ratio   0.85
Region          Fat %      Fat (kg)     Lean (kg)     BMC (kg)     Total (kg)
Left Arm         17.1        0.89         4.07          0.22         5.18
Total            18.6       14.95        61.20          3.21        79.36
Bone Health
Region          BMD (g/cm²)     T-Score      Z-Score
Total Body        1.302           1.4          1.5
`;

describe('units', () => {
  const { items, header, family } = parseDexaReport(linesFromText(DEXAFIT_KG));

  test('the layout and header: DexaFit, scan date', () => {
    expect(family).toBe('dexafit');
    expect(header).toEqual(expect.objectContaining({ provider: 'DexaFit', collectedAt: '2026-02-10' }));
  });

  test('kilograms become pounds, and the printed kilograms stay in original', () => {
    expect(summary(items, 'totalFatLbs')).toEqual(expect.objectContaining({ value: expect.closeTo(14.95 * LBS_PER_KG, 5), original: { value: 14.95, unit: 'kg', text: 'Fat Mass 14.95 kg' } }));
    expect(summary(items, 'weightLbs')!.value).toBeCloseTo(80.4 * LBS_PER_KG, 5);
    expect(region(items, 'arm_left')).toEqual(
      expect.objectContaining({ bodyFatPct: 17.1, fatLbs: expect.closeTo(0.89 * LBS_PER_KG, 5), leanLbs: expect.closeTo(4.07 * LBS_PER_KG, 5), bmcLbs: expect.closeTo(0.22 * LBS_PER_KG, 5), totalMassLbs: expect.closeTo(5.18 * LBS_PER_KG, 5) }),
    );
    expect(region(items, 'arm_left')!.original).toEqual({ value: null, unit: 'kg', text: expect.stringContaining('Left Arm') });
  });

  test('cm³ become in³ and cm become in, each with what was printed', () => {
    expect(summary(items, 'visceralFatIn3')).toEqual(expect.objectContaining({ value: expect.closeTo(512 / 16.387064, 5), original: expect.objectContaining({ value: 512, unit: 'cm³' }) }));
    expect(summary(items, 'heightIn')).toEqual(expect.objectContaining({ value: expect.closeTo(178 / 2.54, 5), original: expect.objectContaining({ value: 178, unit: 'cm' }) }));
  });

  test('totals not printed on their own come from the table’s Total row', () => {
    expect(summary(items, 'totalLeanLbs')).toEqual(expect.objectContaining({ value: expect.closeTo(61.2 * LBS_PER_KG, 5), original: expect.objectContaining({ text: expect.stringContaining('Total row') }) }));
    expect(summary(items, 'totalBodyFatPct')!.value).toBe(18.6);
  });

  test('every item has an id, a confidence and where it was read', () => {
    for (const item of items) {
      expect(item.id).toMatch(/^r\d+$/);
      expect(item.confidence).toBeGreaterThan(0.9);
      expect(item.source).toEqual({ page: 1, line: expect.any(Number), x: expect.any(Number), y: expect.any(Number), width: expect.any(Number), height: expect.any(Number) });
    }
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });
});

test('grams with thousands separators, lean from Lean+BMC when no lean column is printed, total mass in kg', () => {
  const { items } = parseDexaReport(
    linesFromText(`
GE Healthcare   Lunar iDXA   enCORE 18   Measured:  20-Nov-2025
Region        Region (%Fat)    Fat (g)     Lean+BMC (g)     BMC (g)     Total Mass (kg)
Trunk              27.3         9,508        25,321           784          34.8
Estimated VAT   VAT Mass (g)   812     VAT Volume (cm³)   861     VAT Area (cm²)   154.2
`),
  );
  expect(region(items, 'trunk')).toEqual(
    expect.objectContaining({ fatLbs: expect.closeTo(9508 / 453.59237, 5), leanLbs: expect.closeTo((25321 - 784) / 453.59237, 4), bmcLbs: expect.closeTo(784 / 453.59237, 5), totalMassLbs: expect.closeTo(34.8 * LBS_PER_KG, 5) }),
  );
  expect(summary(items, 'visceralFatLbs')!.value).toBeCloseTo(812 / 453.59237, 5);
  expect(summary(items, 'visceralFatIn3')!.value).toBeCloseTo(861 / 16.387064, 5);
});

test('bone density: spine levels, each hip’s neck and total by its heading, forearm; rows without a schema region are warned about', () => {
  const { items, warnings, unreadLines } = parseDexaReport(
    linesFromText(`
HOLOGIC   DXA Results Summary   Scan Date:  03/02/2026
AP Spine (L1-L4)
Region     Area (cm²)    BMC (g)    BMD (g/cm²)    T-score    Z-score
L1           14.21        12.40        0.873         -0.9        0.1
Total        63.70        59.98        0.942         -1.3       -0.3
Right Hip
Region     Area (cm²)    BMC (g)    BMD (g/cm²)    T-score    Z-score
Neck          4.91         3.52        0.738         -1.2       -0.1
Troch        11.04         6.88        0.623         -0.8        0.1
Total        33.60        27.61        0.843         -1.0        0.0
Left Forearm
Region     Area (cm²)    BMC (g)    BMD (g/cm²)    T-score    Z-score
Total        13.81         7.62        0.552         -1.1        0.0
`),
  );
  expect(bone(items, 'l1')).toEqual(expect.objectContaining({ bmdGCm2: 0.873, tScore: -0.9, zScore: 0.1 }));
  expect(bone(items, 'l1_l4')).toEqual(expect.objectContaining({ bmdGCm2: 0.942, tScore: -1.3, zScore: -0.3 }));
  expect(bone(items, 'femoral_neck_right')).toEqual(expect.objectContaining({ bmdGCm2: 0.738, tScore: -1.2 }));
  expect(bone(items, 'total_hip_right')).toEqual(expect.objectContaining({ bmdGCm2: 0.843, tScore: -1, zScore: 0 }));
  expect(bone(items, 'forearm_left')).toEqual(expect.objectContaining({ bmdGCm2: 0.552 }));
  expect(warnings).toContain('Troch: a bone row the schema keeps no region for; left out');
  expect(unreadLines).toEqual([]);
});

test('a lost decimal point is restored only where the range or the row’s sum proves it, and the item says so', () => {
  const { items, warnings } = parseDexaReport(
    linesFromText(`
BodySpec   DEXA Body Composition Report   Scan Date:  Mar 14, 2026
Age:   413
Region      Body Fat %    Total Mass (lbs)    Fat Tissue (lbs)    Lean Tissue (lbs)    BMC (lbs)
Right Arm      22.2             11.9                 26                  8.8               0.50
Left Leg       258              31.9                 8.2                 22.4              1.27
Bone Density
Region      BMD (g/cm²)    T-Score    Z-Score
Legs           1.384          12        -01
`),
  );
  expect(summary(items, 'ageAtScan')).toEqual(expect.objectContaining({ value: 41.3, confidence: expect.any(Number) }));
  expect(summary(items, 'ageAtScan')!.confidence).toBeLessThanOrEqual(0.7);
  expect(region(items, 'arm_right')).toEqual(expect.objectContaining({ fatLbs: 2.6, totalMassLbs: 11.9 }));
  expect(region(items, 'leg_left')!.bodyFatPct).toBe(25.8);
  expect(bone(items, 'legs')).toEqual(expect.objectContaining({ tScore: 1.2, zScore: -0.1 }));
  for (const item of [region(items, 'arm_right')!, region(items, 'leg_left')!, bone(items, 'legs')!]) expect(item.confidence).toBeLessThanOrEqual(0.7);
  expect(warnings).toContain('arm_right: a decimal point restored so that the masses add up');
});

test('rows that cannot be read are listed with a reason; a cell that is no number leaves a gap and a low confidence', () => {
  const { items, unreadLines, warnings } = parseDexaReport(
    linesFromText(`
DexaFit   Body Composition Results   Test Date:  02/10/2026
Region          Fat %      Fat (kg)     Lean (kg)     BMC (kg)     Total (kg)
Left Arm         i79}        0.89         4.07          0.22         5.18
Elbow            17.1        0.89         4.07          0.22         5.18
Trunk            17.1        0.89         4.07          0.22         5.18       9.9     1.1
Bone Health
`),
  );
  expect(region(items, 'arm_left')).toEqual(expect.objectContaining({ fatLbs: expect.closeTo(0.89 * LBS_PER_KG, 5), bodyFatPct: expect.any(Number) }));
  expect(unreadLines.map((l) => [l.text.split(' ')[0], l.reason])).toEqual([
    ['Elbow', '"Elbow" names no body region'],
    ['Trunk', '7 values for 5 columns'],
  ]);
  expect(warnings.some((w) => w.startsWith('arm_left: body fat i79}'))).toBe(true);
  expect(region(items, 'arm_left')!.confidence).toBeLessThanOrEqual(0.5);
});

describe('detection', () => {
  test('each provider’s layout by its name, the service before the scanner’s maker', () => {
    expect(detectDexaFamily(linesFromText('BodySpec DEXA report\nScanned on a GE Lunar Prodigy\nRegion  Fat  Lean  BMC\nAndroid/Gynoid Ratio 0.9'))).toBe('bodyspec');
    expect(detectDexaFamily(linesFromText('HOLOGIC Horizon A\nDXA Results Summary\nBMD (g/cm²)  T-score  Z-score\nLean+BMC'))).toBe('hologic');
    expect(detectDexaFamily(linesFromText('Lunar iDXA enCORE\nComposition\nTissue (%Fat)  Fat (g)  Lean (g)  BMC (g)\nAndroid'))).toBe('ge_lunar');
  });

  test('a lab report is not a DEXA report, even one that names Hologic (its Aptima assays)', () => {
    const lab = linesFromText(`
Labcorp   Patient Report   Collected: 03/01/2026
Test                          Current Result and Flag    Units       Reference Interval
Chlamydia/GC NAA, Aptima (Hologic)   Negative
Glucose                       92                         mg/dL       70-99
Calcium                       9.6                        mg/dL       8.7-10.2
Bone specific alkaline phosphatase   14.2                ug/L        5.5-20.1
`);
    expect(detectDexaFamily(lab)).toBeNull();
  });
});

test('a heading over two rows (words over units) is one heading; a table of earlier scans is not read as this scan', () => {
  const { items, warnings, unreadLines } = parseDexaReport(
    linesFromText(`
Lunar iDXA   enCORE   Measured:  20-Nov-2025
Region     Tissue     Region     Fat       Lean      BMC      Total Mass
           (%Fat)     (%Fat)     (g)       (g)       (g)      (kg)
Trunk       27.9       27.3      9,508     24,537    784      34.8
Trend
Scan Date       Region (%Fat)    Fat (g)     Lean (g)    BMC (g)    Total Mass (kg)
05/02/2025          29.1          10,112      24,100       781         35.0
`),
  );
  expect(items.filter((i) => i.type === 'dexa_region')).toHaveLength(1);
  expect(region(items, 'trunk')).toEqual(expect.objectContaining({ bodyFatPct: 27.3, fatLbs: expect.closeTo(9508 / 453.59237, 5), totalMassLbs: expect.closeTo(34.8 * LBS_PER_KG, 5) }));
  expect(warnings).toContain('a table of earlier scans was not read: each scan is its own upload');
  expect(unreadLines).toEqual([]);
});

test('a height in feet and inches', () => {
  const { items } = parseDexaReport(linesFromText(`BodySpec DEXA   Scan Date:  2026-03-14\nHeight:  5' 10"      Weight:  182.4 lbs\nRegion  Fat Tissue (lbs)  Lean Tissue (lbs)  BMC (lbs)\nAndroid/Gynoid Ratio   0.92`));
  expect(summary(items, 'heightIn')).toEqual(expect.objectContaining({ value: 70, original: expect.objectContaining({ unit: 'ft/in' }) }));
});
