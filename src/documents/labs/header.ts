// The report's header: who ran the tests, who ordered them, when the specimen was taken and
// reported, the specimen id and fasting. Labels are read wherever they appear ("Date Collected:",
// "Collection Date:", "Collected on Apr 10, 2025"), several to a row when the PDF lays them out so.
import type { DraftHeader } from '../draft';
import type { TextLine } from '../types';
import { findDate } from './values';

type Field = 'collectedAt' | 'reportedAt' | 'orderingProvider' | 'specimenId' | 'fasting' | 'provider' | 'panelName';

/** Labels by the field they fill; null = a label known to be header furniture (patient, DOB…). */
const LABELS: [string[], Field | null][] = [
  [['date collected', 'collection date', 'collected', 'date/time collected', 'specimen collected', 'collected on',
    // German reports.
    'probenentnahme', 'probennahme', 'entnahme', 'entnahmedatum', 'abnahme', 'abnahmedatum', 'abnahmezeit', 'entnahmezeit'], 'collectedAt'],
  [['date reported', 'report date', 'reported', 'date issued', 'resulted on', 'result date', 'resulted', 'report dated',
    'befunddatum', 'befund vom', 'berichtsdatum', 'befundausgang', 'ausgang'], 'reportedAt'],
  [['ordering physician', 'ordering provider', 'physician', 'authorizing provider', 'ordered by', 'ordering doctor',
    'einsender', 'auftraggeber', 'anforderer', 'anfordernder arzt'], 'orderingProvider'],
  [['specimen id', 'specimen number', 'specimen #', 'specimen no.', 'accession number', 'accession #', 'accession no.', 'accession', 'specimen',
    'auftragsnummer', 'auftrags-nr.', 'auftragsnr.', 'probennummer', 'proben-nr.', 'labornummer'], 'specimenId'],
  [['fasting status', 'fasting', 'nüchtern'], 'fasting'],
  [['resulting lab', 'performing lab', 'performing laboratory', 'laboratory', 'labor'], 'provider'],
  [['tests ordered', 'test ordered', 'order name', 'panel'], 'panelName'],
  [
    ['patient name', 'patient id', 'patient', 'dob', 'date of birth', 'age', 'sex', 'gender', 'account number', 'account', 'phone', 'address',
      'result status', 'status', 'mrn', 'control number', 'client #', 'client', 'requisition', 'date received', 'date entered',
      'date of service', 'lab ref', 'specimen type', 'page',
      'geb.-datum', 'geburtsdatum', 'geb. am', 'geb.', 'geschlecht', 'eingang', 'eingangsdatum', 'material', 'kostenträger', 'befundstatus', 'seite'],
    null,
  ],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/#]/g, (c) => `\\${c}`);
const ALL = LABELS.flatMap(([names, field]) => names.map((name) => ({ name, field }))).sort((a, b) => b.name.length - a.name.length);
const LABEL_AT = new RegExp(`(?:^|(?<=[\\s,;|]))(${ALL.map((l) => escape(l.name)).join('|')})\\s*:`, 'gi');
const fieldOf = (label: string) => ALL.find((l) => l.name === label.toLowerCase())?.field ?? null;

/** The labelled pieces of a row ("Key: value"), several to a row, and "Collected on <date>". */
function labelled(text: string): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  // MyChart writes "Collected on Apr 10, 2025" without a colon.
  const withColons = text.replace(/\b(collected|resulted) on\b(?!\s*:)/gi, '$1 on:');
  const hits = [...withColons.matchAll(LABEL_AT)];
  hits.forEach((hit, k) => {
    const from = hit.index + hit[0].length;
    const to = hits[k + 1]?.index ?? withColons.length;
    out.push({ label: hit[1]!, value: withColons.slice(from, to).split(/\s{2,}/)[0]!.trim() });
  });
  return out;
}

export interface HeaderRow {
  /** The row is header furniture (labels only), not a result. */
  isHeader: boolean;
  fields: Partial<DraftHeader>;
}

export function readHeaderRow(line: TextLine): HeaderRow {
  const fields: Partial<DraftHeader> = {};
  let known = 0;
  for (const { label, value } of labelled(line.text)) {
    known++;
    const field = fieldOf(label);
    if (field === null || value === '') continue;
    if (field === 'collectedAt' || field === 'reportedAt') {
      const date = findDate(value);
      if (date) fields[field] = date;
    } else if (field === 'fasting') {
      if (/^(y|yes|true|fasting|ja)\b/i.test(value)) fields.fasting = true;
      else if (/^(n|no|false|non-?fasting|nein)\b/i.test(value)) fields.fasting = false;
    } else {
      fields[field] = value;
    }
  }
  return { isHeader: known > 0, fields };
}

/** Fills what is still empty: the first value printed for a field wins. */
export function mergeHeader(into: Partial<DraftHeader>, fields: Partial<DraftHeader>): void {
  for (const [key, value] of Object.entries(fields) as [keyof DraftHeader, never][]) {
    if (into[key] === undefined || into[key] === null) into[key] = value;
  }
}
