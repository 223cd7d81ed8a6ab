import { detach } from './strings';

// Where every element of export.xml went. Each top-level element (Record, Workout, Correlation,
// ActivitySummary, ClinicalRecord, Audiogram, ...) is read once and ends up either used (its value
// is in a column of a written row) or skipped with one reason, so read = used + skipped holds per
// element kind and type. Records folded into days or nights are settled only at the end of the
// file, when the per-date choices (which device, which night) are made. Memory grows with the
// number of distinct types and reasons, never with records.

export type Table = 'wearable_daily' | 'wearable_sleep' | 'wearable_activities' | 'measurements';

export interface ElementAccount {
  /** The XML element: Record, Workout, Correlation, ActivitySummary, ClinicalRecord, ... */
  element: string;
  /** A Record's or Correlation's type attribute; absent for the other elements. */
  type?: string;
  read: number;
  /** Elements whose value is in a written row. */
  used: number;
  /** Per table: daily/sleep rows these elements were merged into, or measurement/workout rows written from them. */
  rows: Partial<Record<Table, number>>;
  skipped: Array<{ reason: string; count: number }>;
}

interface Account {
  element: string;
  type?: string;
  read: number;
  used: number;
  rows: Partial<Record<Table, number>>;
  skipped: Map<string, number>;
}

export class Ledger {
  /** Per element, per type ('' for none): looked up once per record, so without building a key string. */
  private readonly accounts = new Map<string, Map<string, Account>>();
  // The last account asked for: a run of records of one type asks for the same one each time.
  private lastElement = '';
  private lastType: string | undefined;
  private last: Account | undefined;

  private account(element: string, type: string | undefined): Account {
    if (this.last !== undefined && element === this.lastElement && type === this.lastType) return this.last;
    const a = this.lookup(element, type);
    this.last = a;
    this.lastElement = a.element;
    this.lastType = a.type;
    return a;
  }

  private lookup(element: string, type: string | undefined): Account {
    let byType = this.accounts.get(element);
    if (!byType) this.accounts.set(detach(element), (byType = new Map()));
    let a = byType.get(type ?? '');
    if (!a) {
      a = { element: detach(element), ...(type === undefined ? {} : { type: detach(type) }), read: 0, used: 0, rows: {}, skipped: new Map() };
      byType.set(a.type ?? '', a);
    }
    return a;
  }

  read(element: string, type?: string): void {
    this.account(element, type).read++;
  }

  used(element: string, type: string | undefined, n = 1): void {
    if (n > 0) this.account(element, type).used += n;
  }

  skip(element: string, type: string | undefined, reason: string, n = 1): void {
    if (n <= 0) return;
    const s = this.account(element, type).skipped;
    const count = s.get(reason);
    s.set(count === undefined ? detach(reason) : reason, (count ?? 0) + n);
  }

  /** n more rows of the table were written from (or merged from) these elements. */
  rows(element: string, type: string | undefined, table: Table, n = 1): void {
    const r = this.account(element, type).rows;
    r[table] = (r[table] ?? 0) + n;
  }

  list(): ElementAccount[] {
    return [...this.accounts.values()]
      .flatMap((byType) => [...byType.values()])
      .map(({ skipped, ...a }) => ({ ...a, skipped: [...skipped].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason)) }))
      .sort((a, b) => a.element.localeCompare(b.element) || (a.type ?? '').localeCompare(b.type ?? ''));
  }
}

/** Accounts where read differs from used + skipped: empty once the import has settled every element. */
export function unbalanced(accounts: ElementAccount[]): ElementAccount[] {
  return accounts.filter((a) => a.read !== a.used + a.skipped.reduce((n, s) => n + s.count, 0));
}

const MERGED: Partial<Record<Table, true>> = { wearable_daily: true, wearable_sleep: true };

/**
 * One line per account for people, e.g. "Record HKQuantityTypeIdentifierStepCount: read 9 = used 6
 * (merged into 3 wearable_daily rows) + skipped 3 (2 overlap: ...; 1 wearable_daily.steps outside 0..100000)".
 */
export function describeAccounts(accounts: ElementAccount[]): string[] {
  return accounts.map((a) => {
    const skipped = a.skipped.reduce((n, s) => n + s.count, 0);
    const rows = (Object.entries(a.rows) as [Table, number][]).map(([table, n]) => `${MERGED[table] ? 'merged into' : 'written as'} ${n} ${table} row${n === 1 ? '' : 's'}`);
    const used = `used ${a.used}${rows.length ? ` (${rows.join(', ')})` : ''}`;
    const why = a.skipped.map((s) => `${s.count} ${s.reason}`).join('; ');
    return `${a.type === undefined ? a.element : `${a.element} ${a.type}`}: read ${a.read} = ${used} + skipped ${skipped}${why ? ` (${why})` : ''}`;
  });
}
