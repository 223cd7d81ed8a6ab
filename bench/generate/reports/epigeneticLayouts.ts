// Epigenetic-age report layouts for the fixtures: a TruAge-style report (TruDiagnostic: headline
// ages, DunedinPACE with its percentile, telomere length in kb, a twelve-system organ-age table)
// and a generic lab's shorter report (telomere length in bp, a biological-age-only organ table).
// The layouts are this project's own.
import { pairs, table, type Page, type Run } from './dexaPdf';
import type { ReportFixture, TruthItem, ValueTruth } from './truth';

export interface EpigeneticLayout {
  name: string;
  family: 'trudiagnostic' | 'generic';
  pages: Page[];
  truth: ReportFixture['truth'];
}

const heading = (text: string, y: number, size = 12): Run => ({ text, x: 50, y, size, bold: true });
const summary = (key: string, value: number): ValueTruth => ({ type: 'epigenetic_summary', key, values: { value } });
const organ = (key: string, biologicalAge: number, chronologicalAge: number): ValueTruth => ({ type: 'organ_age', key, values: { biologicalAge, chronologicalAge } });

function truAge(): EpigeneticLayout {
  const chrono = 44.2;
  const systems: [string, string, number][] = [
    ['Brain', 'brain', 42.8],
    ['Heart', 'heart', 46.1],
    ['Lung', 'lung', 43.5],
    ['Liver', 'liver', 47.3],
    ['Kidney', 'kidney', 41.9],
    ['Metabolic', 'metabolic', 45.0],
    ['Immune', 'immune', 39.8],
    ['Inflammation', 'inflammation', 44.9],
    ['Hormone', 'hormone', 43.1],
    ['Musculoskeletal', 'musculoskeletal', 40.6],
    ['Blood', 'blood', 44.2],
    ['Intestine', 'intestine', 42.4],
  ];
  const page1: Page = [
    { text: 'TruDiagnostic', x: 50, y: 36, size: 20, bold: true },
    { text: 'TruAge Complete  -  Epigenetic Age Report', x: 300, y: 42, size: 11 },
    ...pairs(74, [['Name:', 'Casey Sample', 50, 90], ['Kit ID:', 'TD-48291-K', 250, 290], ['Sex:', 'Male', 430, 458]]),
    ...pairs(92, [['Collection Date:', '01/12/2026', 50, 140], ['Report Date:', '02/03/2026', 250, 318]]),
    ...pairs(110, [['Methylation Clock:', 'OMICmAge', 50, 150]]),
    heading('Your Results', 138),
    ...pairs(160, [['Chronological Age', `${chrono} years`, 50, 250]]),
    ...pairs(178, [['Biological Age (OMICmAge)', '41.6 years', 50, 250]]),
    ...pairs(196, [['DunedinPACE', '0.87', 50, 250], ['Percentile', '21st', 350, 420]]),
    ...pairs(214, [['Telomere Length (DNAmTL)', '7.12 kb', 50, 250]]),
    { text: 'A DunedinPACE of 0.87 means about 0.87 years of biological aging per calendar year.', x: 50, y: 240, size: 9 },
    { text: 'Page 1 of 2', x: 50, y: 740, size: 8 },
  ];
  const page2: Page = [
    { text: 'TruDiagnostic', x: 50, y: 36, size: 20, bold: true },
    ...pairs(66, [['Kit ID:', 'TD-48291-K', 50, 90], ['Report Date:', '02/03/2026', 250, 318]]),
    heading('SYMPHONYAge: Organ System Ages', 96),
    ...table(
      120,
      [
        { heading: 'System', x: 50 },
        { heading: 'Biological Age', x: 270, align: 'right' },
        { heading: 'Chronological Age', x: 390, align: 'right' },
        { heading: 'Difference', x: 490, align: 'right' },
      ],
      systems.map(([label, , bio]) => [label, bio.toFixed(1), chrono.toFixed(1), `${bio - chrono >= 0 ? '+' : ''}${(bio - chrono).toFixed(1)}`]),
      10,
      18,
    ),
    { text: 'Page 2 of 2', x: 50, y: 740, size: 8 },
  ];
  const items: TruthItem[] = [
    summary('chronologicalAge', chrono),
    summary('biologicalAge', 41.6),
    summary('paceScore', 0.87),
    summary('pacePercentile', 21),
    summary('telomereLength', 7.12),
    ...systems.map(([, key, bio]) => organ(key, bio, chrono)),
  ];
  return {
    name: 'epigenetic-truage',
    family: 'trudiagnostic',
    pages: [page1, page2],
    truth: { header: { provider: 'TruDiagnostic', kitId: 'TD-48291-K', collectedAt: '2026-01-12', reportedAt: '2026-02-03', methylationClock: 'OMICmAge' }, items },
  };
}

function generic(): EpigeneticLayout {
  const chrono = 38;
  const systems: [string, string, number][] = [
    ['Cardiovascular', 'heart', 36.4],
    ['Liver', 'liver', 40.2],
    ['Renal (Kidney)', 'kidney', 37.0],
    ['Brain', 'brain', 35.9],
    ['Immune System', 'immune', 39.4],
  ];
  const page: Page = [
    { text: 'Northfield Epigenomics', x: 50, y: 36, size: 18, bold: true },
    { text: 'Epigenetic Aging Panel', x: 360, y: 42, size: 11 },
    ...pairs(74, [['Laboratory:', 'Northfield Epigenomics', 50, 112]]),
    ...pairs(92, [['Sample ID:', 'NFE-2231-09', 50, 110], ['Collected:', 'March 3, 2026', 220, 275], ['Reported:', '2026-03-24', 400, 455]]),
    heading('Summary', 120),
    ...pairs(142, [['Age at collection', `${chrono}`, 50, 260]]),
    ...pairs(160, [['Epigenetic age (GrimAge2)', '36.9', 50, 260]]),
    ...pairs(178, [['Pace of aging (DunedinPACE)', '0.94', 50, 260]]),
    ...pairs(196, [['Pace percentile', '38', 50, 260]]),
    ...pairs(214, [['Telomere length', '6,840 bp', 50, 260]]),
    heading('Organ ages', 244),
    ...table(264, [{ heading: 'Organ', x: 50 }, { heading: 'Biological Age', x: 300, align: 'right' }], systems.map(([label, , bio]) => [label, bio.toFixed(1)])),
  ];
  const items: TruthItem[] = [
    summary('chronologicalAge', chrono),
    summary('biologicalAge', 36.9),
    summary('paceScore', 0.94),
    summary('pacePercentile', 38),
    summary('telomereLength', 6.84),
    ...systems.map(([, key, bio]) => organ(key, bio, chrono)),
  ];
  return {
    name: 'epigenetic-generic',
    family: 'generic',
    pages: [page],
    truth: { header: { provider: 'Northfield Epigenomics', kitId: 'NFE-2231-09', collectedAt: '2026-03-03', reportedAt: '2026-03-24', methylationClock: 'GrimAge2' }, items },
  };
}

export const epigeneticLayouts = (): EpigeneticLayout[] => [truAge(), generic()];
