// Dates as report headers print them: 2026-03-14, 03/14/2026, 3/14/26, March 14, 2026, 14 Mar 2026.
// US order (month first) for slashed dates: the providers read here are American.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | null {
  const y = year < 100 ? 2000 + year : year;
  const date = new Date(Date.UTC(y, month - 1, day));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** The first date in the text as 'YYYY-MM-DD', or null. */
export function findDate(text: string): string | null {
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/.exec(text);
  if (m) return iso(+m[3]!, +m[1]!, +m[2]!);
  m = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s*(\d{4})\b/.exec(text);
  if (m && monthOf(m[1]!) > 0) return iso(+m[3]!, monthOf(m[1]!), +m[2]!);
  m = /\b(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{4})\b/.exec(text);
  if (m && monthOf(m[2]!) > 0) return iso(+m[3]!, monthOf(m[2]!), +m[1]!);
  return null;
}

const DATE = String.raw`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s*\d{4}|\d{1,2}[\s-][A-Za-z]{3,9}\.?[\s-]\d{4}`;

/** Every "Label: date" on a line, with the words that name it: "Scan Date: 03/14/2026" → scan date. */
export function labelledDates(text: string): { label: string; date: string }[] {
  const out: { label: string; date: string }[] = [];
  const pattern = new RegExp(String.raw`([A-Za-z][A-Za-z .#/]*?)\s*:?\s*(${DATE})`, 'g');
  for (const m of text.matchAll(pattern)) {
    const date = findDate(m[2]!);
    if (date) out.push({ label: m[1]!.trim().toLowerCase(), date });
  }
  return out;
}
