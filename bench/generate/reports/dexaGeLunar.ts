// A GE Lunar enCORE-style report: tissue and region %fat, masses in grams with thousands separators,
// total mass in kg, VAT in g and cm³, and a total-body densitometry table.
import { body, printedLbs, printRow, regionTruth, summaryTruth, type Region } from './dexaBody';
import { heading, LBS_PER_KG, type DexaLayout } from './dexaLayout';
import { pairs, table, type Page } from './dexaPdf';
import type { TruthItem } from './truth';

export function geLunar(): DexaLayout {
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
