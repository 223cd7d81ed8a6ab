// The lab fixtures' pages: Labcorp (current and previous results, a table running over two pages
// with its headings repeated), Quest (In Range / Out Of Range columns, units inside the reference
// range), Epic MyChart (one card per result) and a hospital's plain table whose content stream is
// written column by column, so the order of the text in the file is not the order of the rows.
import type { Page, Run } from './dexaPdf';
import { GENERIC_SECTIONS, LABCORP_SECTIONS, MYCHART_ROWS, QUEST_SECTIONS, truthOf, type LabRow, type Section } from './labsPanels';
import type { ReportFixture } from './truth';

export interface LabLayout {
  name: string;
  family: string;
  pages: Page[];
  truth: ReportFixture['truth'];
}

const ROW = 14;
const SIZE = 9;
const PAGE_BOTTOM = 730;

const text = (t: string, x: number, y: number, size = SIZE, bold = false): Run => ({ text: t, x, y, size, bold });

/** Rows of a table flowing over pages: each page starts with its top (banner, headings) and ends with its footer. */
class Flow {
  readonly pages: Run[][] = [];
  private y = 0;
  constructor(
    private readonly top: (page: number) => { runs: Run[]; y: number },
    private readonly footer: (page: number) => Run[],
  ) {
    this.newPage();
  }
  private newPage() {
    if (this.pages.length > 0) this.pages[this.pages.length - 1]!.push(...this.footer(this.pages.length));
    const { runs, y } = this.top(this.pages.length + 1);
    this.pages.push([...runs]);
    this.y = y;
  }
  /** The y for a block of `rows` rows, starting a new page when it would not fit. */
  take(rows: number): number {
    if (this.y + rows * ROW > PAGE_BOTTOM) this.newPage();
    const y = this.y;
    this.y += rows * ROW;
    return y;
  }
  add(...runs: Run[]) {
    this.pages[this.pages.length - 1]!.push(...runs);
  }
  finish(): Page[] {
    this.pages[this.pages.length - 1]!.push(...this.footer(this.pages.length));
    return this.pages;
  }
}

const truthOfSections = (sections: Section[]) => sections.flatMap((s) => s.rows.map(truthOf));

// --- Labcorp -------------------------------------------------------------------------------------------

const LC = { name: 40, result: 190, flag: 222, previous: 310, prevFlag: 336, prevDate: 362, units: 428, range: 492 };

function labcorp(): LabLayout {
  const top = (page: number) => {
    const runs: Run[] = [text('labcorp', 40, 30, 18, true), text('Patient Report', 470, 36, 10, true)];
    if (page === 1) {
      runs.push(
        text('Patient: Sample, Jane Q', 40, 70), text('DOB: 03/14/1981', 250, 70), text('Specimen ID: 061-482-7730-0', 400, 70),
        text('Date Collected: 03/02/2026', 40, 84), text('Date Received: 03/02/2026', 250, 84), text('Date Reported: 03/04/2026', 400, 84),
        text('Ordering Physician: Dr. Alan Grant', 40, 98), text('Fasting: Yes', 250, 98),
      );
    } else {
      runs.push(text('Patient: Sample, Jane Q', 40, 70), text('DOB: 03/14/1981', 250, 70), text('Specimen ID: 061-482-7730-0', 400, 70));
    }
    const headY = page === 1 ? 124 : 96;
    runs.push(
      text('Test', LC.name, headY, 8, true), text('Current Result and Flag', LC.result, headY, 8, true),
      text('Previous Result and Date', LC.previous, headY, 8, true), text('Units', LC.units, headY, 8, true),
      text('Reference Interval', LC.range, headY, 8, true),
    );
    return { runs, y: headY + 20 };
  };
  const footer = (page: number) => [
    text('This document contains private and confidential health information protected by state and federal law.', 40, 752, 7),
    text(`Page ${page} of 2`, 500, 768, 8),
  ];
  const flow = new Flow(top, footer);
  const values = (row: LabRow, y: number): Run[] => {
    const runs = [text(row.result, LC.result, y)];
    if (row.flag) runs.push(text(row.flag, LC.flag, y));
    if (row.previous) {
      runs.push(text(row.previous.result, LC.previous, y), text(row.previous.date, LC.prevDate, y));
      if (row.previous.flag) runs.push(text(row.previous.flag, LC.prevFlag, y));
    }
    if (row.unit) runs.push(text(row.unit, LC.units, y));
    if (row.range) runs.push(text(row.range, LC.range, y));
    return runs;
  };
  for (const section of LABCORP_SECTIONS) {
    flow.add(text(section.heading, LC.name, flow.take(1.3), 10, true));
    for (const row of section.rows) {
      if (row.wrap) {
        const y = flow.take(2);
        flow.add(text(row.name, LC.name, y), ...values(row, y + ROW));
      } else {
        const y = flow.take(1);
        flow.add(text(row.name, LC.name, y), ...values(row, y));
      }
    }
    for (const comment of section.comments ?? []) flow.add(text(comment, LC.name + 10, flow.take(1), 8));
  }
  return { name: 'lab-labcorp', family: 'labcorp', pages: flow.finish(), truth: { header: { provider: 'Labcorp', collectedAt: '2026-03-02', reportedAt: '2026-03-04', orderingProvider: 'Dr. Alan Grant', specimenId: '061-482-7730-0', fasting: true }, items: truthOfSections(LABCORP_SECTIONS) } };
}

// --- Quest ---------------------------------------------------------------------------------------------

const Q = { name: 40, inRange: 235, outOfRange: 305, range: 390, lab: 545 };

function quest(): LabLayout {
  const top = (page: number) => {
    const runs: Run[] = [text('Quest Diagnostics', 40, 30, 16, true)];
    if (page === 1) {
      runs.push(
        text('Patient: SAMPLE, JANE', 40, 64), text('Specimen: KB482113Q', 300, 64),
        text('Collected: 03/02/2026 08:14 ET', 40, 78), text('Reported: 03/03/2026 16:40 ET', 300, 78),
        text('Ordering Physician: MORGAN, ELLEN', 40, 92), text('Fasting: YES', 300, 92),
      );
    }
    const headY = page === 1 ? 118 : 64;
    runs.push(
      text('Test Name', Q.name, headY, SIZE, true), text('In Range', Q.inRange, headY, SIZE, true), text('Out Of Range', Q.outOfRange, headY, SIZE, true),
      text('Reference Range', Q.range, headY, SIZE, true), text('Lab', Q.lab, headY, SIZE, true),
    );
    return { runs, y: headY + 20 };
  };
  const flow = new Flow(top, (page) => [text(`Page ${page} of 2`, 500, 768, 8)]);
  for (const section of QUEST_SECTIONS) {
    flow.add(text(section.heading, Q.name, flow.take(1.3), 9, true));
    for (const row of section.rows) {
      const y = flow.take(1);
      const out = Boolean(row.flag);
      flow.add(
        text(row.name, Q.name, y),
        text(out ? `${row.result} ${row.flag}` : row.result, out ? Q.outOfRange : Q.inRange, y),
        text([row.range, row.unit].filter(Boolean).join(' '), Q.range, y),
        text('EN', Q.lab, y),
      );
    }
    for (const comment of section.comments ?? []) flow.add(text(comment, Q.name + 10, flow.take(1), 8));
  }
  return { name: 'lab-quest', family: 'quest', pages: flow.finish(), truth: { header: { provider: 'Quest Diagnostics', collectedAt: '2026-03-02', reportedAt: '2026-03-03', orderingProvider: 'MORGAN, ELLEN', specimenId: 'KB482113Q', fasting: true }, items: truthOfSections(QUEST_SECTIONS) } };
}

// --- Epic MyChart ----------------------------------------------------------------------------------------

function mychart(): LabLayout {
  const pages: Page[] = [];
  const header = (): Run[] => [
    text('MyChart', 50, 28, 16, true), text('licensed from Epic Systems Corporation', 130, 34, 7),
    text('Comprehensive Metabolic Panel', 50, 60, 13, true),
    text('Collected on Mar 02, 2026 8:05 AM', 50, 80), text('Resulted on Mar 03, 2026 11:20 AM', 300, 80),
    text('Authorizing provider: Dr. Laura Chen', 50, 94), text('Result status: Final', 300, 94),
    text('Resulting lab: Lakeside Regional Laboratory', 50, 108),
  ];
  const CARD = 62;
  let page: Run[] = header();
  let y = 136;
  for (const row of MYCHART_ROWS) {
    if (y + CARD > 740) {
      pages.push(page);
      page = [text('MyChart', 50, 28, 16, true), text('licensed from Epic Systems Corporation', 130, 34, 7)];
      y = 64;
    }
    page.push(text(row.name, 50, y, 11, true), text(`Normal range: ${row.range} ${row.unit}`, 50, y + 15, 8));
    const bounds = /^([\d.]+) - ([\d.]+)$/.exec(row.range);
    if (bounds) page.push(text(bounds[1]!, 50, y + 28, 8), text(bounds[2]!, 290, y + 28, 8));
    else page.push(text('Value', 50, y + 28, 8));
    page.push(text(row.result, 50, y + 40, 12, true));
    if (row.flag) page.push(text(row.flag, 100, y + 41, 9, true));
    y += CARD;
  }
  pages.push(page);
  return { name: 'lab-mychart', family: 'epic_mychart', pages, truth: { header: { provider: 'Lakeside Regional Laboratory', collectedAt: '2026-03-02', reportedAt: '2026-03-03', orderingProvider: 'Dr. Laura Chen' }, items: MYCHART_ROWS.map(truthOf) } };
}

// --- a hospital's plain table, drawn column by column ------------------------------------------------------

const G = { name: 40, result: 220, flag: 290, units: 340, range: 430 };

function generic(): LabLayout {
  const head: Run[] = [
    text('Riverside Community Hospital', 40, 30, 14, true), text('Laboratory Services', 40, 48, 10),
    text('Patient: Jane Sample', 40, 72), text('Accession #: RCH-2026-0042', 300, 72),
    text('Collected: 03/03/2026 07:40', 40, 86), text('Reported: 03/03/2026 15:02', 300, 86),
    text('Ordering Provider: Dr. Priya Natarajan', 40, 100),
  ];
  const headY = 126;
  const headings: Run[] = [
    text('Test', G.name, headY, SIZE, true), text('Result', G.result, headY, SIZE, true), text('Flag', G.flag, headY, SIZE, true),
    text('Units', G.units, headY, SIZE, true), text('Reference Range', G.range, headY, SIZE, true),
  ];
  // One list per column, filled row by row, then written out one column after another.
  const columns: Record<'name' | 'result' | 'flag' | 'units' | 'range', Run[]> = { name: [], result: [], flag: [], units: [], range: [] };
  let y = headY + 20;
  for (const section of GENERIC_SECTIONS) {
    columns.name.push(text(section.heading, G.name, y, 10, true));
    y += ROW * 1.3;
    for (const row of section.rows) {
      columns.name.push(text(row.name, G.name, y));
      columns.result.push(text(row.result, G.result, y));
      if (row.flag) columns.flag.push(text(row.flag, G.flag, y));
      if (row.unit) columns.units.push(text(row.unit, G.units, y));
      columns.range.push(text(row.range, G.range, y));
      y += ROW;
    }
    for (const comment of section.comments ?? []) {
      columns.name.push(text(comment, G.name + 10, y, 8));
      y += ROW;
    }
  }
  const page = [...head, ...headings, ...columns.range, ...columns.units, ...columns.flag, ...columns.result, ...columns.name];
  return { name: 'lab-generic-columns', family: 'generic', pages: [page], truth: { header: { collectedAt: '2026-03-03', reportedAt: '2026-03-03', orderingProvider: 'Dr. Priya Natarajan', specimenId: 'RCH-2026-0042' }, items: truthOfSections(GENERIC_SECTIONS) } };
}

export function labLayouts(): LabLayout[] {
  return [labcorp(), quest(), mychart(), generic()];
}
