// A Hologic-style report over two pages: composition in grams with Lean+BMC and adipose indices, then
// bone density for the spine (L1-L4), each hip and the left forearm.
import { body, boneTruth, printedLbs, printRow, regionTruth, summaryTruth, type PrintedRow, type Region } from './dexaBody';
import { heading, type DexaLayout } from './dexaLayout';
import { pairs, table, type Page, type Run } from './dexaPdf';
import type { TruthItem } from './truth';

type BoneRow = [label: string, area: string, bmc: string, bmd: string, t: string, pr: string, z: string, am: string, region: string | null];

export function hologic(): DexaLayout {
  const b = body('hologic', 1.3, 0.85);
  const order: Region[] = ['arm_left', 'arm_right', 'trunk', 'leg_left', 'leg_right', 'head', 'total', 'android', 'gynoid'];
  const labels: Record<string, string> = { arm_left: 'L Arm', arm_right: 'R Arm', trunk: 'Trunk', leg_left: 'L Leg', leg_right: 'R Leg', head: 'Head', total: 'Total', android: 'Android (A)', gynoid: 'Gynoid (G)' };
  const printed = order.map((r) => printRow(r, b[r], 'g', { mass: 0, bmc: 1 }));
  const leanBmc = (r: PrintedRow) => (Number(r.lean) + Number(r.bmc)).toFixed(1);
  const subtotal = printRow('total', { fat: b.total.fat - b.head.fat, lean: b.total.lean - b.head.lean, bmc: b.total.bmc - b.head.bmc }, 'g', { mass: 0, bmc: 1 });
  const compRows = printed.map((r) => [labels[r.region]!, r.bmc, r.fat, r.lean, leanBmc(r), r.total, r.pct]);
  compRows.splice(5, 0, ['Subtotal', subtotal.bmc, subtotal.fat, subtotal.lean, leanBmc(subtotal), subtotal.total, subtotal.pct]);
  const total = printed.find((r) => r.region === 'total')!;
  const compColumns = [
    { heading: 'Region', x: 50 },
    { heading: 'BMC (g)', x: 175, align: 'right' as const },
    { heading: 'Fat (g)', x: 245, align: 'right' as const },
    { heading: 'Lean (g)', x: 315, align: 'right' as const },
    { heading: 'Lean+BMC (g)', x: 400, align: 'right' as const },
    { heading: 'Total (g)', x: 470, align: 'right' as const },
    { heading: '% Fat', x: 530, align: 'right' as const },
  ];
  const boneColumns = [
    { heading: 'Region', x: 50 },
    { heading: 'Area (cm²)', x: 170, align: 'right' as const },
    { heading: 'BMC (g)', x: 230, align: 'right' as const },
    { heading: 'BMD (g/cm²)', x: 310, align: 'right' as const },
    { heading: 'T-score', x: 370, align: 'right' as const },
    { heading: 'PR (%)', x: 425, align: 'right' as const },
    { heading: 'Z-score', x: 485, align: 'right' as const },
    { heading: 'AM (%)', x: 540, align: 'right' as const },
  ];
  const spine: BoneRow[] = [
    ['L1', '14.21', '12.40', '0.873', '-0.9', '90', '0.1', '101', 'l1'],
    ['L2', '15.02', '14.06', '0.936', '-1.1', '88', '-0.1', '99', 'l2'],
    ['L3', '16.37', '16.13', '0.985', '-1.2', '87', '-0.2', '98', 'l3'],
    ['L4', '18.10', '17.39', '0.961', '-1.6', '83', '-0.6', '93', 'l4'],
    ['Total', '63.70', '59.98', '0.942', '-1.3', '87', '-0.3', '97', 'l1_l4'],
  ];
  const hip = (side: 'left' | 'right', shift: number): BoneRow[] => [
    ['Neck', '4.91', '3.52', (0.717 + shift).toFixed(3), (-1.4 + shift * 10).toFixed(1), '79', (-0.3 + shift * 10).toFixed(1), '95', `femoral_neck_${side}`],
    ['Troch', '11.04', '6.88', '0.623', '-0.8', '88', '0.1', '102', null],
    ['Inter', '17.65', '17.21', '0.975', '-1.0', '85', '-0.1', '99', null],
    ['Total', '33.60', '27.61', (0.822 + shift).toFixed(3), (-1.2 + shift * 10).toFixed(1), '84', (-0.2 + shift * 10).toFixed(1), '97', `total_hip_${side}`],
  ];
  const forearm: BoneRow[] = [
    ['1/3', '2.95', '1.97', '0.668', '-0.7', '93', '0.2', '103', null],
    ['UD', '3.42', '1.31', '0.383', '-1.5', '81', '-0.4', '94', null],
    ['Total', '13.81', '7.62', '0.552', '-1.1', '88', '0.0', '100', 'forearm_left'],
  ];
  const boneTable = (top: number, entries: BoneRow[]) => table(top, boneColumns, entries.map((r) => r.slice(0, 8) as string[]));
  const identity = (y: number): Run[] => [
    ...pairs(y, [['Name:', 'Sam Placeholder', 50, 90], ['Scan Date:', '03/02/2026', 230, 288], ['DOB:', '07/19/1973', 400, 430]]),
  ];
  const page1: Page = [
    { text: 'HOLOGIC', x: 50, y: 36, size: 18, bold: true },
    { text: 'Whole Body Composition  -  Horizon A', x: 300, y: 42, size: 11 },
    ...pairs(62, [['Facility:', 'Riverside Imaging Center', 50, 100]]),
    ...identity(80),
    ...pairs(98, [['Age:', '52', 50, 80], ['Height:', '66.5 in', 150, 194], ['Weight:', '171.0 lb', 300, 346], ['Sex:', 'Female', 430, 458]]),
    heading('DXA Results Summary:', 124),
    ...table(144, compColumns, compRows),
    heading('Adipose Indices', 330),
    ...pairs(350, [['Total Body % Fat', total.pct, 50, 230]]),
    ...pairs(368, [['Fat Mass/Height²', '9.1 kg/m²', 50, 230]]),
    ...pairs(386, [['Android/Gynoid Ratio', '1.02', 50, 230]]),
    ...pairs(404, [['% Fat Trunk/% Fat Legs', '1.08', 50, 230]]),
    ...pairs(422, [['Est. VAT Mass (g)', '612', 50, 230]]),
    ...pairs(440, [['Est. VAT Volume (cm³)', '662', 50, 230]]),
    ...pairs(458, [['Est. VAT Area (cm²)', '126.8', 50, 230]]),
    { text: 'Page 1 of 2', x: 50, y: 740, size: 8 },
  ];
  const page2: Page = [
    { text: 'HOLOGIC', x: 50, y: 36, size: 18, bold: true },
    { text: 'Bone Density  -  DXA Results Summary', x: 300, y: 42, size: 11 },
    ...identity(66),
    heading('AP Spine (L1-L4)', 96, 11),
    ...boneTable(114, spine),
    heading('Left Hip', 222, 11),
    ...boneTable(240, hip('left', 0)),
    heading('Right Hip', 332, 11),
    ...boneTable(350, hip('right', 0.021)),
    heading('Left Forearm', 442, 11),
    ...boneTable(460, forearm),
    { text: 'Page 2 of 2', x: 50, y: 740, size: 8 },
  ];
  const items: TruthItem[] = [
    summaryTruth('ageAtScan', 52),
    summaryTruth('heightIn', 66.5),
    summaryTruth('weightLbs', 171),
    summaryTruth('totalBodyFatPct', Number(total.pct)),
    summaryTruth('totalMassLbs', printedLbs(total.total, 'g')),
    summaryTruth('totalFatLbs', printedLbs(total.fat, 'g')),
    summaryTruth('totalLeanLbs', printedLbs(total.lean, 'g')),
    summaryTruth('totalBmcLbs', printedLbs(total.bmc, 'g')),
    summaryTruth('androidGynoidRatio', 1.02),
    summaryTruth('visceralFatLbs', printedLbs('612', 'g')),
    summaryTruth('visceralFatIn3', 662 / 16.387064),
    ...printed.map((r) => regionTruth(r, 'g')),
    ...[...spine, ...hip('left', 0), ...hip('right', 0.021), ...forearm].filter((r) => r[8] !== null).map((r) => boneTruth(r[8]!, r[3], r[4], r[6])),
  ];
  return { name: 'dexa-hologic', family: 'hologic', pages: [page1, page2], truth: { header: { provider: 'Riverside Imaging Center', collectedAt: '2026-03-02' }, items } };
}
