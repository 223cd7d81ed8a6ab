// What the four DEXA layouts share: the layout's shape and small drawing helpers.
import type { PrintedRow } from './dexaBody';
import type { Page, Run } from './dexaPdf';
import type { ReportFixture } from './truth';

export interface DexaLayout {
  name: string;
  family: 'bodyspec' | 'dexafit' | 'hologic' | 'ge_lunar';
  pages: Page[];
  truth: ReportFixture['truth'];
}

export const LBS_PER_KG = 2.2046226218487757;
export const heading = (text: string, y: number, size = 12): Run => ({ text, x: 50, y, size, bold: true });
export const rows = (printed: PrintedRow[], labels: Record<string, string>, order: (keyof PrintedRow)[]) => printed.map((r) => [labels[r.region]!, ...order.map((k) => r[k])]);
