// The import CLI's summary, one line per table: inserted, updated, unchanged, then every skip
// reason and warning, so nothing an import leaves out goes unmentioned.
import { describeAccounts, type ElementAccount } from '../importers/appleHealth';

type Counts = { inserted?: number; updated?: number; skipped?: number; unchanged?: number; deleted?: number };
type Summary = Record<string, unknown>;

const upsertLine = (name: string, c: Counts | undefined) => `  ${name}: ${c?.inserted ?? 0} inserted, ${c?.updated ?? 0} updated, ${c?.skipped ?? c?.unchanged ?? 0} unchanged`;

/** "line 9" or "lines 9, 11, 54 and 125 more". */
const lines = (count: number, rows: number[]) => `${rows.length === 1 ? 'line' : 'lines'} ${rows.join(', ')}${count > rows.length ? ` and ${count - rows.length} more` : ''}`;

export function printImportSummary(type: string, summary: Summary, print: (line: string) => void): void {
  if (type === 'strong' || type === 'hevy') {
    const sets = summary.sets as Counts;
    const rows = summary.rows as { read: number; sets: number; skipped: number };
    print(`  rows read: ${rows.read} (${rows.sets} sets, ${rows.skipped} skipped)`);
    print(upsertLine('sessions', summary.sessions as Counts));
    print(`  sets: ${sets.inserted ?? 0} inserted, ${sets.deleted ?? 0} replaced`);
    print(`  personal records among the sets written: ${(summary.personalRecords as number | undefined) ?? 0}`);
    for (const u of summary.unmatchedExercises as Array<{ name: string; sets: number }>) print(`  unmatched exercise (kept, no dictionary link): "${u.name}" (${u.sets} sets)`);
    for (const g of summary.skipped as Array<{ reason: string; count: number; rows: number[] }>) print(`  skipped ${g.count}: ${g.reason} (${lines(g.count, g.rows)})`);
    for (const w of summary.warnings as string[]) print(`  warning: ${w}`);
    return;
  }
  if (type === 'apple-health') {
    print(`  records read: ${summary.recordsRead as number}`);
    for (const table of ['daily', 'sleep', 'activities'] as const) print(upsertLine(table, summary[table] as Counts));
    // Every element of the export, by kind and type: read = used + skipped (with reasons).
    for (const line of describeAccounts((summary.elements as ElementAccount[] | undefined) ?? [])) print(`  ${line}`);
  } else {
    print(upsertLine('activities', summary.activities as Counts));
  }
  const m = summary.measurements as Counts;
  print(`  measurements: ${m.inserted ?? 0} inserted, ${m.updated ?? 0} updated, ${m.skipped ?? 0} unchanged`);
  for (const s of (summary.skipped as Array<{ reason: string; count: number }> | undefined) ?? []) print(`  skipped ${s.count}: ${s.reason}`);
  for (const u of (summary.unmappedTypes as Array<{ type: string; count: number }> | undefined) ?? []) print(`  not imported (no column for it): ${u.type} (${u.count})`);
  for (const w of (summary.warnings as string[] | undefined) ?? []) print(`  warning: ${w}`);
}
