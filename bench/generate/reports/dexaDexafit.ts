// A DexaFit-style report: one page, masses in kilograms, height in cm, VAT volume in cm³.
import { body, boneTruth, printedLbs, printRow, regionTruth, summaryTruth, type Region } from './dexaBody';
import { heading, LBS_PER_KG, rows, type DexaLayout } from './dexaLayout';
import { pairs, table, type Page } from './dexaPdf';
import type { TruthItem } from './truth';

export function dexafit(): DexaLayout {
  const b = body('dexafit', 0.85, 1.08);
  const order: Region[] = ['arm_left', 'arm_right', 'leg_left', 'leg_right', 'trunk', 'android', 'gynoid', 'total'];
  const labels: Record<string, string> = { arm_left: 'Left Arm', arm_right: 'Right Arm', leg_left: 'Left Leg', leg_right: 'Right Leg', trunk: 'Trunk', android: 'Android', gynoid: 'Gynoid', total: 'Total' };
  const printed = order.map((r) => printRow(r, b[r], 'kg', { mass: 2, bmc: 2 }));
  const total = printed.find((r) => r.region === 'total')!;
  const kg = (text: string) => printedLbs(text, 'kg');
  const page: Page = [
    { text: 'DexaFit', x: 50, y: 36, size: 20, bold: true },
    { text: 'Body Composition Results', x: 330, y: 42, size: 12 },
    ...pairs(74, [['Client:', 'Jordan Example', 50, 92], ['Test Date:', '02/10/2026', 250, 308], ['Location:', 'DexaFit Austin', 400, 455]]),
    ...pairs(92, [['Age:', '35', 50, 80], ['Height:', '178.0 cm', 150, 194], ['Weight:', '80.4 kg', 300, 346]]),
    heading('Your Results', 118),
    ...pairs(138, [['Body Fat', `${total.pct} %`, 50, 160], ['Fat Mass', `${total.fat} kg`, 300, 410]]),
    ...pairs(156, [['Lean Mass', `${total.lean} kg`, 50, 160], ['Bone Mass', `${total.bmc} kg`, 300, 410]]),
    ...pairs(174, [['Total Mass', `${total.total} kg`, 50, 160], ['A/G Ratio', '0.85', 300, 410]]),
    heading('Visceral Fat', 200),
    ...pairs(220, [['VAT Mass', '0.48 kg', 50, 160], ['VAT Volume', '512 cm³', 300, 410]]),
    heading('Regional Breakdown', 246),
    ...table(
      266,
      [
        { heading: 'Region', x: 50 },
        { heading: 'Fat %', x: 200, align: 'right' },
        { heading: 'Fat (kg)', x: 280, align: 'right' },
        { heading: 'Lean (kg)', x: 360, align: 'right' },
        { heading: 'BMC (kg)', x: 440, align: 'right' },
        { heading: 'Total (kg)', x: 520, align: 'right' },
      ],
      rows(printed, labels, ['pct', 'fat', 'lean', 'bmc', 'total']),
    ),
    heading('Bone Health', 420),
    ...table(440, [{ heading: 'Region', x: 50 }, { heading: 'BMD (g/cm²)', x: 260, align: 'right' }, { heading: 'T-Score', x: 350, align: 'right' }, { heading: 'Z-Score', x: 440, align: 'right' }], [
      ['Total Body', '1.302', '1.4', '1.5'],
    ]),
  ];
  const items: TruthItem[] = [
    summaryTruth('ageAtScan', 35),
    summaryTruth('heightIn', 178 / 2.54),
    summaryTruth('weightLbs', 80.4 * LBS_PER_KG),
    summaryTruth('totalBodyFatPct', Number(total.pct)),
    summaryTruth('totalMassLbs', kg(total.total)),
    summaryTruth('totalFatLbs', kg(total.fat)),
    summaryTruth('totalLeanLbs', kg(total.lean)),
    summaryTruth('totalBmcLbs', kg(total.bmc)),
    summaryTruth('androidGynoidRatio', 0.85),
    summaryTruth('visceralFatLbs', kg('0.48')),
    summaryTruth('visceralFatIn3', 512 / 16.387064),
    ...printed.map((r) => regionTruth(r, 'kg')),
    boneTruth('total', '1.302', '1.4', '1.5'),
  ];
  return { name: 'dexa-dexafit', family: 'dexafit', pages: [page], truth: { header: { provider: 'DexaFit', collectedAt: '2026-02-10' }, items } };
}
