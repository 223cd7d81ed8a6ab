// Lines a row's numbers up with its table's columns: in order when every column has a number,
// by position when some are missing. A row that fits neither way is not guessed at.
import type { Column, ColumnKind } from './columns';
import type { ValueCell } from './cells';

/** A column as placement needs it: what it holds ('label' and 'other' hold nothing read) and where. */
export interface PlacedColumn<K extends string> {
  kind: K | 'label' | 'other';
  x: number;
  width: number;
}

export type CellsOf<K extends string, C extends PlacedColumn<K> = PlacedColumn<K>> = Partial<Record<K, ValueCell & { column: C }>>;
export type Cells = CellsOf<Exclude<ColumnKind, 'label' | 'other'>, Column>;

const centre = (c: { x: number; width: number }) => c.x + c.width / 2;

function overlap(a: { x: number; width: number }, b: { x: number; width: number }): number {
  return Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
}

/** The row's values by column kind, or the reason they could not be placed. */
export function placeValues<K extends string, C extends PlacedColumn<K>>(columns: C[], values: ValueCell[]): { cells: CellsOf<K, C> } | { reason: string } {
  const valueColumns = columns.filter((c) => c.kind !== 'label');
  // Unreadable cells keep their column (the item shows the gap); a row of nothing readable is not an item.
  if (values.every((v) => !v.readable)) return { reason: `${values.map((v) => `"${v.text}"`).join(', ')}: not numbers` };
  if (values.length > valueColumns.length) return { reason: `${values.length} values for ${valueColumns.length} columns` };
  const cells: CellsOf<K, C> = {};
  const put = (column: C, value: ValueCell) => {
    if (column.kind !== 'other' && column.kind !== 'label') cells[column.kind as K] ??= { ...value, column };
  };
  if (values.length === valueColumns.length) {
    values.forEach((v, i) => put(valueColumns[i]!, v));
    return { cells };
  }
  // Fewer values than columns: each goes to the column it sits under, and no two share one.
  const taken = new Set<C>();
  for (const value of values) {
    const ranked = valueColumns
      .filter((c) => !taken.has(c))
      .map((c) => ({ c, score: overlap(c, value) > 0 ? -overlap(c, value) : Math.abs(centre(c) - centre(value)) }))
      .sort((a, b) => a.score - b.score);
    const best = ranked[0];
    if (!best || (best.score > 0 && best.score > Math.max(40, best.c.width))) return { reason: `"${value.text}" sits under no column` };
    taken.add(best.c);
    put(best.c, value);
  }
  return { cells };
}
