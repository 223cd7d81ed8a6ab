// Which DEXA layout a document is. A brand alone is not enough: Hologic also makes lab assays
// (Aptima) that lab reports name, so the text must read like a DEXA report as well.
import type { TextLine } from '../types';

export type DexaFamily = 'bodyspec' | 'dexafit' | 'hologic' | 'ge_lunar';

const EVIDENCE = [
  /\b(?:dexa|dxa)\b|densitometr|absorptiometry/i,
  /\bbmc\b|bone mineral (?:content|density)|\bbmd\b/i,
  /\blean\b/i,
  /android|gynoid/i,
  /[tz][- ]score/i,
  /\bvat\b|visceral/i,
  /body composition/i,
];

/** The service that ran the scan wins over the scanner's maker: BodySpec scans on GE machines. */
const BRANDS: [DexaFamily, RegExp][] = [
  ['bodyspec', /body\s?spec/i],
  ['dexafit', /dexa\s?fit/i],
  ['hologic', /hologic|horizon [aw]\b|discovery [aw]|apex \d|dxa results summary/i],
  ['ge_lunar', /\blunar\b|encore|\bidxa\b|prodigy|ge healthcare/i],
];

export function looksLikeDexa(text: string): boolean {
  return EVIDENCE.filter((r) => r.test(text)).length >= 3;
}

export function detectDexaFamily(lines: TextLine[]): DexaFamily | null {
  const text = lines.map((l) => l.text).join('\n');
  if (!looksLikeDexa(text)) return null;
  return BRANDS.find(([, brand]) => brand.test(text))?.[0] ?? null;
}
