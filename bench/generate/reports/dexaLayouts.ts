// The four DEXA report layouts the fixtures draw, each after a provider's own: BodySpec (pounds,
// one page), DexaFit (kilograms, heights in cm), Hologic (grams, composition and a bone-density
// page with spine, hips and forearm) and GE Lunar enCORE (grams with total mass in kg). The
// layouts are this project's own; only the kinds of tables and labels follow the real reports.
import { body, boneTruth, printedLbs, printRow, regionTruth, summaryTruth, type PrintedRow, type Region, type Unit } from './dexaBody';
import { pairs, table, type Page, type Run } from './dexaPdf';
import type { ReportFixture, TruthItem } from './truth';

export interface DexaLayout {
  name: string;
  family: 'bodyspec' | 'dexafit' | 'hologic' | 'ge_lunar';
  pages: Page[];
  truth: ReportFixture['truth'];
}

const LBS_PER_KG = 2.2046226218487757;
const heading = (text: string, y: number, size = 12): Run => ({ text, x: 50, y, size, bold: true });
const rows = (printed: PrintedRow[], labels: Record<string, string>, order: (keyof PrintedRow)[]) =>
  printed.map((r) => [labels[r.region]!, ...order.map((k) => r[k])]);

function bodyspec(): DexaLayout {
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

function dexafit(): DexaLayout {
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

type BoneRow = [label: string, area: string, bmc: string, bmd: string, t: string, pr: string, z: string, am: string, region: string | null];

function hologic(): DexaLayout {
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

function geLunar(): DexaLayout {
  const b = body('ge', 1.15, 0.9);
  const order: Region[] = ['arms', 'arm_right', 'arm_left', 'legs', 'leg_right', 'leg_left', 'trunk', 'android', 'gynoid', 'total'];
  const labels: Record<string, string> = { arms: 'Arms', arm_right: 'Arm Right', arm_left: 'Arm Left', legs: 'Legs', leg_right: 'Leg Right', leg_left: 'Leg Left', trunk: 'Trunk', android: 'Android', gynoid: 'Gynoid', total: 'Total' };
  const printed = order.map((r) => printRow(r, b[r], 'g', { mass: 0, bmc: 0, total: 1, totalUnit: 'kg' }, true));
  const tissuePct = (r: Region) => ((b[r].fat / (b[r].fat + b[r].lean)) * 100).toFixed(1);
  const tissueGrams = (r: Region) => Math.round(b[r].fat + b[r].lean).toLocaleString('en-US');
  const total = printed.find((r) => r.region === 'total')!;
  const bones: [string, string, string, string, string | null][] = [
    ['Head', '2.101', '', '', 'head'],
    ['Arms', '0.838', '', '', 'arms'],
    ['Legs', '1.102', '', '', 'legs'],
    ['Trunk', '0.861', '', '', 'trunk'],
    ['Ribs', '0.672', '', '', 'ribs'],
    ['Pelvis', '0.995', '', '', 'pelvis'],
    ['Spine', '0.958', '', '', null],
    ['Total', '1.087', '-0.4', '0.6', 'total'],
  ];
  const page: Page = [
    { text: 'GE Healthcare', x: 50, y: 36, size: 16, bold: true },
    { text: 'Lunar iDXA    enCORE 18', x: 360, y: 40, size: 11 },
    ...pairs(62, [['Facility:', 'Lakeside Bone & Body Clinic', 50, 100]]),
    ...pairs(80, [['Patient:', 'Robin Testcase', 50, 95], ['Measured:', '20-Nov-2025', 250, 305]]),
    ...pairs(98, [['Age:', '60.0 years', 50, 80], ['Height:', '162.0 cm', 170, 214], ['Weight:', '70.3 kg', 300, 346], ['Sex:', 'Female', 430, 458]]),
    heading('Composition (Enhanced Analysis)', 124),
    ...table(
      144,
      [
        { heading: 'Region', x: 40 },
        { heading: 'Tissue (%Fat)', x: 165, align: 'right' },
        { heading: 'Region (%Fat)', x: 232, align: 'right' },
        { heading: 'Tissue (g)', x: 292, align: 'right' },
        { heading: 'Fat (g)', x: 350, align: 'right' },
        { heading: 'Lean (g)', x: 410, align: 'right' },
        { heading: 'BMC (g)', x: 465, align: 'right' },
        { heading: 'Total Mass (kg)', x: 560, align: 'right' },
      ],
      printed.map((r) => [labels[r.region]!, tissuePct(r.region), r.pct, tissueGrams(r.region), r.fat, r.lean, r.bmc, r.total]),
      8,
    ),
    heading('Estimated Visceral Adipose Tissue', 316),
    ...pairs(336, [['VAT Mass (g)', '812', 50, 170], ['VAT Volume (cm³)', '861', 250, 370], ['VAT Area (cm²)', '154.2', 420, 520]]),
    ...pairs(354, [['A/G Ratio', '1.10', 50, 170]]),
    heading('Densitometry', 380),
    ...table(400, [{ heading: 'Region', x: 50 }, { heading: 'BMD (g/cm²)', x: 240, align: 'right' }, { heading: 'Young-Adult T-Score', x: 360, align: 'right' }, { heading: 'Age-Matched Z-Score', x: 480, align: 'right' }], bones.map(([l, bmd, t, z]) => [l, bmd, t, z])),
  ];
  const items: TruthItem[] = [
    summaryTruth('ageAtScan', 60),
    summaryTruth('heightIn', 162 / 2.54),
    summaryTruth('weightLbs', 70.3 * LBS_PER_KG),
    summaryTruth('totalBodyFatPct', Number(total.pct)),
    summaryTruth('totalMassLbs', printedLbs(total.total, 'kg')),
    summaryTruth('totalFatLbs', printedLbs(total.fat, 'g')),
    summaryTruth('totalLeanLbs', printedLbs(total.lean, 'g')),
    summaryTruth('totalBmcLbs', printedLbs(total.bmc, 'g')),
    summaryTruth('androidGynoidRatio', 1.1),
    summaryTruth('visceralFatLbs', printedLbs('812', 'g')),
    summaryTruth('visceralFatIn3', 861 / 16.387064),
    ...printed.map((r) => regionTruth(r, 'g', 'kg')),
    ...bones.filter((r) => r[4] !== null).map(([, bmd, t, z, region]) => ({ type: 'bone_density' as const, key: region!, values: { bmdGCm2: Number(bmd), tScore: t === '' ? null : Number(t), zScore: z === '' ? null : Number(z) } })),
  ];
  return { name: 'dexa-ge-lunar', family: 'ge_lunar', pages: [page], truth: { header: { provider: 'Lakeside Bone & Body Clinic', collectedAt: '2025-11-20' }, items } };
}

export const dexaLayouts = (): DexaLayout[] => [bodyspec(), dexafit(), hologic(), geLunar()];
export type { Unit };
