// DEXA report fixtures: the four layouts drawn as PDFs with a text layer and, with scans: true,
// their image-only twins (the OCR path), each with the truth a correct parse must reproduce.
import { dexaLayouts, type DexaLayout } from './dexaLayouts';
import { renderPdf } from './dexaPdf';
import { rasterisePdf } from './scan';
import type { ReportFixture } from './truth';

export async function layoutFixtures(layouts: { name: string; family: string; pages: DexaLayout['pages']; truth: ReportFixture['truth'] }[], kind: ReportFixture['kind'], options: { scans?: boolean } = {}): Promise<ReportFixture[]> {
  const fixtures: ReportFixture[] = [];
  for (const [index, layout] of layouts.entries()) {
    const bytes = await renderPdf(layout.pages, layout.name);
    const base = { kind, family: layout.family, mimeType: 'application/pdf' as const, pages: layout.pages.length, truth: layout.truth };
    fixtures.push({ ...base, name: layout.name, layer: 'text', bytes });
    if (options.scans) {
      const scan = await rasterisePdf(bytes, { seed: index + 1 });
      fixtures.push({ ...base, name: `${layout.name}-scan`, layer: 'scan', bytes: scan.pdf });
    }
  }
  return fixtures;
}

export function dexaFixtures(options: { scans?: boolean } = {}): Promise<ReportFixture[]> {
  return layoutFixtures(dexaLayouts(), 'dexa', options);
}
