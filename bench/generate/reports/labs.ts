// Lab report fixtures: Labcorp, Quest, Epic MyChart and a plain hospital table drawn as PDFs with
// a text layer and, with scans: true, their image-only twins (the OCR path), each with the truth a
// correct parse must reproduce.
import { layoutFixtures } from './dexa';
import { labLayouts } from './labsLayouts';
import type { ReportFixture } from './truth';

export function labFixtures(options: { scans?: boolean } = {}): Promise<ReportFixture[]> {
  return layoutFixtures(labLayouts(), 'lab', options);
}
