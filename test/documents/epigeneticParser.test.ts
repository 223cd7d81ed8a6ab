// The epigenetic parser on rows with positions: the headline values (telomere length in kb even
// when printed in bp, a percentile printed as an ordinal), the organ-system table, the kit id, the
// dates and the methylation clock; detection keeps epigenetic, DEXA and lab reports apart.
import { detectDexaFamily } from '../../src/documents/dexa';
import type { DraftItem } from '../../src/documents/draft';
import { detectEpigeneticFamily, parseEpigeneticReport } from '../../src/documents/epigenetics';
import { linesFromText } from '../../src/documents/lines';

type Of<T extends DraftItem['type']> = Extract<DraftItem, { type: T }>;
const values = (items: DraftItem[]) => Object.fromEntries(items.filter((i): i is Of<'epigenetic_summary'> => i.type === 'epigenetic_summary').map((i) => [i.field, i.value]));
const organs = (items: DraftItem[]) =>
  Object.fromEntries(items.filter((i): i is Of<'organ_age'> => i.type === 'organ_age').map((i) => [i.organSystem, [i.biologicalAge, i.chronologicalAge]]));

const TRUAGE = `
TruDiagnostic                      TruAge Complete  -  Epigenetic Age Report
Name:  Casey Sample        Kit ID:  TD-48291-K        Sex:  Male
Collection Date:  01/12/2026        Report Date:  02/03/2026
Chronological Age             44.2 years
Biological Age (OMICmAge)     41.6 years
DunedinPACE                   0.87            Percentile   21st
Telomere Length (DNAmTL)      7.12 kb
SYMPHONYAge: Organ System Ages
System             Biological Age     Chronological Age     Difference
Brain                  42.8                 44.2               -1.4
Heart                  46.1                 44.2               +1.9
Musculoskeletal        40.6                 44.2               -3.6
Spleen                 43.0                 44.2               -1.2
`;

test('a TruAge-style report: headline values, organ ages, kit, dates and clock', () => {
  const parsed = parseEpigeneticReport(linesFromText(TRUAGE));
  expect(parsed.kind).toBe('epigenetic');
  expect(parsed.family).toBe('trudiagnostic');
  expect(parsed.header).toEqual({ provider: 'TruDiagnostic', kitId: 'TD-48291-K', collectedAt: '2026-01-12', reportedAt: '2026-02-03', methylationClock: 'OMICmAge' });
  expect(values(parsed.items)).toEqual({ chronologicalAge: 44.2, biologicalAge: 41.6, paceScore: 0.87, pacePercentile: 21, telomereLength: 7.12 });
  expect(organs(parsed.items)).toEqual({ brain: [42.8, 44.2], heart: [46.1, 44.2], musculoskeletal: [40.6, 44.2] });
  expect(parsed.unreadLines).toEqual([expect.objectContaining({ text: expect.stringContaining('Spleen'), reason: '"Spleen" names no organ system' })]);
  for (const item of parsed.items) expect(item).toEqual(expect.objectContaining({ extractor: 'rules', source: expect.objectContaining({ page: 1 }) }));
});

test('telomere length printed in bp is stored in kb, with the bp kept; organ tables without a chronological column take the test’s age', () => {
  const parsed = parseEpigeneticReport(
    linesFromText(`
Northfield Epigenomics     Epigenetic Aging Panel
Sample ID:  NFE-2231-09     Collected:  March 3, 2026     Reported:  2026-03-24
Age at collection                 38
Epigenetic age (GrimAge2)         36.9
Pace of aging (DunedinPACE)       0.94
Telomere length                   6,840 bp
Organ                 Biological Age
Renal (Kidney)            37.0
Immune System             39.4
`),
  );
  expect(parsed.family).toBe('generic');
  expect(parsed.header).toEqual(expect.objectContaining({ kitId: 'NFE-2231-09', collectedAt: '2026-03-03', reportedAt: '2026-03-24', methylationClock: 'GrimAge2' }));
  const telomere = parsed.items.find((i): i is Of<'epigenetic_summary'> => i.type === 'epigenetic_summary' && i.field === 'telomereLength')!;
  expect(telomere).toEqual(expect.objectContaining({ value: 6.84, original: { value: 6840, unit: 'bp', text: 'Telomere length 6,840 bp' } }));
  expect(organs(parsed.items)).toEqual({ kidney: [37, 38], immune: [39.4, 38] });
});

test('a value OCR lost the point of is restored from its range, at a lower confidence; a pace out of range is flagged', () => {
  const parsed = parseEpigeneticReport(
    linesFromText(`
TruDiagnostic   TruAge
Chronological Age      442
DunedinPACE            0.12
System             Biological Age
Liver                  473
`),
  );
  const chrono = parsed.items.find((i): i is Of<'epigenetic_summary'> => i.type === 'epigenetic_summary' && i.field === 'chronologicalAge')!;
  expect(chrono).toEqual(expect.objectContaining({ value: 44.2, confidence: 0.7 }));
  expect(organs(parsed.items).liver).toEqual([47.3, 44.2]);
  expect(parsed.warnings).toContain('DunedinPACE 0.12: 0.12 is outside the range paceScore takes');
});

describe('detection', () => {
  test('epigenetic reports are recognised and named', () => {
    expect(detectEpigeneticFamily(linesFromText(TRUAGE))).toBe('trudiagnostic');
    expect(detectEpigeneticFamily(linesFromText('Epigenetic age report\nBiological age 36.9\nMethylation clock: Horvath'))).toBe('generic');
  });

  test('a DEXA report is not epigenetic, and an epigenetic report is not a DEXA scan', () => {
    const dexa = linesFromText('BodySpec  DEXA Body Composition Report\nRegion  Fat  Lean  BMC\nAndroid/Gynoid Ratio 0.92\nT-Score 0.8\nVAT Mass 1.3 lbs');
    expect(detectEpigeneticFamily(dexa)).toBeNull();
    expect(detectDexaFamily(linesFromText(TRUAGE))).toBeNull();
  });

  test('a lab report is neither', () => {
    const lab = linesFromText('Labcorp  Patient Report\nGlucose  92  mg/dL  70-99\nHemoglobin A1c  5.4  %  4.8-5.6\nHomocysteine  9.1  umol/L  0.0-14.5');
    expect(detectEpigeneticFamily(lab)).toBeNull();
    expect(detectDexaFamily(lab)).toBeNull();
  });
});
