// A BodySpec-style report: one page, masses in pounds, a bone-density table and a history of earlier scans.
import { body, boneTruth, printRow, regionTruth, summaryTruth, type Region } from './dexaBody';
import { heading, rows, type DexaLayout } from './dexaLayout';
import { pairs, table, type Page } from './dexaPdf';
import type { TruthItem } from './truth';

export function bodyspec(): DexaLayout {
  const b = body('bodyspec', 1.05, 1.0);
  const order: Region[] = ['arms', 'arm_right', 'arm_left', 'legs', 'leg_right', 'leg_left', 'trunk', 'android', 'gynoid', 'total'];
  const labels: Record<string, string> = { arms: 'Arms', arm_right: 'Right Arm', arm_left: 'Left Arm', legs: 'Legs', leg_right: 'Right Leg', leg_left: 'Left Leg', trunk: 'Trunk', android: 'Android', gynoid: 'Gynoid', total: 'Total' };
  const printed = order.map((r) => printRow(r, b[r], 'lbs', { mass: 1, bmc: 2 }));
  const total = printed.find((r) => r.region === 'total')!;
  const bones: [string, string, string, string, string | null][] = [
    ['Total', '1.243', '0.8', '1.1', 'total'],
    ['Arms', '0.912', '-0.2', '0.1', 'arms'],
    ['Legs', '1.384', '1.2', '1.4', 'legs'],
    ['Trunk', '1.031', '0.3', '0.6', 'trunk'],
    ['Ribs', '0.774', '-0.6', '-0.3', 'ribs'],
    ['Pelvis', '1.265', '0.9', '1.2', 'pelvis'],
    ['Spine', '1.118', '0.4', '0.7', null],
  ];
  const page: Page = [
    { text: 'BodySpec', x: 50, y: 36, size: 20, bold: true },
    { text: 'DEXA Body Composition Report', x: 330, y: 42, size: 12 },
    ...pairs(74, [['Name:', 'Alex Sample', 50, 90], ['Scan Date:', 'Mar 14, 2026', 300, 362]]),
    ...pairs(92, [['Age:', '41.3', 50, 80], ['Height:', '70.0 in', 150, 194], ['Weight:', '182.4 lbs', 300, 346]]),
    heading('Summary', 118),
    ...pairs(138, [['Total Body Fat %', `${total.pct} %`, 50, 200], ['Total Mass', `${total.total} lbs`, 330, 450]]),
    ...pairs(156, [['Fat Tissue', `${total.fat} lbs`, 50, 200], ['Lean Tissue', `${total.lean} lbs`, 330, 450]]),
    ...pairs(174, [['Bone Mineral Content', `${total.bmc} lbs`, 50, 200], ['Android/Gynoid Ratio', '0.92', 330, 450]]),
    heading('Visceral Fat', 200),
    ...pairs(220, [['VAT Mass', '1.34 lbs', 50, 200], ['VAT Volume', '40.1 in³', 330, 450]]),
    heading('Regional Assessment', 246),
    ...table(
      266,
      [
        { heading: 'Region', x: 50 },
        { heading: 'Body Fat %', x: 215, align: 'right' },
        { heading: 'Total Mass (lbs)', x: 310, align: 'right' },
        { heading: 'Fat Tissue (lbs)', x: 400, align: 'right' },
        { heading: 'Lean Tissue (lbs)', x: 490, align: 'right' },
        { heading: 'BMC (lbs)', x: 560, align: 'right' },
      ],
      rows(printed, labels, ['pct', 'total', 'fat', 'lean', 'bmc']),
    ),
    heading('Bone Density', 446),
    ...table(
      466,
      [{ heading: 'Region', x: 50 }, { heading: 'BMD (g/cm²)', x: 260, align: 'right' }, { heading: 'T-Score', x: 350, align: 'right' }, { heading: 'Z-Score', x: 440, align: 'right' }],
      bones.map(([label, bmd, t, z]) => [label, bmd, t, z]),
    ),
    heading('History', 596),
    ...table(
      616,
      [
        { heading: 'Scan Date', x: 50 },
        { heading: 'Body Fat %', x: 215, align: 'right' },
        { heading: 'Total Mass (lbs)', x: 310, align: 'right' },
        { heading: 'Fat Tissue (lbs)', x: 400, align: 'right' },
        { heading: 'Lean Tissue (lbs)', x: 490, align: 'right' },
        { heading: 'BMC (lbs)', x: 560, align: 'right' },
      ],
      [
        ['Mar 14, 2026', total.pct, total.total, total.fat, total.lean, total.bmc],
        ['Nov 02, 2025', '23.1', '185.9', '42.9', '135.2', '7.79'],
      ],
    ),
    { text: 'Scanned on a GE Lunar Prodigy. BodySpec scans are wellness tests, not a diagnosis.', x: 50, y: 740, size: 8 },
  ];
  const items: TruthItem[] = [
    summaryTruth('ageAtScan', 41.3),
    summaryTruth('heightIn', 70),
    summaryTruth('weightLbs', 182.4),
    summaryTruth('totalBodyFatPct', Number(total.pct)),
    summaryTruth('totalMassLbs', Number(total.total)),
    summaryTruth('totalFatLbs', Number(total.fat)),
    summaryTruth('totalLeanLbs', Number(total.lean)),
    summaryTruth('totalBmcLbs', Number(total.bmc)),
    summaryTruth('androidGynoidRatio', 0.92),
    summaryTruth('visceralFatLbs', 1.34),
    summaryTruth('visceralFatIn3', 40.1),
    ...printed.map((r) => regionTruth(r, 'lbs')),
    ...bones.filter((r) => r[4] !== null).map(([, bmd, t, z, region]) => boneTruth(region!, bmd, t, z)),
  ];
  return { name: 'dexa-bodyspec', family: 'bodyspec', pages: [page], truth: { header: { provider: 'BodySpec', collectedAt: '2026-03-14' }, items } };
}
