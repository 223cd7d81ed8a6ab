// Renders the charts of a result file to SVG with vega-lite and vega (ESM-only, with a top-level
// await in vega-canvas, so loaded by dynamic import from this CommonJS project). No canvas is
// installed: vega estimates text widths, which keeps the SVG the same for the same result.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chartsFor, classifyResult } from './charts';
import type { ChartSpec } from './common';

export async function renderSvg(spec: ChartSpec): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

/** Writes <outDir>/<chart>.svg for every chart the result file has; returns the files written. */
export async function writeCharts(resultFile: string, outDir: string): Promise<string[]> {
  const file = classifyResult(JSON.parse(await readFile(resultFile, 'utf8')), resultFile);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const chart of chartsFor(file)) {
    const target = path.join(outDir, `${chart.name}.svg`);
    await writeFile(target, await renderSvg(chart.spec));
    written.push(target);
  }
  return written;
}
