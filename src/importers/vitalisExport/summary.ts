// The import's summary for a person: one line per table with what was read and what became of
// every row, then the stored files.
import type { VitalisImportSummary } from './index';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLines(summary: VitalisImportSummary): string[] {
  const lines = [
    `  archive: export ${summary.exportId} of ${summary.from.email}, ${summary.exportedAt}, schema ${summary.schemaVersion}, ${summary.dataFormat}`,
  ];
  const width = Math.max(...summary.tables.map((t) => t.table.length), 5);
  const empty = summary.tables.filter((t) => t.read === 0).length;
  for (const t of summary.tables.filter((x) => x.read > 0)) {
    const done = [t.inserted && `${t.inserted} inserted`, t.updated && `${t.updated} updated`].filter(Boolean).join(', ');
    const skipped = Object.entries(t.skipped).map(([reason, n]) => `${n} skipped (${reason})`);
    const notes = Object.entries(t.notes).map(([note, n]) => `${n} x ${note}`);
    lines.push(`  ${t.table.padEnd(width)}  read ${String(t.read).padStart(7)}: ${[done, ...skipped].filter(Boolean).join('; ') || 'nothing'}${notes.length ? ` [${notes.join('; ')}]` : ''}`);
  }
  if (empty) lines.push(`  ${plural(empty, 'other table')} of the archive ${empty === 1 ? 'is' : 'are'} empty`);
  const o = summary.objects;
  lines.push(`  files: ${plural(o.uploaded, 'file')} stored (${o.bytes} bytes) of ${o.read}${o.notReferenced ? `; ${o.notReferenced} not restored (no restored row refers to them)` : ''}`);
  return lines;
}
