// Epigenetic report fixtures: TruAge-style and generic layouts as PDFs with a text layer and,
// with scans: true, their image-only twins, each with the truth a correct parse reproduces.
import { layoutFixtures } from './dexa';
import { epigeneticLayouts } from './epigeneticLayouts';
import type { ReportFixture } from './truth';

export function epigeneticFixtures(options: { scans?: boolean } = {}): Promise<ReportFixture[]> {
  return layoutFixtures(epigeneticLayouts(), 'epigenetic', options);
}
