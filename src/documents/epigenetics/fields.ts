// Labels of an epigenetic report's headline values and organ-system rows, and what each names.
import type { EPIGENETIC_SUMMARY_FIELDS, ORGAN_SYSTEMS } from '../draft';
import { words } from '../dexa/cells';

export type EpigeneticField = (typeof EPIGENETIC_SUMMARY_FIELDS)[number];
export type OrganSystem = (typeof ORGAN_SYSTEMS)[number];

export function epigeneticField(label: string): EpigeneticField | null {
  const w = words(label);
  if (/percentile|tile|rank/.test(w)) return /pace|dunedin|aging|ageing/.test(w) || /^percentile$/.test(w) ? 'pacePercentile' : null;
  if (/telomere|dnamtl/.test(w)) return 'telomereLength';
  if (/dunedin ?pace|pace of (?:aging|ageing)|pace score|rate of (?:aging|ageing)|^pace$/.test(w)) return 'paceScore';
  if (/chronological|calendar age|age at (?:collection|sample|test)|^age$/.test(w)) return 'chronologicalAge';
  if (/organ|system|difference|delta|gap/.test(w)) return null;
  if (/biological age|epigenetic (?:\(biological\) )?age|bio age|dnam ?age|truage|omicm ?age|pheno ?age|grim ?age|horvath|hannum/.test(w)) return 'biologicalAge';
  return null;
}

const ORGANS: [OrganSystem, RegExp][] = [
  ['musculoskeletal', /musculo|skeletal|muscle/],
  ['inflammation', /inflamm/],
  ['intestine', /intestin|\bgut\b|digest|bowel/],
  ['metabolic', /metabol/],
  ['hormone', /hormon|endocrine/],
  ['immune', /immun/],
  ['brain', /brain|neuro|cognit/],
  ['heart', /heart|cardi/],
  ['lung', /lung|pulmon|respir/],
  ['liver', /liver|hepat/],
  ['kidney', /kidney|renal/],
  ['blood', /blood|hemat|haemat/],
];

export function organSystem(label: string): OrganSystem | null {
  const w = words(label);
  return ORGANS.find(([, pattern]) => pattern.test(w))?.[0] ?? null;
}

export type OrganColumn = 'biologicalAge' | 'chronologicalAge' | 'delta';

export function organColumn(heading: string): OrganColumn | 'label' | 'other' {
  const w = words(heading);
  if (/^(?:organ )?(?:system|organ|region)s?$/.test(w)) return 'label';
  if (/chrono|calendar|actual/.test(w)) return 'chronologicalAge';
  if (/diff|delta|gap|\+\/|vs/.test(w)) return 'delta';
  if (/bio|epigenetic|organ age|system age|^age$/.test(w)) return 'biologicalAge';
  return 'other';
}
